/**
 * Props in, one resolved and validated description out: defaults applied, every problem recorded
 * with its prop path (all of them, not just the first). Each concern has its own resolver; this
 * file only composes them, in the order their problems are reported.
 */
import { Construct } from 'constructs';
import { ValidationProblems } from '../errors';
import { AirflowProps } from '../model/airflow-props';
import { ComponentProps } from '../model/component';
import { replicaRange } from '../model/autoscaling';
import { DagSource, GitSyncDags } from '../model/dags';
import { MetadataDatabase } from '../model/database';
import { API_SERVER_DEFAULT_RESOURCES, DAG_PROCESSOR_DEFAULT_RESOURCES, MIGRATE_DATABASE_DEFAULT_RESOURCES, SCHEDULER_DEFAULT_RESOURCES, TRIGGERER_DEFAULT_RESOURCES } from '../model/defaults';
import { CeleryExecutor } from '../model/executor';
import { RemoteLogs, TaskLogs } from '../model/logs';
import { ResolvedResources } from '../model/resources';
import { AirflowCapabilities } from '../model/version';
import { DB_PASSWORD_ENV } from './addresses';
import { resolveAuth } from './auth';
import { checkImage } from './checks';
import { validateCleanup } from './cleanup';
import { checkComponentBudget, resolveLongRunning } from './components';
import { settingEnvName, validateUserSettings } from './config';
import { checkDagIgnoreSyntax, validateDags } from './dags';
import { resolveAutoscalerConnection, resolveDatabase } from './database';
import { resolveExecutors } from './executor-list';
import { externalBaseUrl, trustedProxies, validateIngress } from './ingress';
import { resolveInstance } from './instance';
import { WiringInput, secretsOf } from './instance-wiring';
import { resolveLogAccess } from './log-credentials';
import { connectionEnvName, resolveLocalLogs, validateLogs } from './logs';
import { validateNetworkPolicies } from './network-policies';
import { resolvePgBouncer } from './pgbouncer';
import { resolveResources, validateResources } from './resources';
import { checkSharedSecrets, resolveSharedSecrets } from './secrets';
import { validateTaskPods } from './task-pods';
import { checkFamiliesAgainstIdentity, componentWithIdentity, taskPodWithIdentity } from './workload-identity';

/** The resolved description of one Airflow instance, the input of every renderer. */
export type ResolvedAirflow = ReturnType<typeof resolveAirflow>;

