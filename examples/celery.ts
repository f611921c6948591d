/** `airflow-celery`: CeleryExecutor with one worker and embedded Redis and PostgreSQL. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Airflow, AirflowProps, CeleryExecutor, DagSource } from '../lib';
import { exampleDags } from './example-dags';
import { EXAMPLE_NAMESPACE, exampleTaskPodFamilies } from './shared';

/** CeleryExecutor with one worker; runs on an empty cluster (embedded Redis and PostgreSQL) and ships our example DAGs. */
export class CeleryExample extends Chart {
  public readonly airflow: Airflow;
  /**
   * @param overrides props that replace the example's own (the e2e fixtures deliver DAGs from Git
   *   this way, or rename the instance); the example as shipped uses none
   */
  constructor(scope: Construct, id = 'airflow-celery', overrides: Partial<AirflowProps> = {}) {
    super(scope, id, { namespace: EXAMPLE_NAMESPACE, disableResourceNameHashes: true });
    this.airflow = new Airflow(this, 'airflow', {
      instance: 'airflow-celery',
      executor: new CeleryExecutor({ workers: { replicas: 1, concurrency: 8 } }),
      dags: DagSource.files(exampleDags()),
      taskPods: { families: exampleTaskPodFamilies() },
      ...overrides,
    });
  }
}
