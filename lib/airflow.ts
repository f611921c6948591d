/**
 * The Airflow construct: one typed description of an Airflow deployment, turned into every
 * Kubernetes object it needs and nothing else.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ComponentProps } from './component-props';
import { AirflowSettings } from './config';
import { AirflowContext, metadataFor } from './context';
import { MetadataDatabase } from './database';
import { ValidationProblems } from './errors';
import { Executor, KubernetesExecutor } from './executor';
import { POD_LAUNCHER_RULES, POD_LOG_READER_RULES, RoleWithBinding } from './rbac';
import { resolveProps } from './resolve-props';
import { ComputeResources } from './resources';
import { AirflowSecret } from './secrets';
import { AirflowVersion } from './version';
import { buildContext } from './wiring';
import { ApiServer } from './components/api-server';
import { CeleryWorker } from './components/celery-worker';
import { DagProcessor } from './components/dag-processor';
import { MigrateDatabaseJob } from './components/migrate-database';
import { Postgresql } from './components/postgresql';
import { Redis } from './components/redis';
import { Scheduler } from './components/scheduler';
import { SecretBootstrapJob } from './components/secret-bootstrap';
import { Triggerer } from './components/triggerer';
import { TaskPodTemplates } from './pod-templates/task-pod-templates';
import { TaskPodsProps } from './pod-templates/validate-task-pods';
import { addWarning } from './warnings';
import { DagSource } from './dags';
import { CleanupProps } from './extras/cleanup';
import { MetricsProps } from './extras/statsd';
import { PgBouncer, PgBouncerProps } from './extras/pgbouncer';
import { TaskLogs } from './logs';
import { AirflowIngressProps } from './networking/ingress';
import { NetworkPoliciesProps } from './networking/network-policies';
import { replicaRange } from './autoscaling';
import { componentAffinity } from './availability';
import { SchedulingProps } from './component-props';
import { kedaConnectionEnv } from './components/celery-worker';
import { CeleryExecutor } from './executor';
import { ComponentName } from './labels';
import { EphemeralLogs } from './logs';
import { AirflowOperations } from './operations';
import { annotateForArgoCd } from './gitops/sync-waves';
import { AirflowNamespaces } from './namespace';
import { SecretSources } from './secret-sources';

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
   * Named task pod templates (Spark, Hadoop, Python, ...) for KubernetesPodOperator and
   * `executor_config`, and the namespace their pods run in.
   *
   * @default - none; KubernetesExecutor still gets its default template
   */
  readonly taskPods?: TaskPodsProps;

  /**
   * Where DAG files come from.
   *
   * @default DagSource.baked() - in the image at /opt/airflow/dags
   */
  readonly dags?: DagSource;

  /**
   * Where task logs go. KubernetesExecutor with ephemeral logs prints a warning: task logs vanish
   * with the task pod.
   *
   * @default TaskLogs.ephemeral()
   */
  readonly logs?: TaskLogs;

  /**
   * NetworkPolicies derived from the wiring: default deny, then only the connections the
   * components make. Endpoints outside the cluster's pods must be declared.
   *
   * @default - no NetworkPolicies
   */
  readonly networkPolicies?: NetworkPoliciesProps;

  /**
   * An Ingress in front of the api-server; also sets Airflow's external base URL.
   *
   * @default - no Ingress (reach the UI with `kubectl port-forward`)
   */
  readonly ingress?: AirflowIngressProps;

  /**
   * Availability: PodDisruptionBudgets for scheduler, api-server, DAG processor, triggerer and
   * workers (sized per component with `disruptionBudget`). Replicated components always get a
   * preferred anti-affinity across nodes unless they set their own affinity.
   *
   * @default - no PodDisruptionBudgets
   */
  readonly availability?: { readonly podDisruptionBudgets?: boolean };

  /**
   * Metrics: a StatsD exporter Airflow reports to, optionally with a ServiceMonitor.
   *
   * @default - no metrics
   */
  readonly metrics?: MetricsProps;

  /**
   * PgBouncer between Airflow and the metadata database (migrations still connect directly).
   *
   * @default - no PgBouncer
   */
  readonly pgbouncer?: PgBouncerProps;

  /**
   * Housekeeping CronJobs.
   *
   * @default - none
   */
  readonly cleanup?: CleanupProps;

  /**
   * Emit the Namespace object(s) with Pod Security admission enforcing "restricted". Leave off
   * when the namespace is managed elsewhere (a platform team, Argo CD's `CreateNamespace`).
   *
   * @default false
   */
  readonly createNamespace?: boolean;

  /**
   * Annotate objects for Argo CD: sync waves on every object, and the secret bootstrap and
   * migration Jobs as `Sync` hooks. Harmless under `kubectl apply`.
   *
   * @default true
   */
  readonly argoCdAnnotations?: boolean;

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
  /** Task pod templates (KubernetesExecutor, or any task pod families). */
  public readonly taskPodTemplates?: TaskPodTemplates;

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

    if (props.createNamespace) {
      new AirflowNamespaces(this, 'namespace', ctx, [ctx.namespace, resolved.taskPods.operatorNamespace]);
    }

    if (ctx.secrets.some((s) => s.origin)) new SecretSources(this, 'secret-sources', ctx, ctx.secrets);

    const generated = ctx.secrets.filter((s) => s.source === 'generated');
    if (generated.length > 0) this.secretBootstrap = new SecretBootstrapJob(this, 'secret-bootstrap', ctx, generated);

    if (resolved.postgres) this.postgresql = new Postgresql(this, 'postgresql', ctx, resolved.postgres);
    if (resolved.pgbouncer) new PgBouncer(this, 'pgbouncer', ctx, resolved.pgbouncer);
    this.migrateDatabase = new MigrateDatabaseJob(this, 'migrate-database', ctx, resolved.migrations);

    const isKubernetesExecutor = executor instanceof KubernetesExecutor;
    const { families, operatorNamespace } = resolved.taskPods;
    if (isKubernetesExecutor || families.length > 0) {
      this.taskPodTemplates = new TaskPodTemplates(this, 'pod-templates', ctx, {
        families,
        defaultTemplate: resolved.taskPod,
        operatorNamespace,
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
    this.apiServer = new ApiServer(this, 'api-server', ctx, { ...spread(ctx.capabilities.httpServerComponent, resolved.apiServer), readsPodLogs: isKubernetesExecutor });
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
    if (isKubernetesExecutor && ctx.logs instanceof EphemeralLogs) {
      addWarning(this, 'logs: KubernetesExecutor task logs are written inside each task pod and vanish when the pod is deleted; use TaskLogs.remote(...) or TaskLogs.sharedVolume(...) to keep them');
    }
    const workers = resolved.worker;
    if (workers) {
      const maxWorkers = workers.autoscaling ? replicaRange(workers.autoscaling).max : workers.replicas;
      this.worker = new CeleryWorker(this, 'worker', ctx, {
        ...spread('worker', workers, maxWorkers),
        launchesPods: podOperator,
        podTemplates: templatesMount,
        mainEnv: workers.autoscaling?.kind === 'keda' ? [kedaConnectionEnv(ctx, resolved.kedaConnection)] : undefined,
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
      const taskLaunchers = this.worker ? [this.worker.component.serviceAccount.name] : templates!.executorServiceAccountNames;
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
      autoscaling: workers?.autoscaling ? { autoscaling: workers.autoscaling, concurrency: workers.concurrency, queues: workers.queues } : undefined,
      networkPolicies: props.networkPolicies,
      ingress: props.ingress,
      metrics: props.metrics,
      flower: executor instanceof CeleryExecutor && (executor.props.flower ?? false),
      cleanup: props.cleanup,
      wiring: {
        embeddedDatabase: this.postgresql !== undefined,
        pgbouncer: resolved.pgbouncer !== undefined,
        keda: workers?.autoscaling?.kind === 'keda',
        embeddedRedis: this.redis !== undefined,
        externalBroker: workers !== undefined && this.redis === undefined,
        worker: workers !== undefined,
        apiClients: [
          ...(this.secretBootstrap ? ['secret-bootstrap' as const] : []),
          ...(isKubernetesExecutor ? ['scheduler' as const, ctx.capabilities.httpServerComponent] : []),
          ...(podOperator ? ['triggerer' as const, ...(workers ? ['worker' as const] : ['task' as const])] : []),
          ...(props.cleanup?.taskPods ? ['cleanup' as const] : []),
        ],
        executorTaskPods: isKubernetesExecutor,
        operatorTaskPods: podOperator,
      },
    });

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
