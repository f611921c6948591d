/** `airflow-kubernetes`: KubernetesExecutor, one pod per task, no broker. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Airflow, DagSource, KubernetesExecutor, TaskLogs } from '../lib';
import { exampleDags } from './example-dags';
import { EXAMPLE_NAMESPACE, exampleTaskPodFamilies, highMemoryTaskFamily } from './shared';

/** KubernetesExecutor with an extra executor family; runs on an empty cluster (embedded PostgreSQL). */
export class KubernetesExample extends Chart {
  public readonly airflow: Airflow;
  constructor(scope: Construct, id = 'airflow-kubernetes') {
    super(scope, id, { namespace: EXAMPLE_NAMESPACE, disableResourceNameHashes: true });
    this.airflow = new Airflow(this, 'airflow', {
      instance: 'airflow-kubernetes',
      executor: new KubernetesExecutor(),
      dags: DagSource.files(exampleDags()),
      // Task logs stay in the task pods (gone with them): on an empty cluster there is no bucket or
      // ReadWriteMany volume to keep them in. Chosen explicitly, so the synth does not warn.
      logs: TaskLogs.ephemeral(),
      taskPods: {
        families: [...exampleTaskPodFamilies(), highMemoryTaskFamily()],
      },
    });
  }
}
