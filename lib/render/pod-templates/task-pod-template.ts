/**
 * Renders task pod templates: Pod manifests whose first container is `base` (Airflow and
 * KubernetesPodOperator replace its command), `restartPolicy: Never`, no probes, small explicit
 * resources and a restricted security context.
 */
import { k8s } from 'cdk8s-plus-27';
import { SchedulingProps } from '../../model/component';
import { RunAsIdentity } from '../../model/identity';
import { ResolvedResources } from '../../model/resources';
import { TaskPodFamilyOptions, TaskPodKind } from '../../model/task-pod-family';
import { AIRFLOW_WRITABLE_PATHS, airflowContainer, airflowPodSpec, imagePullSecrets } from '../components/airflow-pod';
import { AirflowContext } from '../context';
import { UNTRACKED_BY_ARGOCD } from '../gitops/sync-waves';
import { toResourceRequirements } from '../resources';
import { schedulingFields } from '../scheduling';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../security';
import { familyEnv, familyVolumes } from './family-volumes';

/** Label naming the family a task pod was started from. */
export const TASK_FAMILY_LABEL = 'cdk8s-airflow/task-family';

/** A family with every setting resolved, ready to render. */
export interface ResolvedTaskPodFamily {
  readonly name: string;
  readonly kind: TaskPodKind;
  readonly image: string;
  readonly resources: ResolvedResources;
  readonly runAs: Omit<RunAsIdentity, 'fsGroup'>;
  readonly options: TaskPodFamilyOptions;
  /** ServiceAccount the task pods run as. */
  readonly serviceAccountName: string;
  /** Whether the pods mount a ServiceAccount token. */
  readonly serviceAccountToken: boolean;
  /** Namespace written into operator templates (KubernetesPodOperator uses it). */
  readonly namespace?: string;
  /** Volumes and mounts added by the launcher side (the pod templates, Spark config). */
  readonly extraVolumes: ReadonlyArray<{ readonly volume: k8s.Volume; readonly mount: k8s.VolumeMount }>;
}

/** The Pod manifest of a family. */
export function renderTaskPod(ctx: AirflowContext, family: ResolvedTaskPodFamily): Record<string, unknown> {
  const spec = family.kind === 'executor' ? executorPodSpec(ctx, family) : operatorPodSpec(ctx, family);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      // The launcher replaces the name; a placeholder keeps the manifest valid on its own.
      name: `task-${family.name}`,
      // Executor templates name no namespace: Airflow puts task pods in `[kubernetes_executor] namespace`.
      ...(family.namespace !== undefined ? { namespace: family.namespace } : {}),
      labels: { ...ctx.labels.of('task'), [TASK_FAMILY_LABEL]: family.name, ...family.options.podLabels },
      annotations: {
        // A running task is not a spare replica: the cluster autoscaler must not evict it.
        'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false',
        ...UNTRACKED_BY_ARGOCD,
        ...family.options.podAnnotations,
      },
    },
    spec: k8s.toJson_PodSpec(spec),
  };
}

/**
 * Airflow image and config: the pod runs one task. On Airflow 3 it reaches Airflow only through
 * the execution API, so it gets no Airflow secrets and the image's database check is off.
 */
function executorPodSpec(ctx: AirflowContext, family: ResolvedTaskPodFamily): k8s.PodSpec {
  const { volumes, mounts } = familyVolumes(family.options, AIRFLOW_WRITABLE_PATHS);
  const { env, envFrom } = familyEnv(family.options);
  const noDatabaseCheck = ctx.capabilities.hasExecutionApi ? [{ name: 'CONNECTION_CHECK_MAX_COUNT', value: '0' }] : [];
  // A task runs once: git-sync fetches the DAGs in a one-shot init container.
  const dags = ctx.dagDelivery;
  return airflowPodSpec(ctx, {
    serviceAccountName: family.serviceAccountName,
    automountServiceAccountToken: family.serviceAccountToken,
    restartPolicy: 'Never',
    initContainers: dags.initContainer ? [dags.initContainer] : undefined,
    containers: [
      airflowContainer(ctx, {
        name: 'base',
        image: family.image,
        runsTask: true,
        resources: family.resources,
        env: [...noDatabaseCheck, ...env],
        envFrom,
        volumeMounts: [...mounts, ...family.extraVolumes.map((v) => v.mount), ...(dags.mount ? [dags.mount] : [])],
      }),
    ],
    volumes: [...volumes, ...family.extraVolumes.map((v) => v.volume), ...dags.volumes],
    scheduling: family.options as SchedulingProps,
  });
}

/** Any image, only what the family declares: no Airflow config, no Airflow secrets. */
function operatorPodSpec(ctx: AirflowContext, family: ResolvedTaskPodFamily): k8s.PodSpec {
  const { volumes, mounts } = familyVolumes(family.options);
  const { env, envFrom } = familyEnv(family.options);
  const identity: RunAsIdentity = { ...family.runAs, fsGroup: family.runAs.group };
  const scheduling: SchedulingProps = family.options;
  return {
    serviceAccountName: family.serviceAccountName,
    automountServiceAccountToken: family.serviceAccountToken,
    enableServiceLinks: false,
    restartPolicy: 'Never',
    securityContext: restrictedPodSecurityContext(identity),
    imagePullSecrets: imagePullSecrets(ctx),
    ...schedulingFields(scheduling),
    containers: [
      {
        name: 'base',
        image: family.image,
        imagePullPolicy: 'IfNotPresent',
        command: family.options.command ? [...family.options.command] : undefined,
        env: env.length > 0 ? env : undefined,
        envFrom: envFrom.length > 0 ? envFrom : undefined,
        resources: toResourceRequirements(family.resources),
        securityContext: restrictedContainerSecurityContext(identity),
        volumeMounts: [...mounts, ...family.extraVolumes.map((v) => v.mount)],
      },
    ],
    volumes: [...volumes, ...family.extraVolumes.map((v) => v.volume)],
  };
}
