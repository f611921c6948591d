/**
 * Derives what every Airflow container shares from the resolved props: the owned settings, the
 * rendered `airflow.cfg`, and env that carries secrets as references.
 */
import { k8s } from 'cdk8s-plus-27';
import { shortHash } from '../hash';
import { InstanceLabels } from '../labels';
import { AirflowSettings } from '../model/config';
import { RemoteLogs } from '../model/logs';
import { DB_PASSWORD_ENV, DEFAULT_TASK_POD_TEMPLATE, InstanceNames, apiServerUrl, embeddedBrokerUrl, embeddedConnectionTemplate, pgbouncerConnectionTemplate, podTemplatePath } from '../resolve/addresses';
import { mergeSettings, settingEnvName, statsdSettings } from '../resolve/config';
import { dagsFolder } from '../resolve/dags';
import { WiringInput, secretsOf } from '../resolve/instance-wiring';
import { connectionEnvName, logSettings } from '../resolve/logs';
import { renderAirflowCfg } from './airflow-cfg';
import { AirflowContext, envFromSecret } from './context';
import { dagDelivery } from './dags/dag-delivery';
import { databaseUrlEnv } from './database-url';

/** Builds the shared context of one instance. */
export function buildContext(input: WiringInput): AirflowContext {
  const base = {
    instance: input.instance,
    namespace: input.namespace,
    version: input.version,
    capabilities: input.version.capabilities,
    image: input.image,
    imagePullSecrets: input.imagePullSecrets,
    labels: new InstanceLabels(input.instance, input.version.version),
    executor: input.executors[0],
    executors: input.executors,
    configMapName: `${input.instance}-config`,
  };
  const settings = mergeSettings(
    ownedSettings(base, input),
    input.auth.settings,
    logSettings(input.logs),
    input.statsd ? statsdSettings(base) : {},
    input.userSettings,
  );
  const airflowCfg = renderAirflowCfg(settings);
  const secrets = secretsOf(input);
  return {
    ...base,
    airflowCfg,
    configHash: shortHash(airflowCfg),
    airflowEnv: secretEnv(base, input, true),
    migrationEnv: secretEnv(base, input, false),
    // Airflow 3 tasks talk to the execution API with the token their workload carries: they read
    // no database, and connections and variables arrive decrypted. (The Task SDK uses the fernet
    // key only for DeltaLake/Iceberg objects in XCom; README "Task pod templates" says how.)
    taskEnv: input.version.capabilities.hasExecutionApi ? logConnectionEnv(input) : secretEnv(base, input, true),
    brokerEnv: brokerEnv(base, input),
    secrets,
    dags: input.dags,
    dagDelivery: dagDelivery(input.dags, input.instance),
    logs: input.logs,
    localLogs: input.localLogs,
    trustedProxies: input.trustedProxies,
  };
}

/** Settings derived from the wiring; users cannot override them (see `config.ts`). */
function ownedSettings(ctx: InstanceNames, input: WiringInput): AirflowSettings {
  const caps = input.version.capabilities;
  const core: Record<string, string | number | boolean> = {
    executor: input.executorSetting,
    dags_folder: dagsFolder(input.dags),
    load_examples: false,
    // Pods of a Deployment have no DNS name: the api-server fetches logs from workers and the
    // triggerer by pod IP. The Task SDK of 3.3 (1.3.x, `airflow.sdk.api.client.get_hostname`)
    // reads this setting from airflow.cfg when it reports where a task runs; on 3.2.0 it was
    // reported not to (apache/airflow#65445), one reason 3.2 is not offered.
    hostname_callable: 'airflow.utils.net.get_host_ip_address',
  };
  if (caps.hasExecutionApi) {
    core.execution_api_server_url = `${apiServerUrl(ctx)}/execution/`;
  }
  const settings: Record<string, Record<string, string | number | boolean>> = { core, ...caps.standaloneDagProcessorSettings };
  if (input.baseUrl) {
    const [section, key] = caps.baseUrlSetting;
    settings[section] = { ...settings[section], [key]: input.baseUrl };
  }
  if (input.trustedProxies) {
    for (const [section, values] of Object.entries(caps.proxyHeaders.settings ?? {})) settings[section] = { ...settings[section], ...values };
  }
  // Each executor's section, in `[core] executor` order.
  for (const executor of input.executors) {
    if (executor.kind === 'KubernetesExecutor') {
      settings.kubernetes_executor = {
        namespace: input.namespace,
        pod_template_file: podTemplatePath(DEFAULT_TASK_POD_TEMPLATE),
      };
    } else {
      settings.celery = { worker_concurrency: input.celeryConcurrency ?? 8 };
    }
  }
  return settings;
}

/**
 * Env every Airflow container gets. A database URL composed from a password is printed by a
 * command that percent-encodes it (`database-url.ts`), so any password works.
 *
 * @param viaPooler whether the database is reached through PgBouncer when there is one (the
 *   migration Job always connects directly)
 */
function secretEnv(ctx: InstanceNames, input: WiringInput, viaPooler: boolean): k8s.EnvVar[] {
  const caps = input.version.capabilities;
  const { secrets } = input;
  const env: k8s.EnvVar[] = [
    envFromSecret(settingEnvName('core', 'fernet_key'), secrets.fernetKey),
    envFromSecret(settingEnvName(...caps.secretKeySetting), secrets.apiSecretKey),
  ];
  if (caps.jwtSecretSetting && secrets.jwtSecret) {
    env.push(envFromSecret(settingEnvName(...caps.jwtSecretSetting), secrets.jwtSecret));
  }
  const connEnv = settingEnvName('database', 'sql_alchemy_conn');
  if (viaPooler && input.pooler) {
    env.push(envFromSecret(DB_PASSWORD_ENV, input.pooler.password));
    env.push(databaseUrlEnv(pgbouncerConnectionTemplate(ctx, input.pooler.user, input.pooler.database), DB_PASSWORD_ENV));
  } else if (secrets.database.kind === 'embedded-password') {
    env.push(envFromSecret(DB_PASSWORD_ENV, secrets.database.secret));
    env.push(databaseUrlEnv(embeddedConnectionTemplate(ctx), DB_PASSWORD_ENV));
  } else {
    env.push(envFromSecret(connEnv, secrets.database.secret));
  }
  env.push(...logConnectionEnv(input));
  return env;
}

/** `AIRFLOW_CONN_<ID>` of the remote log store, for every pod that writes or reads logs. */
function logConnectionEnv(input: WiringInput): k8s.EnvVar[] {
  if (!(input.logs instanceof RemoteLogs)) return [];
  const name = connectionEnvName(input.logs.props.connectionId);
  if (input.logConnection) return [envFromSecret(name, input.logConnection)];
  if (input.logConnectionUri) return [{ name, value: input.logConnectionUri }];
  return [];
}

/** Env of the components that talk to the Celery broker (none without CeleryExecutor). */
function brokerEnv(ctx: InstanceNames, input: WiringInput): k8s.EnvVar[] {
  const broker = input.secrets.broker;
  if (!broker) return [];
  const name = settingEnvName('celery', 'broker_url');
  if (broker.kind === 'url') return [envFromSecret(name, broker.secret)];
  return [envFromSecret('AIRFLOW_REDIS_PASSWORD', broker.secret), { name, value: embeddedBrokerUrl(ctx, 'AIRFLOW_REDIS_PASSWORD') }];
}
