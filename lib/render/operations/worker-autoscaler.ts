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

/**
 * The KEDA query: how many workers the queued and running tasks need, with the same concurrency
 * the workers are configured with.
 */
export function kedaQuery(concurrency: number, queues: readonly string[]): string {
  const queueList = queues.map((q) => `'${q.replace(/'/g, "''")}'`).join(', ');
  return `SELECT ceil(COUNT(*)::decimal / ${concurrency}) FROM task_instance WHERE (state='running' OR state='queued') AND queue IN (${queueList})`;
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
                query: kedaQuery(options.concurrency, options.queues),
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
