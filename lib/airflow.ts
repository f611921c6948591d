/**
 * The Airflow construct: one typed description of an Airflow deployment, turned into every
 * Kubernetes object it needs and nothing else.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ValidationProblems } from './errors';
import { ComponentName } from './labels';
import { AirflowProps } from './model/airflow-props';
import { replicaRange } from './model/autoscaling';
import { SchedulingProps } from './model/component';
import { FileDags } from './model/dags';
import { EphemeralLogs } from './model/logs';
import { ApiServer } from './render/components/api-server';
import { CeleryWorker, kedaConnectionEnv } from './render/components/celery-worker';
import { DagProcessor } from './render/components/dag-processor';
import { MigrateDatabaseJob } from './render/components/migrate-database';
import { Postgresql } from './render/components/postgresql';
import { Redis } from './render/components/redis';
import { Scheduler } from './render/components/scheduler';
import { SecretBootstrapJob } from './render/components/secret-bootstrap';
import { Triggerer } from './render/components/triggerer';
import { AirflowContext, metadataFor } from './render/context';
import { DagFilesConfigMap } from './render/dags/dag-files';
import { PgBouncer } from './render/extras/pgbouncer';
import { annotateForArgoCd } from './render/gitops/sync-waves';
import { AirflowNamespaces } from './render/namespace';
import { componentAffinity } from './render/operations/availability';
import { AirflowOperations } from './render/operations/operations';
import { TaskPodTemplates } from './render/pod-templates/task-pod-templates';
import { POD_LAUNCHER_RULES, POD_LOG_READER_RULES, RoleWithBinding } from './render/rbac';
import { SecretSources } from './render/secret-sources';
import { KEDA_CONNECTION_ENV } from './render/operations/worker-autoscaler';
import { buildContext } from './render/wiring';
import { DB_PASSWORD_ENV, POSTGRES_DATABASE, POSTGRES_PORT, embeddedDatabaseHost } from './resolve/addresses';
import { ResolvedWorkloadIdentity } from './resolve/log-credentials';
import { resolveAirflow } from './resolve/resolve-airflow';
import { addWarning } from './warnings';


/** Apache Airflow on Kubernetes, with either executor or both at once. */
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
  /** Celery workers (with CeleryExecutor only). */
  public readonly worker?: CeleryWorker;
  /** The embedded Redis (with CeleryExecutor and the embedded broker only). */
  public readonly redis?: Redis;
  /** The embedded PostgreSQL (embedded database only). */
  public readonly postgresql?: Postgresql;
  /** The secret bootstrap Job (when any secret is generated). */
  public readonly secretBootstrap?: SecretBootstrapJob;
  /** Task pod templates (with KubernetesExecutor, or any task pod families). */
  public readonly taskPodTemplates?: TaskPodTemplates;
  /**
   * What the workload identity of remote logs needs from Kubernetes (remote logs with
   * `RemoteLogCredentials.workloadIdentity` only): the ServiceAccounts of every pod that writes or
   * reads logs, and the annotations and pod labels the cloud expects on them.
   */
  public readonly logIdentity?: LogIdentityNeeds;

  constructor(scope: Construct, id: string, props: AirflowProps = {}) {
    super(scope, id);
    props = props ?? {};
    const problems = new ValidationProblems(this.node.path);
    const resolved = resolveProps(this, id, props, problems);
    problems.throwIfAny();

    const ctx = buildContext(resolved.wiring);
    this.context = ctx;
    const { celery } = resolved.executors;

    new k8s.KubeConfigMap(this, 'config', {
      metadata: metadataFor(ctx, 'config', ctx.configMapName),
      data: { 'airflow.cfg': ctx.airflowCfg },
    });

    if (ctx.dags instanceof FileDags) new DagFilesConfigMap(this, 'dags', ctx, ctx.dags);

    if (props.createNamespace) {
      new AirflowNamespaces(this, 'namespace', ctx, [ctx.namespace, resolved.taskPods.operatorNamespace]);
    }

    if (ctx.secrets.some((s) => s.origin)) new SecretSources(this, 'secret-sources', ctx, ctx.secrets);

    const generated = ctx.secrets.filter((s) => s.source === 'generated');
    if (generated.length > 0) this.secretBootstrap = new SecretBootstrapJob(this, 'secret-bootstrap', ctx, generated);

    if (resolved.postgres) this.postgresql = new Postgresql(this, 'postgresql', ctx, resolved.postgres);
    if (resolved.pgbouncer) new PgBouncer(this, 'pgbouncer', ctx, resolved.pgbouncer);
    this.migrateDatabase = new MigrateDatabaseJob(this, 'migrate-database', ctx, resolved.migrations);

    // Under KubernetesExecutor (alone or next to Celery) the scheduler launches a pod per task.
    const isKubernetesExecutor = resolved.executors.kubernetes !== undefined;
    const { families, operatorNamespace } = resolved.taskPods;
    if (isKubernetesExecutor || families.length > 0) {
      this.taskPodTemplates = new TaskPodTemplates(this, 'pod-templates', ctx, {
        families,
        defaultTemplate: resolved.taskPod,
        operatorNamespace,
        executorIdentity: resolved.logIdentity,
      });
    }
    const templates = this.taskPodTemplates;
    const templatesMount = templates ? { volume: templates.volume, mount: templates.mount } : undefined;
    // KubernetesPodOperator is in use when an operator family exists: its launchers need RBAC.
    const podOperator = templates?.hasOperatorFamilies ?? false;

    // Replicated components spread across nodes unless they bring their own affinity.
    const spread = <T extends { replicas?: number; scheduling: SchedulingProps }>(component: ComponentName, c: T, maxPods = c.replicas ?? 1): T => ({
      ...c,
      scheduling: { ...c.scheduling, affinity: componentAffinity(ctx, component, maxPods, c.scheduling.affinity) },
    });
    this.apiServer = new ApiServer(this, 'api-server', ctx, { ...spread(ctx.capabilities.httpServerComponent, resolved.apiServer), readsPodLogs: isKubernetesExecutor, uiPasswords: resolved.wiring.auth.passwords });
    this.scheduler = new Scheduler(this, 'scheduler', ctx, {
      ...spread('scheduler', resolved.scheduler),
      launchesPods: isKubernetesExecutor,
      podTemplates: isKubernetesExecutor ? templatesMount : undefined,
    });
    this.dagProcessor = new DagProcessor(this, 'dag-processor', ctx, spread('dag-processor', resolved.dagProcessor));
    this.triggerer = new Triggerer(this, 'triggerer', ctx, {
      ...spread('triggerer', resolved.triggerer),
      launchesPods: podOperator,
      podTemplates: podOperator ? templatesMount : undefined,
    });
    // Only when nobody chose: an explicit TaskLogs.ephemeral() is a decision, not an oversight.
    if (isKubernetesExecutor && ctx.logs instanceof EphemeralLogs && props.logs === undefined) {
      addWarning(this, 'logs: KubernetesExecutor task logs are written inside each task pod and vanish when the pod is deleted; use TaskLogs.remote(...) or TaskLogs.sharedVolume(...) to keep them');
    }
    const workers = resolved.worker;
    if (workers) {
      const maxWorkers = workers.autoscaling ? replicaRange(workers.autoscaling).max : workers.replicas;
      this.worker = new CeleryWorker(this, 'worker', ctx, {
        ...spread('worker', workers, maxWorkers),
        launchesPods: podOperator,
        podTemplates: templatesMount,
        mainEnv: workers.autoscaling?.kind === 'keda' && resolved.kedaConnection ? [kedaConnectionEnv(resolved.kedaConnection)] : undefined,
      });
      if (workers.hostDockerSocket) {
        addWarning(
          this.worker,
          'unsafeHostDockerSocket mounts the node\'s Docker socket into Celery workers: every task gets root on the node; ' +
            'nodes running containerd (most clusters since Kubernetes 1.24) have no Docker socket; ' +
            'Pod Security "restricted" and "baseline" reject the hostPath volume. ' +
            'Move DockerOperator tasks to a task pod family (README: "Leaving the Docker socket behind").',
        );
      }
    }
    if (resolved.redis) this.redis = new Redis(this, 'redis', ctx, resolved.redis);

    const launchers = new Map<string, string[]>();
    const addLauncher = (namespace: string, serviceAccount: string) =>
      launchers.set(namespace, [...(launchers.get(namespace) ?? []), serviceAccount]);
    if (isKubernetesExecutor) addLauncher(ctx.namespace, this.scheduler.component.serviceAccount.name);
    if (podOperator) {
      // KubernetesPodOperator runs where tasks run: in Celery workers and in executor task pods.
      const taskLaunchers = [...(this.worker ? [this.worker.component.serviceAccount.name] : []), ...templates!.executorServiceAccountNames];
      for (const sa of [...taskLaunchers, this.triggerer.component.serviceAccount.name]) addLauncher(operatorNamespace, sa);
    }
    for (const [namespace, serviceAccounts] of launchers) {
      const id = namespace === ctx.namespace ? 'pod-launcher' : 'operator-pod-launcher';
      new RoleWithBinding(this, id, ctx, { component: 'pod-launcher', rules: POD_LAUNCHER_RULES, namespace, serviceAccountNames: serviceAccounts });
    }
    if (isKubernetesExecutor) {
      // Logs of running tasks are read from their pods by the api-server (through the executor).
      new RoleWithBinding(this, 'pod-log-reader', ctx, {
        component: 'pod-log-reader',
        rules: POD_LOG_READER_RULES,
        serviceAccountNames: [this.apiServer.component.serviceAccount.name],
      });
    }

    new AirflowOperations(this, 'operations', ctx, {
      podDisruptionBudgets: props.availability?.podDisruptionBudgets ?? false,
      budgets: [
        { component: ctx.capabilities.httpServerComponent, budget: resolved.apiServer.disruptionBudget },
        { component: 'scheduler', budget: resolved.scheduler.disruptionBudget },
        { component: 'dag-processor', budget: resolved.dagProcessor.disruptionBudget },
        { component: 'triggerer', budget: resolved.triggerer.disruptionBudget },
        ...(workers ? [{ component: 'worker' as const, budget: resolved.workerBudget }] : []),
      ],
      autoscaling: workers?.autoscaling ? {
        autoscaling: workers.autoscaling,
        concurrency: workers.concurrency,
        queues: workers.queues,
        // Next to another executor, KEDA counts only the tasks Celery runs.
        executors: celery && resolved.executors.executors.length > 1 ? { names: celery.taskExecutorNames, isDefault: celery.isDefault } : undefined,
        database: resolved.kedaConnection
          ? { connectionFromEnv: KEDA_CONNECTION_ENV }
          : { host: embeddedDatabaseHost(ctx), port: POSTGRES_PORT, userName: POSTGRES_DATABASE, dbName: POSTGRES_DATABASE, passwordFromEnv: DB_PASSWORD_ENV },
      } : undefined,
      networkPolicies: props.networkPolicies,
      ingress: props.ingress,
      metrics: props.metrics,
      flower: celery?.flower ?? false,
      cleanup: props.cleanup,
      wiring: {
        identityEndpoints: resolved.logIdentity?.egress,
        embeddedDatabase: this.postgresql !== undefined,
        pgbouncer: resolved.pgbouncer !== undefined,
        keda: workers?.autoscaling?.kind === 'keda',
        embeddedRedis: this.redis !== undefined,
        worker: workers !== undefined,
        apiClients: [
          ...(this.secretBootstrap ? ['secret-bootstrap' as const] : []),
          ...(isKubernetesExecutor ? ['scheduler' as const, ctx.capabilities.httpServerComponent] : []),
          ...(podOperator ? ['triggerer' as const, ...(workers ? ['worker' as const] : []), ...(isKubernetesExecutor ? ['task' as const] : [])] : []),
          ...(props.cleanup?.taskPods ? ['cleanup' as const] : []),
        ],
        executorTaskPods: isKubernetesExecutor,
        operatorTaskPods: podOperator,
      },
    });

    if (resolved.logIdentity) {
      const serviceAccountNames = [
        this.apiServer, this.scheduler, this.dagProcessor, this.triggerer, ...(this.worker ? [this.worker] : []),
      ].map((c) => c.component.serviceAccount.name).concat(isKubernetesExecutor ? templates?.executorServiceAccountNames ?? [] : []);
      this.logIdentity = { ...resolved.logIdentity, serviceAccountNames };
      // The annotations and labels are on those ServiceAccounts and pods; EKS Pod Identity instead
      // needs an association made in AWS, which no manifest can carry.
      if (this.logIdentity.provider === 'eks-pod-identity') addWarning(this, eksPodIdentityReminder(this.logIdentity));
    }

    if (props.argoCdAnnotations ?? true) annotateForArgoCd(this);
  }

  /**
   * The path a DAG passes as `pod_template_file` (KubernetesPodOperator) or in
   * `executor_config` for a task pod family.
   *
   * @throws when the family does not exist
   */
  public taskPodTemplatePath(family: string): string {
    if (!this.taskPodTemplates) {
      throw new Error(`${this.node.path}: task pod family "${family}" is not defined: this instance has no task pod templates; add taskPods.families.`);
    }
    return this.taskPodTemplates.pathOf(family);
  }
}

/**
 * Resolves the props, turning a crash on props of the wrong shape (a `null` where an object
 * belongs, given from JavaScript or through a cast) into a problem that names the construct.
 */
function resolveProps(scope: Airflow, id: string, props: AirflowProps, problems: ValidationProblems): ReturnType<typeof resolveAirflow> {
  try {
    return resolveAirflow(scope, id, props, problems);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    problems.add('props', `could not be read (${error.message}): check that every prop has the type its documentation gives`);
    problems.throwIfAny();
    throw error;
  }
}

/** What a workload identity for remote logs needs, with the ServiceAccounts it applies to. */
export interface LogIdentityNeeds extends ResolvedWorkloadIdentity {
  /** ServiceAccounts of every pod that writes or reads logs. */
  readonly serviceAccountNames: readonly string[];
}

/** EKS Pod Identity binds IAM roles to ServiceAccounts in AWS, not in the cluster: say which. */
function eksPodIdentityReminder(needs: LogIdentityNeeds): string {
  return `logs: EKS Pod Identity needs an association (aws eks create-pod-identity-association) for each ServiceAccount that writes or reads logs: ${needs.serviceAccountNames.join(', ')}`;
}
