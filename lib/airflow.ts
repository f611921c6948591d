/**
 * The Airflow construct: one typed description of an Airflow deployment, turned into every
 * Kubernetes object it needs and nothing else.
 */
import { Chart, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ComponentProps } from './component-props';
import { AirflowSettings, validateUserSettings } from './config';
import { AirflowContext, metadataFor } from './context';
import { MetadataDatabase } from './database';
import { ValidationProblems } from './errors';
import { CELERY_ONLY_PROPS, CeleryBroker, CeleryExecutor, Executor, KubernetesExecutor } from './executor';
import { PodLauncherRbac } from './rbac';
import { resolveResources, validateResources } from './resources';
import { AirflowSecret, resolveSecret } from './secrets';
import { checkImage, checkInteger, checkSecret, isDnsLabel, isDnsSubdomain, resolveComponent } from './validation';
import { AirflowVersion } from './version';
import { DEFAULT_TASK_POD_TEMPLATE, InstanceSecrets, buildContext } from './wiring';
import { API_SERVER_DEFAULT_RESOURCES, ApiServer } from './components/api-server';
import { CeleryWorker, WORKER_DEFAULT_RESOURCES } from './components/celery-worker';
import { DAG_PROCESSOR_DEFAULT_RESOURCES, DagProcessor } from './components/dag-processor';
import { MIGRATE_DATABASE_DEFAULT_RESOURCES, MigrateDatabaseJob } from './components/migrate-database';
import { POSTGRES_DEFAULT_IMAGE, POSTGRES_DEFAULT_RESOURCES, POSTGRES_DEFAULT_STORAGE, Postgresql } from './components/postgresql';
import { REDIS_DEFAULT_IMAGE, REDIS_DEFAULT_RESOURCES, Redis } from './components/redis';
import { SCHEDULER_DEFAULT_RESOURCES, Scheduler } from './components/scheduler';
import { SecretBootstrapJob } from './components/secret-bootstrap';
import { TRIGGERER_DEFAULT_RESOURCES, Triggerer } from './components/triggerer';
import { isQuantity } from './quantity';
import { PodTemplatesConfigMap } from './pod-templates/pod-templates-config-map';
import { TASK_POD_DEFAULT_RESOURCES, executorTaskPod, taskServiceAccountName } from './pod-templates/task-pod-template';
import { ComputeResources } from './resources';

/** The secrets Airflow components share. */
export interface AirflowSecretsProps {
  /**
   * `[core] fernet_key`: encrypts connections and variables in the database.
   *
   * @default AirflowSecret.generated()
   */
  readonly fernetKey?: AirflowSecret;

  /**
   * `[api] secret_key` (`[webserver] secret_key` on Airflow 2): signs sessions and log requests;
   * one value for every replica.
   *
   * @default AirflowSecret.generated()
   */
  readonly apiSecretKey?: AirflowSecret;

  /**
   * `[api_auth] jwt_secret` (Airflow 3): signs the tokens tasks use with the execution API; one
   * value for every api-server, scheduler and task.
   *
   * @default AirflowSecret.generated()
   */
  readonly jwtSecret?: AirflowSecret;
}

/** Settings of the migration Job. */
export interface MigrationProps {
  /**
   * CPU and memory of `airflow db migrate`.
   *
   * @default - 250m / 512Mi requested, 1Gi memory limit
   */
  readonly resources?: ComputeResources;
}

/** Everything that describes one Airflow deployment. */
export interface AirflowProps {
  /**
   * Instance name: prefix of every object name and value of `app.kubernetes.io/instance`.
   * At most 30 characters, so generated Job names stay valid.
   *
   * @default - the construct id
   */
  readonly instance?: string;

  /**
   * Namespace of every object.
   *
   * @default - the chart's namespace, or "airflow"
   */
  readonly namespace?: string;

  /**
   * Airflow release. Only the major version changes which objects are generated.
   *
   * @default AirflowVersion.V3_1_7
   */
  readonly version?: AirflowVersion;

  /**
   * Airflow image, pinned to a tag or digest. Use your own image to bake in DAGs and providers.
   *
   * @default - `apache/airflow:<version>`
   */
  readonly image?: string;

  /**
   * Secrets used to pull images.
   *
   * @default - none
   */
  readonly imagePullSecrets?: readonly string[];

  /**
   * How tasks run.
   *
   * @default new CeleryExecutor()
   */
  readonly executor?: Executor;

  /**
   * The metadata database.
   *
   * @default MetadataDatabase.embedded()
   */
  readonly database?: MetadataDatabase;

  /**
   * Where shared secrets come from.
   *
   * @default - every secret generated inside the cluster
   */
  readonly secrets?: AirflowSecretsProps;

  /**
   * Extra Airflow settings by section and key, as in `airflow.cfg`. Settings derived from other
   * props (executor, database, broker, secrets, URLs, pod template) are rejected.
   *
   * @default - none
   */
  readonly config?: AirflowSettings;

