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
import { CeleryExecutor, KubernetesExecutor } from './model/executor';
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
import { PgBouncer } from './render/extras/pgbouncer';
import { annotateForArgoCd } from './render/gitops/sync-waves';
import { AirflowNamespaces } from './render/namespace';
import { componentAffinity } from './render/operations/availability';
import { AirflowOperations } from './render/operations/operations';
import { TaskPodTemplates } from './render/pod-templates/task-pod-templates';
import { POD_LAUNCHER_RULES, POD_LOG_READER_RULES, RoleWithBinding } from './render/rbac';
import { SecretSources } from './render/secret-sources';
import { buildContext } from './render/wiring';
import { resolveAirflow } from './resolve/resolve-airflow';
import { addWarning } from './warnings';


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
    const resolved = resolveAirflow(this, id, props, problems);
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
