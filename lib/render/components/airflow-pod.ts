/**
 * Building blocks shared by every pod that runs the Airflow image: the container with its env,
 * config mount and writable paths, the init container that waits for migrations, and the pod spec.
 */
import { k8s } from 'cdk8s-plus-27';
import { SchedulingProps } from '../../model/component';
import { AIRFLOW_IDENTITY } from '../../model/identity';
import { ResolvedResources } from '../../model/resources';
import { AirflowContext } from '../context';
import { logsVolume } from '../logs-volume';
import { toResourceRequirements } from '../resources';
import { schedulingFields } from '../scheduling';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../security';

/** Where the official image keeps Airflow's home. */
export const AIRFLOW_HOME = '/opt/airflow';

/** Resources of the init container that waits for migrations (an Airflow CLI process). */
const WAIT_FOR_MIGRATIONS_RESOURCES: ResolvedResources = { cpu: '50m', memory: '256Mi', memoryLimit: '512Mi' };

/** What differs between Airflow containers. */
export interface AirflowContainerOptions {
  /** Container name. */
  readonly name: string;
  /** Image, when it is not the instance's Airflow image (it must still contain Airflow). */
  readonly image?: string;
  /** Connect to the database directly even when a pooler is configured (migrations). */
  readonly directDatabase?: boolean;
  /** The container runs one task (executor task pods): it gets the task env only. */
  readonly runsTask?: boolean;
  /** Whether the container talks to the Celery broker (scheduler, workers, triggerer, Flower). */
  readonly usesBroker?: boolean;
  /** Arguments to the image's entrypoint, e.g. `['airflow', 'scheduler']`. */
  readonly args?: string[];
  /** CPU and memory. */
  readonly resources: ResolvedResources;
  /** Env added after the shared Airflow env. */
  readonly env?: k8s.EnvVar[];
  /** Secrets and ConfigMaps loaded as env. */
  readonly envFrom?: k8s.EnvFromSource[];
  /** Ports the container listens on. */
  readonly ports?: k8s.ContainerPort[];
  /** Probe run until the container has started. */
  readonly startupProbe?: k8s.Probe;
  /** Probe that restarts the container when it fails. */
  readonly livenessProbe?: k8s.Probe;
  /** Probe that removes the pod from Services when it fails. */
  readonly readinessProbe?: k8s.Probe;
  /** Mounts added after the shared ones. */
  readonly volumeMounts?: k8s.VolumeMount[];
}

/** A container running the Airflow image with the instance's config and secrets. */
export function airflowContainer(ctx: AirflowContext, options: AirflowContainerOptions): k8s.Container {
  return {
    name: options.name,
    image: options.image ?? ctx.image,
    imagePullPolicy: 'IfNotPresent',
    args: options.args,
    env: [...sharedEnv(ctx, options), ...(options.usesBroker ? ctx.brokerEnv : []), ...(options.env ?? [])],
    envFrom: options.envFrom && options.envFrom.length > 0 ? options.envFrom : undefined,
    ports: options.ports,
    resources: toResourceRequirements(options.resources),
    securityContext: restrictedContainerSecurityContext(AIRFLOW_IDENTITY),
    startupProbe: options.startupProbe,
    livenessProbe: options.livenessProbe,
    readinessProbe: options.readinessProbe,
    volumeMounts: [...airflowVolumeMounts(), ...(options.volumeMounts ?? [])],
  };
}

function sharedEnv(ctx: AirflowContext, options: AirflowContainerOptions): readonly k8s.EnvVar[] {
  if (options.runsTask) return ctx.taskEnv;
  return options.directDatabase ? ctx.migrationEnv : ctx.airflowEnv;
}

/**
 * Init container that blocks until `airflow db migrate` has brought the schema to this image's
 * version, so components never run against an old schema, whatever order objects are applied in.
 */
export function waitForMigrationsContainer(ctx: AirflowContext): k8s.Container {
  return airflowContainer(ctx, {
    name: 'wait-for-migrations',
    args: ['airflow', 'db', 'check-migrations', '--migration-wait-timeout=600'],
    resources: WAIT_FOR_MIGRATIONS_RESOURCES,
  });
}

