/** `airflow-celery`: CeleryExecutor with one worker and embedded Redis and PostgreSQL. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Airflow, CeleryExecutor, DagSource } from '../lib';
import { exampleDags } from './example-dags';
import { EXAMPLE_NAMESPACE, exampleTaskPodFamilies } from './shared';

/** CeleryExecutor with one worker; runs on an empty cluster (embedded Redis and PostgreSQL) and ships our example DAGs. */
export class CeleryExample extends Chart {
  public readonly airflow: Airflow;
  constructor(scope: Construct, id = 'airflow-celery') {
    super(scope, id, { namespace: EXAMPLE_NAMESPACE, disableResourceNameHashes: true });
    this.airflow = new Airflow(this, 'airflow', {
      instance: 'airflow-celery',
      executor: new CeleryExecutor({ workers: { replicas: 1, concurrency: 8 } }),
      dags: DagSource.files(exampleDags()),
      taskPods: { families: exampleTaskPodFamilies() },
    });
  }
}
