/**
 * Turns `AirflowProps` into fully resolved settings: fills in defaults, resolves secret sources,
 * and records every problem with the props (all of them, not just the first).
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { AirflowProps } from './airflow';
import { ComponentProps } from './component-props';
import { resolveAuth } from './auth';
import { validateUserSettings } from './config';
import { MetadataDatabase } from './database';
import { ValidationProblems } from './errors';
import { CELERY_ONLY_PROPS, CeleryBroker, CeleryExecutor, KubernetesExecutor } from './executor';
import { isQuantity } from './quantity';
import { ResolvedResources, resolveResources, validateResources } from './resources';
import { AirflowSecret, ResolvedSecret, resolveSecret } from './secrets';
import { checkImage, checkSecret, checkSharedSecrets, isDnsLabel, isDnsSubdomain, resolveComponent } from './validation';
import { AirflowVersion } from './version';
import { InstanceSecrets } from './wiring';
import { DagSource, GitSyncDags } from './dags';
import { replicaRange } from './autoscaling';
import { RemoteLogs, TaskLogs } from './logs';
import { externalBaseUrl } from './networking/ingress';
import { resolvePgBouncer } from './resolve-pgbouncer';
import { validateCleanup, validateDags, validateDisruptionBudget, validateIngress, validateLogs, validateNetworkPolicies } from './validate-operations';
import { ResolvedWorkers, resolveWorkers } from './resolve-workers';
import { API_SERVER_DEFAULT_RESOURCES } from './components/api-server';
import { DAG_PROCESSOR_DEFAULT_RESOURCES } from './components/dag-processor';
import { MIGRATE_DATABASE_DEFAULT_RESOURCES } from './components/migrate-database';
import { POSTGRES_DEFAULT_IMAGE, POSTGRES_DEFAULT_RESOURCES, POSTGRES_DEFAULT_STORAGE, PostgresqlOptions } from './components/postgresql';
import { REDIS_DEFAULT_IMAGE, REDIS_DEFAULT_RESOURCES, RedisOptions } from './components/redis';
import { SCHEDULER_DEFAULT_RESOURCES } from './components/scheduler';
import { TRIGGERER_DEFAULT_RESOURCES } from './components/triggerer';
import { EXECUTOR_POD_DEFAULT_RESOURCES } from './pod-templates/task-pod-family';
import { validateTaskPods } from './pod-templates/validate-task-pods';

/** Fills in defaults and records every problem with the props. */
export function resolveProps(scope: Construct, id: string, props: AirflowProps, problems: ValidationProblems) {
  const instance = props.instance ?? id;
  if (!isDnsLabel(instance, 30)) {
    problems.add('instance', `must be a lowercase RFC 1123 label of at most 30 characters (a-z, 0-9, '-'), got ${JSON.stringify(instance)}; set the "instance" prop`);
  }
  const namespace = props.namespace ?? Chart.of(scope).namespace ?? 'airflow';
  if (!isDnsLabel(namespace)) {
    problems.add('namespace', `must be a lowercase RFC 1123 label (a-z, 0-9, '-'), got ${JSON.stringify(namespace)}`);
  }
  const version = props.version ?? AirflowVersion.V3_1_7;
  if (!version.isSupported) {
    problems.add('version', `must be an Airflow 2.x or 3.x release such as "3.1.7", got "${version.version}"`);
  }
  const image = props.image ?? `apache/airflow:${version.version}`;
  checkImage(problems, 'image', image);
  const imagePullSecrets = props.imagePullSecrets ?? [];
  imagePullSecrets.forEach((name, i) => {
    if (!isDnsSubdomain(name)) problems.add(`imagePullSecrets[${i}]`, `must be a Secret name, got ${JSON.stringify(name)}`);
  });
  validateUserSettings(props.config ?? {}, 'config', problems);
  const auth = resolveAuth(problems, props.auth, version.capabilities, instance);

  const executor = props.executor ?? new CeleryExecutor();
  const secretsProps = props.secrets ?? {};
  const shared = {
    fernetKey: secretsProps.fernetKey ?? AirflowSecret.generated(),
    apiSecretKey: secretsProps.apiSecretKey ?? AirflowSecret.generated(),
    jwtSecret: secretsProps.jwtSecret ?? AirflowSecret.generated(),
  };
  checkSecret(problems, 'secrets.fernetKey', shared.fernetKey, true);
  checkSecret(problems, 'secrets.apiSecretKey', shared.apiSecretKey, true);
  checkSecret(problems, 'secrets.jwtSecret', shared.jwtSecret, true);
  const name = (suffix: string) => `${instance}-${suffix}`;

  const database = props.database ?? MetadataDatabase.embedded();
  let postgres: PostgresqlOptions | undefined;
  let databaseSecret: InstanceSecrets['database'];
  if (database.kind === 'external') {
    checkSecret(problems, 'database.connection', database.props.connection, false);
    databaseSecret = { kind: 'connection', secret: resolveSecret(database.props.connection, 'metadata database connection', instance, name('metadata-db'), 'connection', 'hex-token') };
  } else {
    const password = database.props.password ?? AirflowSecret.generated();
    checkSecret(problems, 'database.password', password, true);
    const pgImage = database.props.image ?? POSTGRES_DEFAULT_IMAGE;
    checkImage(problems, 'database.image', pgImage);
    const storage = database.props.storage ?? POSTGRES_DEFAULT_STORAGE;
    if (!isQuantity(storage)) problems.add('database.storage', `must be a Kubernetes quantity such as "8Gi", got ${JSON.stringify(storage)}`);
    const resources = resolveResources(POSTGRES_DEFAULT_RESOURCES, database.props.resources);
    validateResources(resources, 'database.resources', problems);
    const secret = resolveSecret(password, 'metadata database password', instance, name('postgresql'), 'password', 'hex-token');
    databaseSecret = { kind: 'embedded-password', secret };
    postgres = { image: pgImage, storage, storageClassName: database.props.storageClassName, resources, password: secret };
  }

  let worker: ResolvedWorkers | undefined;
  let redis: RedisOptions | undefined;
  let brokerSecret: InstanceSecrets['broker'];
  let celeryConcurrency: number | undefined;
  let taskPod: { resources: ResolvedResources; nodeSelector?: Readonly<Record<string, string>> } | undefined;

  if (executor instanceof CeleryExecutor) {
    worker = resolveWorkers(problems, executor.props.workers ?? {}, props.createNamespace ?? false);
    celeryConcurrency = worker.concurrency;

    const broker = executor.props.broker ?? CeleryBroker.embeddedRedis();
    if (broker.kind === 'external') {
      checkSecret(problems, 'executor.broker.brokerUrl', broker.props.brokerUrl, false);
      brokerSecret = { kind: 'url', secret: resolveSecret(broker.props.brokerUrl, 'Celery broker URL', instance, name('broker'), 'url', 'hex-token') };
    } else {
      const password = broker.props.password ?? AirflowSecret.generated();
      checkSecret(problems, 'executor.broker.password', password, true);
      const redisImage = broker.props.image ?? REDIS_DEFAULT_IMAGE;
      checkImage(problems, 'executor.broker.image', redisImage);
      const redisResources = resolveResources(REDIS_DEFAULT_RESOURCES, broker.props.resources);
      validateResources(redisResources, 'executor.broker.resources', problems);
      const secret = resolveSecret(password, 'Redis password', instance, name('redis'), 'password', 'hex-token');
      brokerSecret = { kind: 'embedded-password', secret };
      redis = { image: redisImage, resources: redisResources, password: secret };
    }
  } else if (executor instanceof KubernetesExecutor) {
    for (const key of CELERY_ONLY_PROPS) {
      if (key in (executor.props as object)) {
        problems.add(`executor.${key}`, 'is a CeleryExecutor setting and does nothing under KubernetesExecutor: remove it or use new CeleryExecutor({...})');
      }
    }
    const resources = resolveResources(EXECUTOR_POD_DEFAULT_RESOURCES, executor.props.taskPod?.resources);
    validateResources(resources, 'executor.taskPod.resources', problems);
    taskPod = { resources, nodeSelector: executor.props.taskPod?.nodeSelector };
  } else {
    problems.add('executor', 'must be new CeleryExecutor(...) or new KubernetesExecutor(...)');
  }

  const pdbs = props.availability?.podDisruptionBudgets ?? false;
  const checkBudget = (prop: string, p: ComponentProps | undefined, pods: number) => {
    if (p?.disruptionBudget && !pdbs) problems.add(`${prop}.disruptionBudget`, 'does nothing unless availability.podDisruptionBudgets is true');
    else validateDisruptionBudget(problems, `${prop}.disruptionBudget`, p?.disruptionBudget, pods);
  };
  const component = (prop: string, p: ComponentProps | undefined, defaults: ResolvedResources) => {
    const resolved = resolveComponent(problems, prop, p, defaults);
    checkBudget(prop, p, resolved.replicas);
    return { ...resolved, scheduling: p ?? {}, disruptionBudget: p?.disruptionBudget };
  };
  const workerBudget = worker && executor instanceof CeleryExecutor ? executor.props.workers?.disruptionBudget : undefined;
  if (worker && executor instanceof CeleryExecutor) {
    checkBudget('executor.workers', executor.props.workers, worker.autoscaling ? replicaRange(worker.autoscaling).min : worker.replicas ?? 1);
  }
  const migrationResources = resolveResources(MIGRATE_DATABASE_DEFAULT_RESOURCES, props.migrations?.resources);
  validateResources(migrationResources, 'migrations.resources', problems);

  const taskPods = validateTaskPods(problems, props.taskPods, executor.kind, namespace);

  const dags = props.dags ?? DagSource.baked();
  validateDags(problems, dags);
  const logs = props.logs ?? TaskLogs.ephemeral();
  validateLogs(problems, logs);
  const logConnection = logs instanceof RemoteLogs && logs.props.connection
    ? resolveSecret(logs.props.connection, 'remote log connection', instance, name('log-connection'), 'uri', 'hex-token')
    : undefined;
  // KEDA reads a libpq URI from the worker's env: a separate Secret when given, else the connection.
  let autoscalerConnection: ResolvedSecret | undefined;
  if (database.kind === 'external' && database.props.autoscalerConnection) {
    checkSecret(problems, 'database.autoscalerConnection', database.props.autoscalerConnection, false);
    autoscalerConnection = resolveSecret(database.props.autoscalerConnection, 'KEDA database connection', instance, name('metadata-db'), 'libpq-connection', 'hex-token');
  }
  const kedaConnection = database.kind === 'external' ? autoscalerConnection ?? databaseSecret.secret : undefined;
  const pgbouncer = props.pgbouncer ? resolvePgBouncer(problems, props.pgbouncer, {
    instance,
    external: database.kind === 'external',
    embeddedHost: `${name('postgresql')}.${namespace}`,
    embeddedPassword: databaseSecret.secret,
  }) : undefined;
  if (props.ingress) validateIngress(problems, props.ingress);
  if (props.metrics?.image !== undefined) checkImage(problems, 'metrics.image', props.metrics.image);
  if (props.cleanup) validateCleanup(problems, props.cleanup, executor.kind);
  if (props.networkPolicies) {
    const generatesSecrets = [shared.fernetKey, shared.apiSecretKey, shared.jwtSecret].some((x) => x.source === 'generated')
      || [databaseSecret.secret, brokerSecret?.secret, auth.passwords].some((x) => x?.source === 'generated');
    const apiClients = [
      ...(generatesSecrets ? ['secret-bootstrap'] : []),
      ...(executor instanceof KubernetesExecutor ? ['scheduler', version.capabilities.httpServerComponent] : []),
      ...(taskPods.families.some((f) => f.kind === 'operator') ? ['pod launchers (KubernetesPodOperator)'] : []),
      ...(props.cleanup?.taskPods ? ['cleanup'] : []),
    ];
    validateNetworkPolicies(problems, props.networkPolicies, {
      database: databaseSecret.kind === 'connection',
      broker: brokerSecret?.kind === 'url',
      objectStorage: logs instanceof RemoteLogs,
      git: dags instanceof GitSyncDags,
      kubernetesApiClients: apiClients,
    });
  }

  const caps = version.capabilities;
  const secrets: InstanceSecrets = {
    fernetKey: resolveSecret(shared.fernetKey, 'fernet key', instance, name('fernet-key'), 'fernet-key', 'fernet-key'),
    apiSecretKey: resolveSecret(shared.apiSecretKey, 'API secret key', instance, name('api-secret-key'), 'api-secret-key', 'hex-token'),
    jwtSecret: caps.jwtSecretSetting ? resolveSecret(shared.jwtSecret, 'JWT secret', instance, name('jwt-secret'), 'jwt-secret', 'hex-token') : undefined,
    database: databaseSecret,
    broker: brokerSecret,
  };
  checkSharedSecrets(problems, [
    { prop: 'secrets.fernetKey', secret: secrets.fernetKey },
    { prop: 'secrets.apiSecretKey', secret: secrets.apiSecretKey },
    ...(secrets.jwtSecret ? [{ prop: 'secrets.jwtSecret', secret: secrets.jwtSecret }] : []),
    { prop: databaseSecret.kind === 'connection' ? 'database.connection' : 'database.password', secret: databaseSecret.secret },
    ...(brokerSecret ? [{ prop: brokerSecret.kind === 'url' ? 'executor.broker.brokerUrl' : 'executor.broker.password', secret: brokerSecret.secret }] : []),
    ...(auth.passwords ? [{ prop: 'auth.passwords', secret: auth.passwords }] : []),
  ]);

  return {
    taskPods,
    pgbouncer,
    kedaConnection,
    workerBudget,
    wiring: {
      instance,
      namespace,
      version,
      image,
      imagePullSecrets,
      executor,
      userSettings: props.config ?? {},
      auth,
      celeryConcurrency,
      secrets,
      dags,
      logs,
      logConnection,
      autoscalerConnection,
      pooler: pgbouncer ? { user: pgbouncer.user, database: pgbouncer.database, password: pgbouncer.password } : undefined,
      statsd: props.metrics !== undefined,
      baseUrl: props.ingress ? externalBaseUrl(props.ingress) : undefined,
    },
    postgres,
    redis,
    worker,
    taskPod,
    migrations: { resources: migrationResources },
    apiServer: component('apiServer', props.apiServer, API_SERVER_DEFAULT_RESOURCES),
    scheduler: component('scheduler', props.scheduler, SCHEDULER_DEFAULT_RESOURCES),
    dagProcessor: component('dagProcessor', props.dagProcessor, DAG_PROCESSOR_DEFAULT_RESOURCES),
    triggerer: component('triggerer', props.triggerer, TRIGGERER_DEFAULT_RESOURCES),
  };
}
