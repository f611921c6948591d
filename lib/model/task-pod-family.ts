/**
 * Task pod families: named, typed task pod templates. Two kinds, on purpose:
 * - executor templates run `airflow tasks run` (KubernetesExecutor, `executor_config`), so their
 *   image contains Airflow and they get the Airflow config and secrets;
 * - operator templates are for `KubernetesPodOperator(pod_template_file=...)`: any image, and no
 *   Airflow config or secrets, only what the family declares.
 */
import { SchedulingProps } from './component';
import { EXECUTOR_POD_DEFAULT_RESOURCES, OPERATOR_POD_DEFAULT_RESOURCES } from './defaults';
import { PodMetadataProps } from './extensions';
import { RunAsIdentity } from './identity';
import { ComputeResources, ResolvedResources } from './resources';

/** Which launcher uses a template. */
export type TaskPodKind = 'executor' | 'operator';

/** Environment variables loaded whole from a Secret or a ConfigMap. */
export interface TaskPodEnvSource {
  /** Name of a Secret whose keys become env vars. */
  readonly secretName?: string;
  /** Name of a ConfigMap whose keys become env vars. */
  readonly configMapName?: string;
}

/** A volume mounted into the `base` container. Exactly one source must be set. */
export interface TaskPodVolume {
  /** Volume name, unique within the pod. */
  readonly name: string;
  /** Where the volume appears in the container. */
  readonly mountPath: string;
  /**
   * Mount read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;
  /** Mount this ConfigMap. */
  readonly configMapName?: string;
  /** Mount this Secret. */
  readonly secretName?: string;
  /** Mount this PersistentVolumeClaim. */
  readonly claimName?: string;
  /** Mount an empty scratch directory. */
  readonly emptyDir?: boolean;
}

/**
 * What every family can set. `serviceAccountAnnotations` go on the family's ServiceAccount (for
 * the Spark family: the one its driver uses too), `podLabels` and `podAnnotations` on its pod
 * template (and Spark's driver and executor templates).
 */
export interface TaskPodFamilyOptions extends SchedulingProps, PodMetadataProps {
  /**
   * Family name: the template is `/opt/airflow/pod_templates/<name>.yaml`; lowercase letters,
   * digits and '-'.
   */
  readonly name: string;

  /**
   * Image of the `base` container, pinned. Executor templates need an image that contains
   * Airflow (the version of this deployment).
   */
  readonly image: string;

  /**
   * CPU and memory of one task pod: small by default, never a worker's.
   *
   * @default - 100m / 128Mi requested, 512Mi memory limit (executor: 100m / 256Mi, 1Gi)
   */
  readonly resources?: ComputeResources;

  /**
   * UID and GID the container runs as (never root).
   *
   * @default - executor: Airflow's 50000/0; operator: 65532/65532
   */
  readonly runAs?: Omit<RunAsIdentity, 'fsGroup'>;

  /**
   * Paths the container may write to, each an emptyDir; the root filesystem is read-only.
   *
   * @default ['/tmp']
   */
  readonly writablePaths?: readonly string[];

  /**
   * Extra env vars of the `base` container.
   *
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;

  /**
   * Secrets and ConfigMaps loaded as env.
   *
   * @default - none
   */
  readonly envFrom?: readonly TaskPodEnvSource[];

  /**
   * Extra volumes.
   *
   * @default - none
   */
  readonly volumes?: readonly TaskPodVolume[];

  /**
   * Mount a ServiceAccount token, for tasks that call the Kubernetes API themselves.
   *
   * @default false
   */
  readonly serviceAccountToken?: boolean;

  /**
   * Command of the `base` container; KubernetesPodOperator's `cmds` replace it.
   *
   * @default - the image's entrypoint
   */
  readonly command?: readonly string[];
}

/** A UID/GID that exists in no image: fine for images that do not care who runs them. */
export const UNPRIVILEGED_IDENTITY = { user: 65532, group: 65532 };

/** One named task pod template. */
export class TaskPodFamily {
  /** A template for KubernetesExecutor tasks (`executor_config={"pod_template_file": ...}`). */
  public static executor(options: TaskPodFamilyOptions): TaskPodFamily {
    return new TaskPodFamily('executor', options);
  }

  /** A template for `KubernetesPodOperator(pod_template_file=...)`: any image, no Airflow secrets. */
  public static operator(options: TaskPodFamilyOptions): TaskPodFamily {
    return new TaskPodFamily('operator', options);
  }

  protected constructor(public readonly kind: TaskPodKind, public readonly options: TaskPodFamilyOptions) {}

  /** The family name. */
  public get name(): string {
    return this.options.name;
  }

  /** Resources when the family sets none. */
  public get defaultResources(): ResolvedResources {
    return this.kind === 'executor' ? EXECUTOR_POD_DEFAULT_RESOURCES : OPERATOR_POD_DEFAULT_RESOURCES;
  }
}

/** Named task pod templates of an instance. */
export interface TaskPodsProps {
  /**
   * Task pod families, rendered to `/opt/airflow/pod_templates/<name>.yaml`.
   *
   * @default - none (KubernetesExecutor still gets its `default` template)
   */
  readonly families?: readonly TaskPodFamily[];

  /**
   * Namespace KubernetesPodOperator pods (operator families, Spark) run in. Their
   * ServiceAccounts and the pod-launching Role go there. Executor task pods stay in the
   * instance's namespace, next to the config and Secrets they read.
   *
   * @default - the instance's namespace
   */
  readonly operatorNamespace?: string;
}
