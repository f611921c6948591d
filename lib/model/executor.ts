/**
 * The executor as a union type: each variant carries only the settings it can use, so Celery
 * workers and Redis cannot be configured for the KubernetesExecutor. `ExecutorList` runs both at
 * once (Airflow 2.10+), the first being the default.
 */
import { Duration } from 'cdk8s';
import { WorkerAutoscaling } from './autoscaling';
import { ComponentProps } from './component';
import { PodMetadataProps } from './extensions';
import { ComputeResources } from './resources';
import { AirflowSecret } from './secrets';

/** How Celery workers run. */
export interface CeleryWorkerProps extends ComponentProps {
  /**
   * Tasks one worker runs at once (`[celery] worker_concurrency`). Size `resources` for this many
   * tasks.
   *
   * @default 8
   */
  readonly concurrency?: number;

  /**
   * Time a worker has to finish its running tasks after it is asked to stop. Kubernetes kills it
   * afterwards, together with the tasks still running.
   *
   * @default Duration.minutes(10)
   */
  readonly gracePeriod?: Duration;

  /**
   * Scale the workers with the queue (KEDA) or on CPU (HPA). `replicas` must then be unset.
   *
   * @default - no autoscaling: `replicas` workers
   */
  readonly autoscaling?: WorkerAutoscaling;

  /**
   * Celery queues the workers consume; the KEDA query counts the same queues.
   *
   * @default ['default']
   */
  readonly queues?: readonly string[];

  /**
   * The longest a task runs. Workers stopped by a scale-down or rollout get `gracePeriod` to
   * finish; a longer task would be killed, so synth fails when this exceeds the grace period.
   *
   * @default - unknown: no check
   */
  readonly longestTaskDuration?: Duration;

  /**
   * UNSAFE, for migrating DockerOperator DAGs only: mounts the node's Docker socket
   * (`/var/run/docker.sock`) into the workers. That is root on the node for every task, nodes
   * running containerd (most clusters since Kubernetes 1.24) have no such socket, and Pod
   * Security "restricted" and "baseline" reject it. Synth prints a warning. Task pod templates
   * never get the socket; move such tasks to a task pod family instead.
   *
   * @default false
   */
  readonly unsafeHostDockerSocket?: boolean;

  /**
   * Group owning the Docker socket on the nodes (often `docker`), added to the workers'
   * supplemental groups so they can open it. Only with `unsafeHostDockerSocket`.
   *
   * @default - no supplemental group
   */
  readonly unsafeHostDockerSocketGroupId?: number;
}

/** Settings of the embedded Redis broker. */
export interface EmbeddedRedisProps {
  /**
   * The official `redis` image, pinned. The default stays on the 7.2 line on purpose: it is the
   * last BSD-licensed Redis line (7.4 and later are RSALv2/SSPLv1, 8.x adds AGPLv3) and the one the
   * official Airflow chart uses; Valkey (`valkey/valkey:7.2.x`, BSD) is a drop-in alternative.
   *
   * @default 'redis:7.2.16'
   */
  readonly image?: string;

  /**
   * Password clients must send. It is embedded in the broker URL, so it must be URL-safe
   * (generated passwords are hex).
   *
   * @default AirflowSecret.generated()
   */
  readonly password?: AirflowSecret;

  /**
   * CPU and memory of the Redis container.
   *
   * @default - 50m / 64Mi requested, 256Mi memory limit
   */
  readonly resources?: ComputeResources;

  /**
   * Keep queued work across Redis restarts: an append-only file (fsync every second) on a
   * PersistentVolumeClaim.
   *
   * @default - off: queued messages live in memory. The metadata database, not the broker, is the
   * record of every task: when a restart loses messages, the scheduler re-queues the tasks stuck
   * in "queued" after `[scheduler] task_queued_timeout` (10 minutes), twice, then fails them. Turn
   * it on when that delay matters (the production example does).
   */
  readonly persistence?: RedisPersistenceProps;
}

/** The volume Redis keeps its append-only file on. */
export interface RedisPersistenceProps {
  /**
   * Size of the claim.
   *
   * @default '1Gi'
   */
  readonly size?: string;

