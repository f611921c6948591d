/**
 * Names, ports and URLs of the objects of one instance: what components use to find each other.
 * Derived from the resolved instance, so resolvers and renderers agree on every address.
 */
import { ComponentName } from '../labels';
import { AirflowCapabilities } from '../model/version';

/** What names and addresses an instance's objects. */
export interface InstanceNames {
  readonly instance: string;
  readonly namespace: string;
  readonly capabilities: AirflowCapabilities;
}

/** `<instance>-<component>`: the name of a component's objects. */
export function componentName(ctx: InstanceNames, component: ComponentName | string): string {
  return `${ctx.instance}-${component}`;
}

/** The HTTP port of the api-server / webserver. */
export const API_SERVER_PORT = 8080;

/** In-cluster base URL of the api-server Service. */
export function apiServerUrl(ctx: InstanceNames): string {
  return `http://${componentName(ctx, ctx.capabilities.httpServerComponent)}.${ctx.namespace}:${API_SERVER_PORT}`;
}

/** Port the worker serves task logs on. */
export const WORKER_LOG_PORT = 8793;

/** Port the triggerer serves trigger logs on. */
export const TRIGGERER_LOG_PORT = 8794;

/** Env holding the database password in Airflow containers (and the KEDA trigger's password). */
export const DB_PASSWORD_ENV = 'AIRFLOW_DB_PASSWORD';

/** PostgreSQL's port. */
export const POSTGRES_PORT = 5432;

/** Database and user Airflow uses. */
export const POSTGRES_DATABASE = 'airflow';

/** Where the percent-encoded password goes in a connection URL template. */
export const PASSWORD_PLACEHOLDER = '{password}';

/** Host name of the embedded database's Service. */
export function embeddedDatabaseHost(ctx: InstanceNames): string {
  return `${componentName(ctx, 'postgresql')}.${ctx.namespace}`;
}

/**
 * The SQLAlchemy URL of the embedded database, with `{password}` where the percent-encoded
 * password goes (see `database-url.ts`).
 */
export function embeddedConnectionTemplate(ctx: InstanceNames): string {
  return `postgresql+psycopg2://${POSTGRES_DATABASE}:${PASSWORD_PLACEHOLDER}@${embeddedDatabaseHost(ctx)}:${POSTGRES_PORT}/${POSTGRES_DATABASE}`;
}

/** Redis's port. */
export const REDIS_PORT = 6379;

/** The Celery broker URL of the embedded Redis, with the password taken from `$(passwordEnv)`. */
export function embeddedBrokerUrl(ctx: InstanceNames, passwordEnv: string): string {
  return `redis://:$(${passwordEnv})@${componentName(ctx, 'redis')}.${ctx.namespace}:${REDIS_PORT}/0`;
}

/** PgBouncer's port. */
export const PGBOUNCER_PORT = 6432;

/** The SQLAlchemy URL of the database through PgBouncer, with `{password}` where the percent-encoded password goes. */
export function pgbouncerConnectionTemplate(ctx: InstanceNames, user: string, database: string): string {
  return `postgresql+psycopg2://${user}:${PASSWORD_PLACEHOLDER}@${componentName(ctx, 'pgbouncer')}.${ctx.namespace}:${PGBOUNCER_PORT}/${database}`;
}

/** Flower's port. */
export const FLOWER_PORT = 5555;

/** Port Airflow sends StatsD metrics to (UDP). */
export const STATSD_INGEST_PORT = 9125;

/** Port Prometheus scrapes. */
export const STATSD_METRICS_PORT = 9102;

/** Where task pod templates are mounted in every pod that launches pods. */
export const POD_TEMPLATES_DIR = '/opt/airflow/pod_templates';

/** Path of a template inside the pods that mount the templates. */
export function podTemplatePath(name: string): string {
  return `${POD_TEMPLATES_DIR}/${name}.yaml`;
}

/** Name of the KubernetesExecutor's default template. */
export const DEFAULT_TASK_POD_TEMPLATE = 'default';

/** Where the DAG folder is mounted in Airflow containers. */
export const DAGS_MOUNT = '/opt/airflow/dags';