/** Resolves `props` of the Airflow construct at `scope`; problems go to `problems`. */
export function resolveAirflow(scope: Construct, id: string, props: AirflowProps, problems: ValidationProblems) {
  const identity = resolveInstance(scope, id, props, problems);
  const { instance, namespace, version } = identity;
  validateUserSettings(props.config ?? {}, 'config', problems);
  const auth = resolveAuth(problems, props.auth, version.capabilities, instance);
  const shared = resolveSharedSecrets(problems, props.secrets, instance, version.capabilities);
  const databaseProp = props.database ?? MetadataDatabase.embedded();
  const database = resolveDatabase(problems, databaseProp, instance);
  const executors = resolveExecutors(problems, props.executor ?? new CeleryExecutor(), { instance, createNamespace: props.createNamespace ?? false });
  const { celery, kubernetes } = executors;
  const worker = celery?.worker;
  const broker = celery?.broker;

  const budgetsOn = props.availability?.podDisruptionBudgets ?? false;
  const workerBudget = celery?.executor.props.workers?.disruptionBudget;
  if (celery) {
    checkComponentBudget(problems, `${celery.prop}.workers`, celery.executor.props.workers, celery.worker.autoscaling ? replicaRange(celery.worker.autoscaling).min : celery.worker.replicas ?? 1, budgetsOn);
  }
  const migrationResources = resolveResources(MIGRATE_DATABASE_DEFAULT_RESOURCES, props.migrations?.resources);
  validateResources(migrationResources, 'migrations.resources', problems);
  const dags = props.dags ?? DagSource.baked();
  const logs = props.logs ?? TaskLogs.ephemeral();
  const taskPods = validateTaskPods(problems, props.taskPods, executors.executors.map((e) => e.kind), namespace, { dags, reservedEnv: executorTemplateEnv(version.capabilities, logs) });

  validateDags(problems, dags);
  checkDagIgnoreSyntax(problems, dags, props.config ?? {});
  validateLogs(problems, logs);
  const logAccess = logs instanceof RemoteLogs ? resolveLogAccess(logs.props, instance) : {};
  const { autoscalerConnection, kedaConnection } = resolveAutoscalerConnection(problems, databaseProp, database, instance, worker?.autoscaling?.kind === 'keda');
  const pgbouncer = props.pgbouncer ? resolvePgBouncer(problems, props.pgbouncer, {
    instance,
    external: database.external,
    embeddedHost: `${instance}-postgresql.${namespace}`,
    embeddedPassword: database.secret.secret,
  }) : undefined;
  if (props.ingress) validateIngress(problems, props.ingress);
  if (props.metrics?.image !== undefined) checkImage(problems, 'metrics.image', props.metrics.image);
  if (props.cleanup) validateCleanup(problems, props.cleanup, kubernetes !== undefined);

  const wiring: WiringInput = {
    ...identity,
    executors: executors.executors,
    executorSetting: executors.setting,
    userSettings: props.config ?? {},
    auth,
    celeryConcurrency: worker?.concurrency,
    secrets: { ...shared, database: database.secret, broker: broker?.secret },
    dags,
    logs,
    localLogs: resolveLocalLogs(logs),
    logConnection: logAccess.connection,
    logConnectionUri: logAccess.connectionUri,
    autoscalerConnection,
    pooler: pgbouncer ? { user: pgbouncer.user, database: pgbouncer.database, password: pgbouncer.password } : undefined,
    statsd: props.metrics !== undefined,
    baseUrl: props.ingress ? externalBaseUrl(props.ingress) : undefined,
    trustedProxies: props.ingress ? trustedProxies(props.ingress) : undefined,
  };

  if (props.networkPolicies) {
    const apiClients = [
      ...(secretsOf(wiring).some((s) => s.source === 'generated') ? ['secret-bootstrap'] : []),
      ...(kubernetes ? ['scheduler', version.capabilities.httpServerComponent] : []),
      ...(taskPods.families.some((f) => f.kind === 'operator') ? ['pod launchers (KubernetesPodOperator)'] : []),
      ...(props.cleanup?.taskPods ? ['cleanup'] : []),
    ];
    validateNetworkPolicies(problems, props.networkPolicies, {
      database: database.external,
      broker: broker?.secret.kind === 'url',
      objectStorage: logs instanceof RemoteLogs,
      git: dags instanceof GitSyncDags,
      kubernetesApiClients: apiClients,
    });
  }

  const { secrets } = wiring;
  checkSharedSecrets(problems, [
    { prop: 'secrets.fernetKey', secret: secrets.fernetKey },
    { prop: 'secrets.apiSecretKey', secret: secrets.apiSecretKey },
    ...(secrets.jwtSecret ? [{ prop: 'secrets.jwtSecret', secret: secrets.jwtSecret }] : []),
    { prop: secrets.database.kind === 'connection' ? 'database.connection' : 'database.password', secret: secrets.database.secret },
    ...(celery && secrets.broker ? [{ prop: `${celery.prop}.broker.${secrets.broker.kind === 'url' ? 'brokerUrl' : 'password'}`, secret: secrets.broker.secret }] : []),
    ...(auth.passwords ? [{ prop: 'auth.passwords', secret: auth.passwords }] : []),
    ...(auth.fabAdmin ? [{ prop: 'auth.admin.password', secret: auth.fabAdmin.password }] : []),
  ]);

  // Every pod that writes or reads logs carries what the workload identity needs.
  const logIdentity = logAccess.identity;
  const longRunning = (prop: string, component: ComponentProps | undefined, defaults: ResolvedResources) => {
    const resolved = resolveLongRunning(problems, prop, component, defaults, budgetsOn);
    return { ...resolved, extensions: componentWithIdentity(problems, resolved.extensions, logIdentity) };
  };
  checkFamiliesAgainstIdentity(problems, taskPods.families, logIdentity);

  return {
    /** What a workload identity for remote logs needs (ServiceAccount annotations, pod labels, egress). */
    logIdentity,
    taskPods,
    pgbouncer,
    kedaConnection,
    workerBudget,
    wiring,
    postgres: database.postgres,
    redis: broker?.redis,
    worker: worker && { ...worker, extensions: componentWithIdentity(problems, worker.extensions, logIdentity) },
    taskPod: kubernetes && { ...kubernetes.taskPod, metadata: taskPodWithIdentity(problems, `${kubernetes.prop}.taskPod`, kubernetes.taskPod.metadata, logIdentity) },
    executors,
    migrations: { resources: migrationResources, fab: auth.fab ?? false, fabAdmin: auth.fabAdmin },
    apiServer: longRunning('apiServer', props.apiServer, API_SERVER_DEFAULT_RESOURCES),
    scheduler: longRunning('scheduler', props.scheduler, SCHEDULER_DEFAULT_RESOURCES),
    dagProcessor: longRunning('dagProcessor', props.dagProcessor, DAG_PROCESSOR_DEFAULT_RESOURCES),
    triggerer: longRunning('triggerer', props.triggerer, TRIGGERER_DEFAULT_RESOURCES),
  };
}

/**
 * Env the library sets in executor task pod templates (render/wiring.ts `taskEnv`), with the prop
 * it comes from. On Airflow 3 a task reaches metadata through the execution API, so it gets only
 * the remote log connection and the switched-off database check; on Airflow 2 it gets the secrets.
 */
function executorTemplateEnv(caps: AirflowCapabilities, logs: TaskLogs): ReadonlyMap<string, string> {
  const env = new Map<string, string>();
  if (caps.jwtSecretSetting) env.set(settingEnvName(...caps.jwtSecretSetting), 'secrets.jwtSecret');
  if (caps.hasExecutionApi) {
    env.set('CONNECTION_CHECK_MAX_COUNT', 'the executor template itself: Airflow 3 tasks never reach the database');
  } else {
    env.set(settingEnvName('core', 'fernet_key'), 'secrets.fernetKey');
    env.set(settingEnvName(...caps.secretKeySetting), 'secrets.apiSecretKey');
    env.set(settingEnvName('database', 'sql_alchemy_conn'), 'database');
    env.set(`${settingEnvName('database', 'sql_alchemy_conn')}_CMD`, 'database');
    env.set(DB_PASSWORD_ENV, 'database');
  }
  if (logs instanceof RemoteLogs && logs.props.credentials !== undefined && typeof logs.props.connectionId === 'string') {
    env.set(connectionEnvName(logs.props.connectionId), 'logs.credentials');
  }
  return env;
}
