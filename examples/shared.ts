/** What the example deployments share: their namespace and the job families they offer. */
import { TaskPodFamily, TaskPodPresets } from '../lib';

/** Namespace of the Celery and Kubernetes examples. */
export const EXAMPLE_NAMESPACE = 'airflow';

/** The job families the examples offer to DAG authors: Spark, Hadoop and Python images. */
export function exampleTaskPodFamilies(): TaskPodFamily[] {
  return [TaskPodPresets.spark(), TaskPodPresets.hadoop(), TaskPodPresets.python()];
}
