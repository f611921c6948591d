/**
 * Task pod templates: Pod manifests the KubernetesExecutor (and per-task `executor_config`) uses
 * to start a task. Airflow replaces the command of the container named `base`.
 */
import { k8s } from 'cdk8s-plus-27';
import { AirflowContext, componentName } from '../context';
import { ResolvedResources } from '../resources';
import { airflowContainer, airflowPodSpec } from '../components/airflow-pod';

/** Resources of a task pod when none are given. */
export const TASK_POD_DEFAULT_RESOURCES: ResolvedResources = { cpu: '100m', memory: '256Mi', memoryLimit: '1Gi' };

/** Where task pod templates are mounted in every pod that launches pods. */
export const POD_TEMPLATES_DIR = '/opt/airflow/pod_templates';

/** Resolved settings of an executor task pod template. */
export interface ExecutorTaskPodOptions {
  readonly resources: ResolvedResources;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** ServiceAccount task pods run as. */
  readonly serviceAccountName: string;
}

/**
 * An executor task pod: the Airflow image with the instance's config and secrets, small explicit
 * resources, no probes, `restartPolicy: Never`, and no Kubernetes API token.
 */
export function executorTaskPod(ctx: AirflowContext, options: ExecutorTaskPodOptions): Record<string, unknown> {
  const spec = airflowPodSpec(ctx, {
    serviceAccountName: options.serviceAccountName,
    automountServiceAccountToken: false,
    restartPolicy: 'Never',
    containers: [airflowContainer(ctx, { name: 'base', resources: options.resources })],
    scheduling: { nodeSelector: options.nodeSelector },
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      // Airflow replaces the name; a placeholder keeps the manifest valid on its own.
      name: 'task',
      labels: ctx.labels.of('task'),
      annotations: {
        // A running task pod is not a spare replica: the cluster autoscaler must not evict it.
        'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false',
      },
    },
    spec: k8s.toJson_PodSpec(spec),
  };
}

/** Name of the ServiceAccount task pods run as. */
export function taskServiceAccountName(ctx: AirflowContext): string {
  return componentName(ctx, 'task');
}
