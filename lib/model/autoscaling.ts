/**
 * Celery worker autoscaling: KEDA scaling on the queue (running + queued task instances divided
 * by the same concurrency the workers run with), or a plain CPU-based HorizontalPodAutoscaler.
 * The worker Deployment then leaves `replicas` to the autoscaler.
 */
import { Duration } from 'cdk8s';

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

/** Minimum and maximum worker count of an autoscaling choice. */
export function replicaRange(autoscaling: WorkerAutoscaling): { min: number; max: number } {
  const min = autoscaling.props.minReplicas ?? (autoscaling instanceof KedaAutoscaling ? 0 : 1);
  return { min, max: autoscaling.props.maxReplicas ?? 10 };
}