  /**
   * The api-server (webserver on Airflow 2).
   *
   * @default - 1 replica
   */
  readonly apiServer?: ComponentProps;

  /**
   * The scheduler.
   *
   * @default - 1 replica
   */
  readonly scheduler?: ComponentProps;

  /**
   * The standalone DAG processor.
   *
   * @default - 1 replica
   */
  readonly dagProcessor?: ComponentProps;

  /**
   * The triggerer.
   *
   * @default - 1 replica
   */
  readonly triggerer?: ComponentProps;

  /**
   * The database migration Job.
   *
   * @default - default resources
   */
  readonly migrations?: MigrationProps;
}

/** Apache Airflow on Kubernetes, with either executor. */
export class Airflow extends Construct {
  /** Shared wiring of this instance (names, labels, env, config); for extensions. */
  public readonly context: AirflowContext;
  /** The api-server (webserver on Airflow 2) and its Service. */
  public readonly apiServer: ApiServer;
  /** The scheduler. */
  public readonly scheduler: Scheduler;
  /** The DAG processor. */
  public readonly dagProcessor: DagProcessor;
  /** The triggerer. */
  public readonly triggerer: Triggerer;
  /** The migration Job. */
  public readonly migrateDatabase: MigrateDatabaseJob;
  /** Celery workers (CeleryExecutor only). */
  public readonly worker?: CeleryWorker;
  /** The embedded Redis (CeleryExecutor with the embedded broker only). */
  public readonly redis?: Redis;
  /** The embedded PostgreSQL (embedded database only). */
  public readonly postgresql?: Postgresql;
  /** The secret bootstrap Job (when any secret is generated). */
  public readonly secretBootstrap?: SecretBootstrapJob;
  /** Task pod templates (KubernetesExecutor only). */
  public readonly podTemplates?: PodTemplatesConfigMap;

  constructor(scope: Construct, id: string, props: AirflowProps = {}) {
    super(scope, id);
    const problems = new ValidationProblems(this.node.path);
    const resolved = resolveProps(this, id, props, problems);
    problems.throwIfAny();

    const ctx = buildContext(resolved.wiring);
    this.context = ctx;
    const executor = resolved.wiring.executor;

    new k8s.KubeConfigMap(this, 'config', {
      metadata: metadataFor(ctx, 'config', ctx.configMapName),
      data: { 'airflow.cfg': ctx.airflowCfg },
    });

    const generated = ctx.secrets.filter((s) => s.source === 'generated');
    if (generated.length > 0) this.secretBootstrap = new SecretBootstrapJob(this, 'secret-bootstrap', ctx, generated);

    if (resolved.postgres) this.postgresql = new Postgresql(this, 'postgresql', ctx, resolved.postgres);
    this.migrateDatabase = new MigrateDatabaseJob(this, 'migrate-database', ctx, resolved.migrations);

    this.apiServer = new ApiServer(this, 'api-server', ctx, resolved.apiServer);
    this.dagProcessor = new DagProcessor(this, 'dag-processor', ctx, resolved.dagProcessor);
    this.triggerer = new Triggerer(this, 'triggerer', ctx, resolved.triggerer);

    if (executor instanceof KubernetesExecutor) {
      const taskPod = resolved.taskPod!;
      this.podTemplates = new PodTemplatesConfigMap(this, 'pod-templates', ctx, {
        [DEFAULT_TASK_POD_TEMPLATE]: executorTaskPod(ctx, { ...taskPod, serviceAccountName: taskServiceAccountName(ctx) }),
      });
      new k8s.KubeServiceAccount(this, 'task-service-account', {
        metadata: metadataFor(ctx, 'task', taskServiceAccountName(ctx)),
        automountServiceAccountToken: false,
      });
      this.scheduler = new Scheduler(this, 'scheduler', ctx, {
        ...resolved.scheduler,
        launchesPods: true,
        podTemplates: { volume: this.podTemplates.volume, mount: this.podTemplates.mount },
      });
      new PodLauncherRbac(this, 'pod-launcher', ctx, [this.scheduler.component.serviceAccount.name]);
    } else {
      this.scheduler = new Scheduler(this, 'scheduler', ctx, { ...resolved.scheduler, launchesPods: false });
      this.worker = new CeleryWorker(this, 'worker', ctx, resolved.worker!);
      if (resolved.redis) this.redis = new Redis(this, 'redis', ctx, resolved.redis);
    }
  }
}

