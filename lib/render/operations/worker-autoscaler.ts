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

/** What the autoscaler is built from. */
export interface WorkerAutoscalerOptions {
  readonly autoscaling: WorkerAutoscaling;
  readonly concurrency: number;
  readonly queues: readonly string[];
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
                connectionFromEnv: KEDA_CONNECTION_ENV,
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
