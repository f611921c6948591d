/**
 * Derives what every Airflow container shares from the resolved props: the owned settings, the
 * rendered `airflow.cfg`, and env that carries secrets as references.
 */
import { k8s } from 'cdk8s-plus-27';
import { ResolvedAuth } from './auth';
import { AirflowContext, InstanceNames, envFromSecret } from './context';
import { AirflowSettings, mergeSettings, renderAirflowCfg, settingEnvName } from './config';
import { DagSource, dagDelivery, dagsFolder } from './dags';
import { Executor } from './executor';
import { statsdSettings } from './extras/statsd';
import { RemoteLogs, TaskLogs, connectionEnvName, logSettings } from './logs';
import { shortHash } from './hash';
import { InstanceLabels } from './labels';
import { ResolvedSecret } from './secrets';
import { AirflowVersion } from './version';
import { apiServerUrl } from './components/api-server';
import { DB_PASSWORD_ENV, embeddedConnectionUri } from './components/postgresql';
import { pgbouncerConnectionUri } from './extras/pgbouncer';
import { embeddedBrokerUrl } from './components/redis';
import { podTemplatePath } from './pod-templates/task-pod-template';
import { DEFAULT_TASK_POD_TEMPLATE } from './pod-templates/task-pod-templates';

/** The secrets of one instance, resolved to Secret names and keys. */
export interface InstanceSecrets {
  readonly fernetKey: ResolvedSecret;
  readonly apiSecretKey: ResolvedSecret;
  readonly jwtSecret?: ResolvedSecret;
  /** Either the embedded database password or the external connection URI. */
  readonly database: { readonly kind: 'embedded-password' | 'connection'; readonly secret: ResolvedSecret };
  /** Either the embedded Redis password or the external broker URL (CeleryExecutor only). */
  readonly broker?: { readonly kind: 'embedded-password' | 'url'; readonly secret: ResolvedSecret };
}

/** Everything the context is derived from. */
export interface WiringInput {
  readonly instance: string;
  readonly namespace: string;
  readonly version: AirflowVersion;
  readonly image: string;
  readonly imagePullSecrets: readonly string[];
  readonly executor: Executor;
  readonly secrets: InstanceSecrets;
  readonly userSettings: AirflowSettings;
  /** How users log in to the UI: auth manager settings and the passwords Secret. */
  readonly auth: ResolvedAuth;
  readonly celeryConcurrency?: number;
  readonly dags: DagSource;
  readonly logs: TaskLogs;
  /** Remote log connection, when logs go to remote storage with a connection in a Secret. */
  readonly logConnection?: ResolvedSecret;
  /** Connection KEDA reads (external database only). */
  readonly autoscalerConnection?: ResolvedSecret;
  /** PgBouncer between Airflow and the database: the user, database and password it is reached with. */
  readonly pooler?: { readonly user: string; readonly database: string; readonly password: ResolvedSecret };
  /** Whether metrics go to the StatsD exporter. */
  readonly statsd: boolean;
  /** External URL of the UI, when an Ingress exposes it. */
  readonly baseUrl?: string;
}

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
    executor: input.executor,
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
  const secrets = [
    input.secrets.fernetKey,
    input.secrets.apiSecretKey,
    ...(input.secrets.jwtSecret ? [input.secrets.jwtSecret] : []),
    input.secrets.database.secret,
    ...(input.secrets.broker ? [input.secrets.broker.secret] : []),
    ...(input.logConnection ? [input.logConnection] : []),
    ...(input.autoscalerConnection ? [input.autoscalerConnection] : []),
    ...(input.auth.passwords ? [input.auth.passwords] : []),
  ];
  // An external server's password is a secret of its own; the embedded one is already listed.
  if (input.pooler && !secrets.includes(input.pooler.password)) secrets.push(input.pooler.password);
  return {
    ...base,
    airflowCfg,
    configHash: shortHash(airflowCfg),
    airflowEnv: secretEnv(base, input, input.pooler !== undefined),
    migrationEnv: secretEnv(base, input, false),
    brokerEnv: brokerEnv(base, input),
    secrets,
    dags: input.dags,
    dagDelivery: dagDelivery(input.dags),
    logs: input.logs,
  };
}

/** Settings derived from the wiring; users cannot override them (see `config.ts`). */
function ownedSettings(ctx: InstanceNames, input: WiringInput): AirflowSettings {
  const caps = input.version.capabilities;
  const core: Record<string, string | number | boolean> = {
    executor: input.executor.kind,
    dags_folder: dagsFolder(input.dags),
    load_examples: false,
    // Pods of a Deployment have no DNS name: the api-server fetches logs from workers and the
    // triggerer by pod IP.
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
  if (input.executor.kind === 'KubernetesExecutor') {
    settings.kubernetes_executor = {
      namespace: input.namespace,
      pod_template_file: podTemplatePath(DEFAULT_TASK_POD_TEMPLATE),
    };
  } else {
    settings.celery = { worker_concurrency: input.celeryConcurrency ?? 8 };
  }
  return settings;
}

/** Env every Airflow container gets. Values composed from passwords use `$(VAR)` expansion. */
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
    env.push({ name: connEnv, value: pgbouncerConnectionUri(ctx, input.pooler.user, input.pooler.database, DB_PASSWORD_ENV) });
  } else if (secrets.database.kind === 'embedded-password') {
    env.push(envFromSecret(DB_PASSWORD_ENV, secrets.database.secret));
    env.push({ name: connEnv, value: embeddedConnectionUri(ctx, DB_PASSWORD_ENV) });
  } else {
    env.push(envFromSecret(connEnv, secrets.database.secret));
  }
  if (input.logConnection && input.logs instanceof RemoteLogs) {
    env.push(envFromSecret(connectionEnvName(input.logs.props.connectionId), input.logConnection));
  }
  return env;
}

/** Env of the components that talk to the Celery broker (none under KubernetesExecutor). */
function brokerEnv(ctx: InstanceNames, input: WiringInput): k8s.EnvVar[] {
  const broker = input.secrets.broker;
  if (!broker) return [];
  const name = settingEnvName('celery', 'broker_url');
  if (broker.kind === 'url') return [envFromSecret(name, broker.secret)];
  return [envFromSecret('AIRFLOW_REDIS_PASSWORD', broker.secret), { name, value: embeddedBrokerUrl(ctx, 'AIRFLOW_REDIS_PASSWORD') }];
}