  /**
   * StorageClass of the claim.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
}

/** An existing Celery broker. */
export interface ExternalBrokerProps {
  /** Celery broker URL read from an existing Secret, e.g. `redis://:pass@redis:6379/0`. */
  readonly brokerUrl: AirflowSecret;
}

/** See `CeleryBroker.embeddedRedis()`. */
export class EmbeddedRedis {
  public readonly kind = 'embedded';
  constructor(public readonly props: EmbeddedRedisProps = {}) {}
}

/** See `CeleryBroker.external()`. */
export class ExternalBroker {
  public readonly kind = 'external';
  constructor(public readonly props: ExternalBrokerProps) {}
}

/** Where Celery tasks are queued. */
export type CeleryBroker = EmbeddedRedis | ExternalBroker;

/** Factories for `CeleryBroker`. */
export const CeleryBroker = {
  /** A password-protected Redis StatefulSet deployed with Airflow. */
  embeddedRedis(props: EmbeddedRedisProps = {}): EmbeddedRedis {
    return new EmbeddedRedis(props);
  },
  /** A broker managed elsewhere. */
  external(props: ExternalBrokerProps): ExternalBroker {
    return new ExternalBroker(props);
  },
};

/** Settings of CeleryExecutor. */
export interface CeleryExecutorProps {
  /**
   * The always-on Celery workers.
   *
   * @default - one worker, concurrency 8
   */
  readonly workers?: CeleryWorkerProps;

  /**
   * The broker that feeds the workers.
   *
   * @default CeleryBroker.embeddedRedis()
   */
  readonly broker?: CeleryBroker;

  /**
   * Run Flower, the Celery monitoring UI, behind a ClusterIP Service (reach it with
   * `kubectl port-forward`; it has no login of its own).
   *
   * @default false
   */
  readonly flower?: boolean;

  /**
   * A short name DAGs may use for this executor (`executor="<alias>"` on a task), besides its class
   * name. Rendered as `<alias>:<module path>` in `[core] executor`; Airflow 2.10 or later.
   *
   * @default - no alias: tasks name the executor by its class name, e.g. "CeleryExecutor"
   */
  readonly alias?: string;
}

/** Tasks run on always-on Celery workers fed through a broker (Redis). */
export class CeleryExecutor {
  public readonly kind = 'CeleryExecutor';
  constructor(public readonly props: CeleryExecutorProps = {}) {}
}

/**
 * The pod every task runs in under KubernetesExecutor, unless a task picks another template. Its
 * ServiceAccount and pod metadata take additions like a component's (e.g. IRSA for tasks that
 * write to S3).
 */
export interface DefaultTaskPodProps extends PodMetadataProps {
  /**
   * CPU and memory of one task pod.
   *
   * @default - 100m / 256Mi requested, 1Gi memory limit
   */
  readonly resources?: ComputeResources;

  /**
   * Node labels task pods require.
   *
   * @default - any node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
}

/** Settings of KubernetesExecutor. */
export interface KubernetesExecutorProps {
  /**
   * The default task pod template (`[kubernetes_executor] pod_template_file`).
   *
   * @default - the Airflow image with small explicit resources
   */
  readonly taskPod?: DefaultTaskPodProps;

  /**
   * A short name DAGs may use for this executor (`executor="<alias>"` on a task), besides its class
   * name. Rendered as `<alias>:<module path>` in `[core] executor`; Airflow 2.10 or later.
   *
   * @default - no alias: tasks name the executor by its class name, e.g. "KubernetesExecutor"
   */
  readonly alias?: string;
}

/** Every task runs in its own pod; no standing workers, no broker. */
export class KubernetesExecutor {
  public readonly kind = 'KubernetesExecutor';
  constructor(public readonly props: KubernetesExecutorProps = {}) {}
}

/** The executor Airflow uses. */
export type Executor = CeleryExecutor | KubernetesExecutor;

/**
 * Both executors in one instance (`[core] executor = CeleryExecutor,KubernetesExecutor`): the
 * first runs every task that names no executor, the second runs the tasks that ask for it with
 * `executor="KubernetesExecutor"` (or its alias). Each executor appears once: Airflow runs one
 * instance per executor class. Needs Airflow 2.10 or later.
 *
 * @example executor: [new CeleryExecutor(), new KubernetesExecutor()]
 */
export type ExecutorList = readonly [CeleryExecutor, KubernetesExecutor] | readonly [KubernetesExecutor, CeleryExecutor];

