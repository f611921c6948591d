/**
 * Celery worker autoscaling: KEDA scaling on the queue (running + queued task instances divided
 * by the same concurrency the workers run with), or a plain CPU-based HorizontalPodAutoscaler.
 * The worker Deployment then leaves `replicas` to the autoscaler.
 */
import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ScaledObject } from '../imports/keda-keda.sh';
import { AirflowContext, componentName, metadataFor } from './context';

/** Settings of KEDA autoscaling. */
export interface KedaAutoscalingProps {
  /** Fewest workers; 0 lets the pool scale to zero when no task is queued or running. @default 0 */
  readonly minReplicas?: number;
  /** Most workers. @default 10 */
  readonly maxReplicas?: number;
  /**
   * How long the queue must stay empty before the last workers go (scale to `minReplicas` 0);
   * also the HPA's scale-down stabilization window, so workers are not removed in bursts.
   *
   * @default Duration.minutes(5)
   */
  readonly cooldownPeriod?: Duration;
  /** How often KEDA queries the database. @default Duration.seconds(10) */
  readonly pollingInterval?: Duration;
}

/** Settings of CPU-based autoscaling. */
export interface HpaAutoscalingProps {
  /** Fewest workers. @default 1 */
  readonly minReplicas?: number;
  /** Most workers. @default 10 */
  readonly maxReplicas?: number;
  /** Average CPU utilization (percent of requests) to aim for. @default 80 */
  readonly targetCpuUtilization?: number;
}

/** KEDA ScaledObject with a PostgreSQL trigger on the task queue. */
export class KedaAutoscaling {
  public readonly kind = 'keda';
  constructor(public readonly props: KedaAutoscalingProps = {}) {}
}

/** autoscaling/v2 HorizontalPodAutoscaler on CPU. */
export class HpaAutoscaling {
  public readonly kind = 'hpa';
  constructor(public readonly props: HpaAutoscalingProps = {}) {}
}

/** How the Celery worker pool scales. */
export type WorkerAutoscaling = KedaAutoscaling | HpaAutoscaling;

/** Factories for `WorkerAutoscaling`. */
export const WorkerAutoscaling = {
  keda(props: KedaAutoscalingProps = {}): KedaAutoscaling {
    return new KedaAutoscaling(props);
  },
  hpa(props: HpaAutoscalingProps = {}): HpaAutoscaling {
    return new HpaAutoscaling(props);
  },
};

/** Env the KEDA trigger reads the database connection from (on the worker container). */
export const KEDA_CONNECTION_ENV = 'AIRFLOW_CONN_AIRFLOW_DB';

/** Minimum and maximum worker count of an autoscaling choice. */
export function replicaRange(autoscaling: WorkerAutoscaling): { min: number; max: number } {
  const min = autoscaling.props.minReplicas ?? (autoscaling instanceof KedaAutoscaling ? 0 : 1);
  return { min, max: autoscaling.props.maxReplicas ?? 10 };
}

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
