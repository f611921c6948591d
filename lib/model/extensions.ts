/**
 * What a user adds to a component's pods beyond the typed settings: ServiceAccount annotations
 * (IRSA, Workload Identity), pod labels and annotations, env (values and Secret references),
 * volumes, sidecars and init containers. Every addition is checked like any other prop (names,
 * label syntax, no secret literals, no clash with what cdk8s-airflow renders) and added to what
 * the component already has; nothing it renders can be replaced this way. For anything else, every
 * component's objects stay reachable (README: "Beyond the props").
 *
 * The fields sit directly on each component's props (`scheduler: { serviceAccountAnnotations }`)
 * rather than under a nested `extensions` object: completion lists them next to `replicas` and
 * `resources`, and errors name them the way they are written (`scheduler.env[0].value`).
 */
import { k8s } from 'cdk8s-plus-27';
import { RunAsIdentity } from './identity';

/** Labels and annotations of a pod, and annotations of its ServiceAccount. */
export interface PodMetadataProps {
  /**
   * Annotations of the ServiceAccount the pods run as, e.g. IRSA
   * (`eks.amazonaws.com/role-arn`) or GKE Workload Identity (`iam.gke.io/gcp-service-account`).
   *
   * @default - none
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;

  /**
   * Labels added to the pods (not to the selector). Keys under `app.kubernetes.io/` and
   * `cdk8s-airflow/` are set by cdk8s-airflow and rejected.
   *
   * @default - none
   */
  readonly podLabels?: Readonly<Record<string, string>>;

  /**
   * Annotations added to the pods, e.g. for a service mesh or a log shipper. Keys that
   * cdk8s-airflow sets itself (such as `checksum/config`) are rejected.
   *
   * @default - none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

/** A key of an existing Secret or ConfigMap. */
export interface KeyReference {
  /** Name of the Secret or ConfigMap, in the instance's namespace. */
  readonly name: string;
  /** The key. */
  readonly key: string;
  /**
   * Start the container even when the object or key is missing.
   *
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * An environment variable. Set exactly one of `value`, `secret` and `configMap`. Secret material
 * never goes in `value`: a value that looks like one (a private key, an access key, a URL with a
 * password, or any literal for a name like `*_PASSWORD` or `*_TOKEN`) is rejected.
 */
export interface ExtraEnvVar {
  /**
   * Variable name (letters, digits, `_`, `-`, `.`; no digit first). Names cdk8s-airflow sets
   * (the database connection, keys, broker URL) are rejected with the prop that sets them.
   */
  readonly name: string;

  /** A plain value; `$(OTHER_VAR)` refers to another variable of the container. */
  readonly value?: string;

  /** A key of an existing Secret: only the reference appears in the manifests. */
  readonly secret?: KeyReference;

  /** A key of an existing ConfigMap. */
  readonly configMap?: KeyReference;
}

/** A volume added to the pods. */
export interface ExtraVolume {
  /**
   * The volume, with any source Pod Security "restricted" allows (ConfigMap, Secret, projected,
   * CSI, emptyDir, ephemeral, PersistentVolumeClaim, ...; not hostPath). Its name must differ from
   * the volumes the component already has.
   */
  readonly volume: k8s.Volume;

  /**
   * Where the main container mounts it.
   *
   * @default - not mounted in the main container (a volume only sidecars mount)
   */
  readonly mountPath?: string;

  /**
   * Mount only this path of the volume.
   *
   * @default - the whole volume
   */
  readonly subPath?: string;

  /**
   * Mount read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;
}

/** Where a container added to the pod mounts one of the pod's volumes. */
export interface ExtraVolumeMount {
  /** Name of a volume of the pod: one the component has (e.g. `tmp`) or one from `volumes`. */
  readonly name: string;
  /** Absolute path in the container. */
  readonly mountPath: string;
  /**
   * Mount only this path of the volume.
   *
   * @default - the whole volume
   */
  readonly subPath?: string;
  /**
   * Mount read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;
}

/** A port a sidecar listens on. */
export interface ExtraContainerPort {
  /** Port name (at most 15 characters of a-z, 0-9, '-'), unique in the pod. */
  readonly name: string;
  /** Port number, 1-65535. */
  readonly containerPort: number;
  /**
   * Protocol.
   *
   * @default 'TCP'
   */
  readonly protocol?: 'TCP' | 'UDP';
}

/** CPU and memory of a container you add: requests and a memory limit are required. */
export interface ExtraContainerResources {
  /** CPU request, e.g. `50m`. */
  readonly cpu: string;
  /** Memory request, e.g. `64Mi`. */
  readonly memory: string;
  /** Memory limit, e.g. `128Mi`. */
  readonly memoryLimit: string;
  /**
   * CPU limit.
   *
   * @default - no CPU limit
   */
  readonly cpuLimit?: string;
}

/**
 * A container added to the pods, as a sidecar or an init container. It runs under Pod Security
 * "restricted" like every container of this library (non-root, read-only root filesystem, no
 * privilege escalation, no capabilities); mount an emptyDir from `volumes` where it writes.
 */
export interface ExtraContainer {
  /** Container name, a lowercase RFC 1123 label unique in the pod. */
  readonly name: string;

  /** Image, pinned to a tag or digest. */
  readonly image: string;

  /**
   * Entrypoint.
   *
   * @default - the image's
   */
  readonly command?: readonly string[];

  /**
   * Arguments.
   *
   * @default - the image's
   */
  readonly args?: readonly string[];

  /**
   * Environment variables (checked like a component's `env`).
   *
   * @default - none
   */
  readonly env?: readonly ExtraEnvVar[];

  /** CPU and memory requests and memory limit. */
  readonly resources: ExtraContainerResources;

  /**
   * Volumes of the pod the container mounts.
   *
   * @default - none
   */
  readonly volumeMounts?: readonly ExtraVolumeMount[];

  /**
   * Ports (sidecars only).
   *
   * @default - none
   */
  readonly ports?: readonly ExtraContainerPort[];

  /**
   * UID and GID the container runs as (never root).
   *
   * @default - the pod's: Airflow's 50000 / 0
   */
  readonly runAs?: Omit<RunAsIdentity, 'fsGroup'>;

  /**
   * Readiness probe (sidecars only).
   *
   * @default - none
   */
  readonly readinessProbe?: k8s.Probe;

  /**
   * Liveness probe (sidecars only).
   *
   * @default - none
   */
  readonly livenessProbe?: k8s.Probe;

  /**
   * Startup probe (sidecars only).
   *
   * @default - none
   */
  readonly startupProbe?: k8s.Probe;
}

/** What a long-running Airflow component's pods can be given beyond the typed settings. */
export interface ComponentExtensionProps extends PodMetadataProps {
  /**
   * Environment variables of the main container (after the ones cdk8s-airflow sets; not in its
   * init containers).
   *
   * @default - none
   */
  readonly env?: readonly ExtraEnvVar[];

  /**
   * Volumes added to the pods, mounted into the main container where `mountPath` says.
   *
   * @default - none
   */
  readonly volumes?: readonly ExtraVolume[];

  /**
   * Containers running next to the main container (a proxy, a log shipper, ...).
   *
   * @default - none
   */
  readonly sidecars?: readonly ExtraContainer[];

  /**
   * Containers run to completion before the main container, after the ones cdk8s-airflow adds
   * (such as the one waiting for database migrations).
   *
   * @default - none
   */
  readonly initContainers?: readonly ExtraContainer[];
}