/** Paths every Airflow container can write to (emptyDir mounts). */
export const AIRFLOW_WRITABLE_PATHS: readonly string[] = [`${AIRFLOW_HOME}/logs`, '/tmp'];

/** The writable /tmp every Airflow pod has; other containers of the pod share it through this mount. */
export const AIRFLOW_TMP_MOUNT: k8s.VolumeMount = { name: 'tmp', mountPath: '/tmp' };

/** Mounts every Airflow container has: config file and the writable paths. */
export function airflowVolumeMounts(): k8s.VolumeMount[] {
  return [
    { name: 'config', mountPath: `${AIRFLOW_HOME}/airflow.cfg`, subPath: 'airflow.cfg', readOnly: true },
    { name: 'logs', mountPath: `${AIRFLOW_HOME}/logs` },
    AIRFLOW_TMP_MOUNT,
  ];
}

/** Volumes behind `airflowVolumeMounts()`. */
export function airflowVolumes(ctx: AirflowContext): k8s.Volume[] {
  return [
    { name: 'config', configMap: { name: ctx.configMapName } },
    logsVolume(ctx.logs, ctx.instance, ctx.localLogs),
    { name: 'tmp', emptyDir: {} },
  ];
}

/** What differs between pods running the Airflow image. */
export interface AirflowPodOptions {
  /** ServiceAccount of the pod. */
  readonly serviceAccountName: string;
  /** Mount the ServiceAccount token: only for pods that call the Kubernetes API. */
  readonly automountServiceAccountToken: boolean;
  /** Main containers. */
  readonly containers: k8s.Container[];
  /** Init containers, run in order before the main containers. */
  readonly initContainers?: k8s.Container[];
  /** Volumes added after the shared ones. */
  readonly volumes?: k8s.Volume[];
  /** Seconds between SIGTERM and SIGKILL. */
  readonly terminationGracePeriodSeconds?: number;
  /** Pod restart policy. */
  readonly restartPolicy?: string;
  /** Extra groups of the pod's processes. */
  readonly supplementalGroups?: number[];
  /** Node selection. */
  readonly scheduling?: SchedulingProps;
}

/** A pod spec for the Airflow image under Pod Security "restricted". */
export function airflowPodSpec(ctx: AirflowContext, options: AirflowPodOptions): k8s.PodSpec {
  const scheduling = options.scheduling ?? {};
  return {
    serviceAccountName: options.serviceAccountName,
    automountServiceAccountToken: options.automountServiceAccountToken,
    enableServiceLinks: false,
    restartPolicy: options.restartPolicy,
    terminationGracePeriodSeconds: options.terminationGracePeriodSeconds,
    securityContext: { ...restrictedPodSecurityContext(AIRFLOW_IDENTITY), supplementalGroups: options.supplementalGroups },
    imagePullSecrets: imagePullSecrets(ctx),
    ...schedulingFields(scheduling),
    initContainers: options.initContainers,
    containers: options.containers,
    volumes: [...airflowVolumes(ctx), ...(options.volumes ?? [])],
  };
}

/** `imagePullSecrets` of a pod, or undefined when there are none. */
export function imagePullSecrets(ctx: AirflowContext): k8s.LocalObjectReference[] | undefined {
  return ctx.imagePullSecrets.length > 0 ? ctx.imagePullSecrets.map((name) => ({ name })) : undefined;
}

/** Pod template annotations that roll pods when the Airflow config changes. */
export function configHashAnnotations(ctx: AirflowContext): Record<string, string> {
  return { 'checksum/config': ctx.configHash };
}

/**
 * Probe running an `airflow jobs check` command. It starts a Python interpreter, so timeouts are
 * generous: short ones restart healthy pods under load.
 */
export function jobsCheckProbes(jobType: string): { startupProbe: k8s.Probe; livenessProbe: k8s.Probe } {
  const exec = { command: ['airflow', 'jobs', 'check', '--job-type', jobType, '--local'] };
  return {
    startupProbe: { exec, timeoutSeconds: 20, periodSeconds: 10, failureThreshold: 6 },
    livenessProbe: { exec, timeoutSeconds: 20, periodSeconds: 60, failureThreshold: 5, initialDelaySeconds: 10 },
  };
}
