/**
 * Airflow settings the library owns and the checks of the ones users add; the merged settings of
 * an instance. Secret settings never go into airflow.cfg: they reach containers as env.
 */
import { ValidationProblems, show } from '../errors';
import { AirflowSettingValue, AirflowSettings } from '../model/config';
import { AirflowCapabilities } from '../model/version';
import { STATSD_INGEST_PORT } from './addresses';
import { AUTH_SETTINGS } from './auth';
import { CONFIG_SOURCE, checkSettingValue } from './setting-values';

/** The env var name Airflow reads for a setting. */
export function settingEnvName(section: string, key: string): string {
  return `AIRFLOW__${section.toUpperCase()}__${key.toUpperCase()}`;
}

/** Merges setting maps; later maps win per key. */
export function mergeSettings(...maps: AirflowSettings[]): AirflowSettings {
  const merged: Record<string, Record<string, AirflowSettingValue>> = {};
  for (const map of maps) {
    for (const [section, entries] of Object.entries(map)) {
      merged[section] = { ...merged[section], ...entries };
    }
  }
  return merged;
}

/**
 * Settings this library derives from props (reserved: `config` may not set them, nor their `_cmd`
 * and `_secret` variants), with the prop to use instead.
 */
export const OWNED_SETTINGS: Readonly<Record<string, string>> = {
  'core.executor': 'choose the executor with the "executor" prop',
  'core.fernet_key': 'set "secrets.fernetKey" (generated in the cluster by default)',
  'core.execution_api_server_url': 'it always points at this instance\'s api-server Service',
  'core.dags_folder': 'it follows where DAGs are delivered',
  'database.sql_alchemy_conn': 'set the "database" prop',
  'celery.broker_url': 'set the Celery executor\'s "redis" prop',
  'celery.result_backend': 'it is the metadata database, set with the "database" prop',
  'celery.worker_concurrency': 'set the Celery executor\'s "workers.concurrency" prop',
  'api.secret_key': 'set "secrets.apiSecretKey" (generated in the cluster by default)',
  'webserver.secret_key': 'set "secrets.apiSecretKey" (generated in the cluster by default)',
  'api_auth.jwt_secret': 'set "secrets.jwtSecret" (generated in the cluster by default)',
  'kubernetes_executor.pod_template_file': 'it points at the executor\'s default task pod template',
  'kubernetes_executor.namespace': 'it is the namespace task pods run in',
  'scheduler.standalone_dag_processor': 'the DAG processor always runs as its own component',
  'logging.remote_logging': 'set the "logs" prop (TaskLogs.remote(...))',
  'logging.remote_base_log_folder': 'set the "logs" prop (TaskLogs.remote(...))',
  'logging.remote_log_conn_id': 'set the "logs" prop (TaskLogs.remote(...))',
  'logging.base_log_folder': 'logs are written to /opt/airflow/logs, which the "logs" prop backs',
  'metrics.statsd_on': 'set the "metrics" prop',
  'metrics.statsd_host': 'set the "metrics" prop',
  'metrics.statsd_port': 'set the "metrics" prop',
  'metrics.legacy_names_on': 'the StatsD exporter\'s mapping turns the legacy names into labels, so they stay on: set the "metrics" prop',
  'api.base_url': 'it follows the "ingress" prop',
  'webserver.base_url': 'it follows the "ingress" prop',
  'webserver.enable_proxy_fix': 'it follows the "ingress" prop (ingress.trustedProxies)',
  ...AUTH_SETTINGS,
};

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * What `config` may not set at `section.key`, with the prop to use instead: an owned setting, or
 * its `_cmd` / `_secret` variant. (The exact key is looked up first: `jwt_secret` is itself owned,
 * not the `_secret` variant of a `jwt` setting.)
 */
export function ownedSettingHint(section: string, key: string): string | undefined {
  return OWNED_SETTINGS[`${section}.${key}`] ?? OWNED_SETTINGS[`${section}.${key.replace(/_(cmd|secret)$/, '')}`];
}

/**
 * Checks user settings: section and key names must look like Airflow's, settings this library
 * owns (including their `_cmd` and `_secret` variants) are rejected with the prop to use instead,
 * and each value must be safe to write into airflow.cfg (see `setting-values.ts`).
 */
export function validateUserSettings(settings: AirflowSettings, prop: string, problems: ValidationProblems): void {
  if (!isPlainObject(settings)) {
    problems.add(prop, `must be an object of sections such as { core: { parallelism: 64 } }, got ${show(settings)}`);
    return;
  }
  for (const [section, entries] of Object.entries(settings)) {
    if (!NAME.test(section)) {
      problems.add(`${prop}.${section}`, 'is not an Airflow config section: use lower_snake_case names as in airflow.cfg');
      continue;
    }
    if (!isPlainObject(entries)) {
      problems.add(`${prop}.${section}`, `must be an object of settings such as { parallelism: 64 }, got ${show(entries)}`);
      continue;
    }
    for (const [key, value] of Object.entries(entries)) {
      const where = `${prop}.${section}.${key}`;
      if (!NAME.test(key)) {
        problems.add(where, 'is not an Airflow config key: use lower_snake_case names as in airflow.cfg');
        continue;
      }
      const owned = ownedSettingHint(section, key);
      if (owned !== undefined) {
        problems.add(where, `is set by cdk8s-airflow and cannot be overridden: ${owned}`);
        if (!['string', 'number', 'boolean'].includes(typeof value)) problems.add(where, `must be a string, number or boolean, got ${show(value)}`);
        continue;
      }
      checkSettingValue(problems, where, section, key, value, CONFIG_SOURCE);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * `[metrics]` settings pointing Airflow at the exporter. Where the legacy metric names are a
 * setting (3.2+), they are kept on: the exporter's mapping turns their DAG, task and pool parts
 * into labels.
 */
export function statsdSettings(ctx: { readonly instance: string; readonly namespace: string; readonly capabilities: AirflowCapabilities }): Record<string, Record<string, string | number | boolean>> {
  const settings: Record<string, Record<string, string | number | boolean>> = {
    metrics: {
      statsd_on: true,
      statsd_host: `${ctx.instance}-statsd.${ctx.namespace}`,
      statsd_port: STATSD_INGEST_PORT,
      statsd_prefix: 'airflow',
    },
  };
  const legacyNames = ctx.capabilities.legacyMetricNamesSetting;
  if (legacyNames) {
    const [section, key] = legacyNames;
    settings[section] = { ...settings[section], [key]: true };
  }
  return settings;
}
