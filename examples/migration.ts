/**
 * `dist/airflow-migration.k8s.yaml`: the middle of a move from Celery to Kubernetes. Both
 * executors run in one instance: CeleryExecutor stays the default, so every DAG runs as before,
 * and a task moves to its own pod with `executor="KubernetesExecutor"` (README: "Both executors
 * at once").
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as path from 'path';
import { Airflow, CeleryExecutor, DagSource, KubernetesExecutor, TaskLogs } from '../lib';
import { EXAMPLE_DAGS_DIR, exampleDags } from './example-dags';
import { EXAMPLE_NAMESPACE, exampleTaskPodFamilies, highMemoryTaskFamily } from './shared';

/** CeleryExecutor (the default) and KubernetesExecutor side by side, with embedded PostgreSQL and Redis. */
export class MigrationExample extends Chart {
  public readonly airflow: Airflow;
  constructor(scope: Construct, id = 'airflow-migration') {
    super(scope, id, { namespace: EXAMPLE_NAMESPACE, disableResourceNameHashes: true });
    this.airflow = new Airflow(this, 'airflow', {
      instance: 'airflow-migration',
      executor: [
        new CeleryExecutor({ workers: { replicas: 1, concurrency: 8 } }),
        new KubernetesExecutor(),
      ],
      // Task logs of the pods stay in them (gone with the pod), as in the KubernetesExecutor example.
      logs: TaskLogs.ephemeral(),
      // The example DAGs, plus one whose second task moves to its own pod (it needs both executors).
      dags: DagSource.files({ ...exampleDags(), ...exampleDags(path.join(EXAMPLE_DAGS_DIR, 'both-executors')) }),
      taskPods: {
        // A moved task that needs more memory: executor="KubernetesExecutor" and the highmem template.
        families: [...exampleTaskPodFamilies(), highMemoryTaskFamily()],
      },
    });
  }
}