/** Fills in defaults and records every problem with the props. */
function resolveProps(scope: Construct, id: string, props: AirflowProps, problems: ValidationProblems) {
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
  let postgres: ConstructorParameters<typeof Postgresql>[3] | undefined;
  let databaseSecret: InstanceSecrets['database'];
  if (database.kind === 'external') {
    checkSecret(problems, 'database.connection', database.props.connection, false);
    databaseSecret = { kind: 'connection', secret: resolveSecret(database.props.connection, 'metadata database connection', '', '', 'hex-token') };
  } else {
    const password = database.props.password ?? AirflowSecret.generated();
    checkSecret(problems, 'database.password', password, true);
    const pgImage = database.props.image ?? POSTGRES_DEFAULT_IMAGE;
    checkImage(problems, 'database.image', pgImage);
    const storage = database.props.storage ?? POSTGRES_DEFAULT_STORAGE;
    if (!isQuantity(storage)) problems.add('database.storage', `must be a Kubernetes quantity such as "8Gi", got ${JSON.stringify(storage)}`);
    const resources = resolveResources(POSTGRES_DEFAULT_RESOURCES, database.props.resources);
    validateResources(resources, 'database.resources', problems);
    const secret = resolveSecret(password, 'metadata database password', name('postgresql'), 'password', 'hex-token');
    databaseSecret = { kind: 'embedded-password', secret };
    postgres = { image: pgImage, storage, storageClassName: database.props.storageClassName, resources, password: secret };
  }

  let worker: ConstructorParameters<typeof CeleryWorker>[3] | undefined;
  let redis: ConstructorParameters<typeof Redis>[3] | undefined;
  let brokerSecret: InstanceSecrets['broker'];
  let celeryConcurrency: number | undefined;
  let taskPod: { resources: ReturnType<typeof resolveResources>; nodeSelector?: Readonly<Record<string, string>> } | undefined;

  if (executor instanceof CeleryExecutor) {
    const workers = executor.props.workers ?? {};
    const { replicas, resources } = resolveComponent(problems, 'executor.workers', workers, WORKER_DEFAULT_RESOURCES);
    celeryConcurrency = workers.concurrency ?? 8;
    checkInteger(problems, 'executor.workers.concurrency', celeryConcurrency, 1);
    const gracePeriodSeconds = (workers.gracePeriod ?? Duration.minutes(10)).toSeconds();
    checkInteger(problems, 'executor.workers.gracePeriod', gracePeriodSeconds, 0);
    worker = { replicas, resources, scheduling: workers, gracePeriodSeconds };

    const broker = executor.props.broker ?? CeleryBroker.embeddedRedis();
    if (broker.kind === 'external') {
      checkSecret(problems, 'executor.broker.brokerUrl', broker.props.brokerUrl, false);
      brokerSecret = { kind: 'url', secret: resolveSecret(broker.props.brokerUrl, 'Celery broker URL', '', '', 'hex-token') };
    } else {
      const password = broker.props.password ?? AirflowSecret.generated();
      checkSecret(problems, 'executor.broker.password', password, true);
      const redisImage = broker.props.image ?? REDIS_DEFAULT_IMAGE;
      checkImage(problems, 'executor.broker.image', redisImage);
      const redisResources = resolveResources(REDIS_DEFAULT_RESOURCES, broker.props.resources);
      validateResources(redisResources, 'executor.broker.resources', problems);
      const secret = resolveSecret(password, 'Redis password', name('redis'), 'password', 'hex-token');
      brokerSecret = { kind: 'embedded-password', secret };
      redis = { image: redisImage, resources: redisResources, password: secret };
    }
  } else if (executor instanceof KubernetesExecutor) {
    for (const key of CELERY_ONLY_PROPS) {
      if (key in (executor.props as object)) {
        problems.add(`executor.${key}`, 'is a CeleryExecutor setting and does nothing under KubernetesExecutor: remove it or use new CeleryExecutor({...})');
      }
    }
    const resources = resolveResources(TASK_POD_DEFAULT_RESOURCES, executor.props.taskPod?.resources);
    validateResources(resources, 'executor.taskPod.resources', problems);
    taskPod = { resources, nodeSelector: executor.props.taskPod?.nodeSelector };
  } else {
    problems.add('executor', 'must be new CeleryExecutor(...) or new KubernetesExecutor(...)');
  }

  const component = (prop: string, p: ComponentProps | undefined, defaults: Parameters<typeof resolveComponent>[3]) => ({
    ...resolveComponent(problems, prop, p, defaults),
    scheduling: p ?? {},
  });
  const migrationResources = resolveResources(MIGRATE_DATABASE_DEFAULT_RESOURCES, props.migrations?.resources);
  validateResources(migrationResources, 'migrations.resources', problems);

  const caps = version.capabilities;
  return {
    wiring: {
      instance,
      namespace,
      version,
      image,
      imagePullSecrets,
      executor,
      userSettings: props.config ?? {},
      celeryConcurrency,
      secrets: {
        fernetKey: resolveSecret(shared.fernetKey, 'fernet key', name('fernet-key'), 'fernet-key', 'fernet-key'),
        apiSecretKey: resolveSecret(shared.apiSecretKey, 'API secret key', name('api-secret-key'), 'api-secret-key', 'hex-token'),
        jwtSecret: caps.jwtSecretSetting ? resolveSecret(shared.jwtSecret, 'JWT secret', name('jwt-secret'), 'jwt-secret', 'hex-token') : undefined,
        database: databaseSecret,
        broker: brokerSecret,
      },
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
