/** What the example deployments share: their namespace and the job families they offer. */
import { TaskPodFamily, TaskPodPresets } from '../lib';

/** Namespace of the Celery and Kubernetes examples. */
export const EXAMPLE_NAMESPACE = 'airflow';

/** The job families the examples offer to DAG authors: Spark, Hadoop and Python images. */
export function exampleTaskPodFamilies(): TaskPodFamily[] {
  return [TaskPodPresets.spark(), TaskPodPresets.hadoop(), TaskPodPresets.python()];
}

/**
 * For Airflow tasks (KubernetesExecutor) that need more memory than the default task pod:
 * `executor_config={"pod_template_file": "/opt/airflow/pod_templates/highmem.yaml"}`.
 */
export function highMemoryTaskFamily(): TaskPodFamily {
  return TaskPodFamily.executor({
    name: 'highmem',
    image: 'apache/airflow:3.3.2',
    resources: { cpu: '500m', memory: '2Gi', memoryLimit: '4Gi' },
  });
}
