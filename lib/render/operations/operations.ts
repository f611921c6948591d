/**
 * The production-operations objects around the components: worker autoscaling, disruption
 * budgets, NetworkPolicies derived from the wiring, the Ingress, the shared log volume, metrics,
 * Flower and cleanup CronJobs. Each exists only when its prop asks for it.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ComponentName } from '../../labels';
import { DisruptionBudget } from '../../model/availability';
import { CleanupProps } from '../../model/cleanup';
import { AirflowIngressProps } from '../../model/ingress';
import { SharedVolumeLogs } from '../../model/logs';
import { MetricsProps } from '../../model/metrics';
import { EgressEndpoint, NetworkPoliciesProps } from '../../model/network-policies';
import { FLOWER_PORT, PGBOUNCER_PORT, POSTGRES_PORT, REDIS_PORT, STATSD_INGEST_PORT, STATSD_METRICS_PORT, TRIGGERER_LOG_PORT, WORKER_LOG_PORT } from '../../resolve/addresses';
import { AirflowContext, metadataFor } from '../context';
import { CleanupJobs } from '../extras/cleanup';
import { Flower } from '../extras/flower';
import { StatsdExporter } from '../extras/statsd';
import { ApiServerIngress } from '../networking/ingress';
import { AirflowNetworkPolicies } from '../networking/network-policies';
import { ComponentDisruptionBudget } from './availability';
import { WorkerAutoscaler, WorkerAutoscalerOptions } from './worker-autoscaler';

/** What the operations objects are built from. */
export interface OperationsOptions {
  readonly podDisruptionBudgets: boolean;
  /** Budgets per present long-running component. */
  readonly budgets: ReadonlyArray<{ readonly component: ComponentName; readonly budget?: DisruptionBudget }>;
  readonly autoscaling?: WorkerAutoscalerOptions;
  readonly networkPolicies?: NetworkPoliciesProps;
  readonly ingress?: AirflowIngressProps;
  readonly metrics?: MetricsProps;
  readonly flower: boolean;
  readonly cleanup?: CleanupProps;
  /** Facts about the wiring the NetworkPolicies are derived from. */
  readonly wiring: {
    /** Node-local endpoints the log readers and writers get cloud credentials from (workload identity). */
    readonly identityEndpoints?: readonly EgressEndpoint[];
    readonly embeddedDatabase: boolean;
    /** Whether Airflow reaches the database through PgBouncer. */
    readonly pgbouncer: boolean;
    /** Whether the KEDA operator (in its own namespace) queries the database. */
    readonly keda: boolean;
    readonly embeddedRedis: boolean;
    readonly worker: boolean;
    readonly apiClients: readonly ComponentName[];
    readonly executorTaskPods: boolean;
    readonly operatorTaskPods: boolean;
  };
}

/** Autoscaler, budgets, policies, ingress, log volume, metrics, Flower and cleanup. */
export class AirflowOperations extends Construct {
  constructor(scope: Construct, id: string, ctx: AirflowContext, options: OperationsOptions) {
    super(scope, id);
    const httpServer = ctx.capabilities.httpServerComponent;

    if (options.autoscaling) new WorkerAutoscaler(this, 'worker-autoscaler', ctx, options.autoscaling);
    if (options.podDisruptionBudgets) {
      for (const { component, budget } of options.budgets) new ComponentDisruptionBudget(this, `${component}-budget`, ctx, component, budget);
    }
    if (ctx.logs instanceof SharedVolumeLogs && ctx.logs.props.claimName === undefined) {
      new k8s.KubePersistentVolumeClaim(this, 'logs', {
        metadata: metadataFor(ctx, 'logs', `${ctx.instance}-logs`),
        spec: {
          accessModes: [ctx.logs.props.accessMode ?? 'ReadWriteMany'],
          storageClassName: ctx.logs.props.storageClassName,
          resources: { requests: { storage: k8s.Quantity.fromString(ctx.logs.props.size ?? '10Gi') } },
        },
      });
    }
    if (options.ingress) new ApiServerIngress(this, 'ingress', ctx, options.ingress);
    if (options.metrics) new StatsdExporter(this, 'statsd', ctx, options.metrics);
    if (options.flower) new Flower(this, 'flower', ctx);
    if (options.cleanup && (options.cleanup.taskPods || options.cleanup.database)) new CleanupJobs(this, 'cleanup', ctx, options.cleanup);

    if (!options.networkPolicies) return;
    const w = options.wiring;
    const longRunning = [httpServer, 'scheduler', 'dag-processor', 'triggerer', ...(w.worker ? ['worker'] : [])];
    const airflowComponents = [
      ...longRunning,
      'migrate-database',
      ...(w.executorTaskPods ? ['task'] : []),
      ...(options.flower ? ['flower'] : []),
      ...(options.cleanup?.taskPods || options.cleanup?.database ? ['cleanup'] : []),
    ];
    // Airflow 3 task pods reach Airflow through the execution API only, never the database.
    const airflowDbClients = airflowComponents.filter((c) => c !== 'flower' && !(c === 'task' && ctx.capabilities.hasExecutionApi));
    // With PgBouncer, only it and the migration Job (which connects directly) reach the database.
    const dbClients = w.pgbouncer ? ['pgbouncer', 'migrate-database'] : airflowDbClients;
    const brokerClients = ['scheduler', 'triggerer', ...(w.worker ? ['worker'] : []), ...(options.flower ? ['flower'] : [])];
    const dagReaders = ctx.capabilities.dagReaders.filter((c) => longRunning.includes(c));
    new AirflowNetworkPolicies(this, 'network-policies', ctx, options.networkPolicies, {
      airflowComponents,
      httpServer,
      embedded: [
        ...(w.embeddedDatabase ? [{ component: 'postgresql', port: POSTGRES_PORT, clients: dbClients }] : []),
        ...(w.pgbouncer ? [{ component: 'pgbouncer', port: PGBOUNCER_PORT, clients: airflowDbClients.filter((c) => c !== 'migrate-database') }] : []),
        ...(w.embeddedRedis ? [{ component: 'redis', port: REDIS_PORT, clients: brokerClients }] : []),
      ],
      logServers: [{ component: 'triggerer', port: TRIGGERER_LOG_PORT }, ...(w.worker ? [{ component: 'worker', port: WORKER_LOG_PORT }] : [])],
      kubernetesApiClients: w.apiClients,
      // Outside endpoints open only what the props declare, and the props may declare one only
      // where some pod connects to it (an outside database, broker, Git server or log store: see
      // resolve/network-policies.ts), so these lists need not repeat that condition.
      gitClients: [...dagReaders, ...(w.executorTaskPods ? ['task'] : [])],
      objectStorageClients: [...longRunning, ...(w.executorTaskPods ? ['task'] : [])],
      identityEndpoints: w.identityEndpoints,
      externalDatabaseClients: dbClients,
      externalBrokerClients: brokerClients,
      taskRunners: [...(w.worker ? ['worker'] : []), ...(w.executorTaskPods || w.operatorTaskPods ? ['task'] : [])],
      publicPorts: [{ component: httpServer, port: 8080 }, ...(options.flower ? [{ component: 'flower', port: FLOWER_PORT }] : [])],
      kedaDatabase: w.keda && w.embeddedDatabase ? { component: 'postgresql', port: POSTGRES_PORT } : undefined,
      statsd: options.metrics ? { component: 'statsd', ingestPort: STATSD_INGEST_PORT, metricsPort: STATSD_METRICS_PORT } : undefined,
    });
  }
}
