/**
 * The worker autoscaler: a KEDA ScaledObject counting the Celery queue, or a CPU-based
 * HorizontalPodAutoscaler. The worker Deployment then leaves `replicas` to it.
 */
import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ScaledObject } from '../../../imports/keda-keda.sh';
import { KedaAutoscaling, WorkerAutoscaling, replicaRange } from '../../model/autoscaling';
import { componentName } from '../../resolve/addresses';
import { AirflowContext, metadataFor } from '../context';

/** Which tasks Celery runs when another executor runs next to it. */
export interface CeleryTaskFilter {
  /** Values of `task_instance.executor` that name CeleryExecutor: class name, module path, alias. */
  readonly names: readonly string[];
  /** Whether Celery is the default executor: tasks naming no executor (NULL) then run on it too. */
  readonly isDefault: boolean;
}

/**
 * The KEDA query: how many workers the queued and running tasks need, with the same concurrency
 * the workers are configured with, over the queues they consume. Next to another executor it
 * counts only Celery's tasks, by `task_instance.executor` (apache/airflow#49001): a task's queue
 * says nothing about its executor.
 */
export function kedaQuery(concurrency: number, queues: readonly string[], executors?: CeleryTaskFilter): string {
  const list = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
  const ofCelery = executors && `executor IN (${list(executors.names)})`;
  const executorClause = !executors ? '' : executors.isDefault ? ` AND (executor IS NULL OR ${ofCelery})` : ` AND ${ofCelery}`;
  return `SELECT ceil(COUNT(*)::decimal / ${concurrency}) FROM task_instance WHERE (state='running' OR state='queued')${executorClause} AND queue IN (${list(queues)})`;
}

/**
 * How KEDA's PostgreSQL trigger reaches the metadata database: a libpq URI in the worker's env
 * (external database), or the embedded database's host, user and name with the password read from
 * the worker's env (no URL, so any password works).
 */
export type KedaDatabase =
  | { readonly connectionFromEnv: string }
  | { readonly host: string; readonly port: number; readonly userName: string; readonly dbName: string; readonly passwordFromEnv: string };

/** What the autoscaler is built from. */
export interface WorkerAutoscalerOptions {
  readonly autoscaling: WorkerAutoscaling;
  readonly concurrency: number;
  readonly queues: readonly string[];
  /** Celery's tasks among those of several executors; undefined when Celery is the only executor. */
  readonly executors?: CeleryTaskFilter;
  /** Where KEDA queries the queue length (KEDA autoscaling only). */
  readonly database?: KedaDatabase;
}

/** The ScaledObject or HorizontalPodAutoscaler of the worker Deployment. */
export class WorkerAutoscaler extends Construct {
  constructor(scope: Construct, id: string, ctx: AirflowContext, options: WorkerAutoscalerOptions) {
    super(scope, id);
    const target = componentName(ctx, 'worker');
    const { min, max } = replicaRange(options.autoscaling);
    if (options.autoscaling instanceof KedaAutoscaling) {
      const cooldown = (options.autoscaling.props.cooldownPeriod ?? Duration.minutes(5)).toSeconds();
      new ScaledObject(this, 'scaled-object', {
        metadata: metadataFor(ctx, 'worker'),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
          minReplicaCount: min,
          maxReplicaCount: max,
          pollingInterval: (options.autoscaling.props.pollingInterval ?? Duration.seconds(10)).toSeconds(),
          cooldownPeriod: cooldown,
          advanced: {
            horizontalPodAutoscalerConfig: {
              behavior: { scaleDown: { stabilizationWindowSeconds: cooldown } },
            },
          },
          triggers: [
            {
              type: 'postgresql',
              metadata: {
                ...kedaDatabaseMetadata(options.database ?? { connectionFromEnv: KEDA_CONNECTION_ENV }),
                query: kedaQuery(options.concurrency, options.queues, options.executors),
                targetQueryValue: '1',
              },
            },
          ],
        },
      });
    } else {
      new k8s.KubeHorizontalPodAutoscalerV2(this, 'hpa', {
        metadata: metadataFor(ctx, 'worker'),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
          minReplicas: min,
          maxReplicas: max,
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: options.autoscaling.props.targetCpuUtilization ?? 80 } },
            },
          ],
        },
      });
    }
  }
}

/** Env the KEDA trigger reads the database connection from (on the worker container). */
export const KEDA_CONNECTION_ENV = 'AIRFLOW_CONN_AIRFLOW_DB';

/** The trigger metadata naming the database. */
function kedaDatabaseMetadata(database: KedaDatabase): Record<string, string> {
  if ('connectionFromEnv' in database) return { connectionFromEnv: database.connectionFromEnv };
  return {
    host: database.host,
    port: String(database.port),
    userName: database.userName,
    dbName: database.dbName,
    sslmode: 'disable',
    passwordFromEnv: database.passwordFromEnv,
  };
}
