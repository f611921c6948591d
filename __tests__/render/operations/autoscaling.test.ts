import { Duration } from 'cdk8s';
import { AirflowSecret, CeleryExecutor, KubernetesExecutor, MetadataDatabase, WorkerAutoscaling } from '../../../lib';
import { envOf, find, ofKind, synthAirflow, workloadOf, problemsOf } from '../../support/chart';
import { validateK8sObject } from '../../support/schema';

const keda = (workers = {}) => synthAirflow({ executor: new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.keda({ minReplicas: 0, maxReplicas: 8 }), ...workers } }) });

describe('KEDA worker autoscaling', () => {
  test('a ScaledObject on the worker Deployment, counting queued and running tasks per worker concurrency', () => {
    const objects = keda({ concurrency: 12, queues: ['default', 'heavy'] });
    const scaled = find(objects, 'ScaledObject', 'airflow-worker');
    expect(validateK8sObject(scaled)).toEqual([]);
    expect(scaled.spec).toMatchObject({ scaleTargetRef: { kind: 'Deployment', name: 'airflow-worker' }, minReplicaCount: 0, maxReplicaCount: 8 });
    expect(scaled.spec.triggers).toEqual([
      {
        type: 'postgresql',
        metadata: {
          host: 'airflow-postgresql.airflow',
          port: '5432',
          userName: 'airflow',
          dbName: 'airflow',
          sslmode: 'disable',
          passwordFromEnv: 'AIRFLOW_DB_PASSWORD',
          query: "SELECT ceil(COUNT(*)::decimal / 12) FROM task_instance WHERE (state='running' OR state='queued') AND queue IN ('default', 'heavy')",
          targetQueryValue: '1',
        },
      },
    ]);
    // The same concurrency and queues the workers run with.
    const cfg = find(objects, 'ConfigMap', 'airflow-config').data['airflow.cfg'];
    expect(cfg).toContain('worker_concurrency = 12');
    expect(workloadOf(objects, 'worker').spec.template.spec.containers[0].args).toEqual(['airflow', 'celery', 'worker', '--queues', 'default,heavy']);
  });

  test('the worker Deployment leaves replicas to the autoscaler and carries the password KEDA reads, never a URL built from it', () => {
    const worker = workloadOf(keda(), 'worker');
    expect(worker.spec.replicas).toBeUndefined();
    const env = envOf(worker.spec.template.spec.containers[0]);
    // KEDA names host, user and database itself and reads only the password: any password works.
    expect(env.AIRFLOW_DB_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'airflow-postgresql', key: 'password' });
    expect(env.AIRFLOW_CONN_AIRFLOW_DB).toBeUndefined();
  });

  test('with an external database KEDA reads its libpq URI from a Secret', () => {
    const objects = synthAirflow({
      database: MetadataDatabase.external({ connection: AirflowSecret.fromExisting('db', 'uri'), autoscalerConnection: AirflowSecret.fromExisting('db', 'libpq') }),
      executor: new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.keda() } }),
    });
    const env = envOf(workloadOf(objects, 'worker').spec.template.spec.containers[0]);
    expect(env.AIRFLOW_CONN_AIRFLOW_DB.valueFrom.secretKeyRef).toEqual({ name: 'db', key: 'libpq' });
    expect(Object.keys(find(objects, 'ScaledObject', 'airflow-worker').spec.triggers[0].metadata)).toEqual(['connectionFromEnv', 'query', 'targetQueryValue']);
  });

  test('without KEDA the workers carry no connection for it, even with an external database', () => {
    // GIVEN an external database and Celery workers, fixed or scaled by an HPA
    const database = MetadataDatabase.external({ connection: AirflowSecret.fromExisting('db', 'uri') });
    for (const workers of [{}, { autoscaling: WorkerAutoscaling.hpa({ minReplicas: 1, maxReplicas: 4 }) }]) {
      // WHEN synthesized
      const objects = synthAirflow({ database, executor: new CeleryExecutor({ workers }) });
      // THEN the worker env has no KEDA connection (only KEDA reads it)
      expect(envOf(workloadOf(objects, 'worker').spec.template.spec.containers[0]).AIRFLOW_CONN_AIRFLOW_DB).toBeUndefined();
    }
  });

  test('the HPA alternative scales on CPU', () => {
    const objects = synthAirflow({ executor: new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.hpa({ minReplicas: 2, maxReplicas: 6 }) } }) });
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'airflow-worker');
    expect(validateK8sObject(hpa)).toEqual([]);
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 6, metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 80 } } }] });
    expect(ofKind(objects, 'ScaledObject')).toEqual([]);
  });

  test('no autoscaler without the prop, and never under KubernetesExecutor', () => {
    for (const objects of [synthAirflow(), synthAirflow({ executor: new KubernetesExecutor() })]) {
      expect([...ofKind(objects, 'ScaledObject'), ...ofKind(objects, 'HorizontalPodAutoscaler')]).toEqual([]);
    }
  });

  test.each<[string, any, string[]]>([
    [
      'KEDA together with fixed replicas',
      { executor: new CeleryExecutor({ workers: { replicas: 3, autoscaling: WorkerAutoscaling.keda() } }) },
      ['test/airflow: executor.workers.replicas cannot be set together with executor.workers.autoscaling: the autoscaler owns the replica count; use autoscaling minReplicas/maxReplicas'],
    ],
    [
      'a scale-down that would kill running tasks',
      { executor: new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.keda(), gracePeriod: Duration.minutes(10), longestTaskDuration: Duration.hours(1) } }) },
      ['test/airflow: executor.workers.gracePeriod (600s) is shorter than executor.workers.longestTaskDuration (3600s): a scale-down or rollout would kill running tasks; raise gracePeriod'],
    ],
    [
      'min above max',
      { executor: new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.keda({ minReplicas: 5, maxReplicas: 2 }) } }) },
      ['test/airflow: executor.workers.autoscaling.minReplicas (5) must not exceed maxReplicas (2)'],
    ],
    [
      'a cooldown shorter than two polls',
      { executor: new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.keda({ cooldownPeriod: Duration.seconds(5) }) } }) },
      ['test/airflow: executor.workers.autoscaling.cooldownPeriod must be at least 30s so workers are not removed between two polls, got 5s'],
    ],
    [
      'autoscaling given to KubernetesExecutor',
      { executor: new KubernetesExecutor({ autoscaling: WorkerAutoscaling.keda() } as any) },
      ['test/airflow: executor.autoscaling is a CeleryExecutor setting and does nothing under KubernetesExecutor: remove it or use new CeleryExecutor({...})'],
    ],
  ])('%s is an error', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });
});

describe('KEDA next to KubernetesExecutor counts only the tasks Celery runs (task_instance.executor, apache/airflow#49001)', () => {
  const START = "SELECT ceil(COUNT(*)::decimal / 8) FROM task_instance WHERE (state='running' OR state='queued')";
  const CELERY_NAMES = "'CeleryExecutor', 'airflow.providers.celery.executors.celery_executor.CeleryExecutor'";
  const queryOf = (executor: any) => find(synthAirflow({ executor }), 'ScaledObject', 'airflow-worker').spec.triggers[0].metadata.query;
  const celery = (props: object = {}) => new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.keda() }, ...props });

  test.each<[string, any, string]>([
    ['Celery alone: every task is Celery\'s, the queue filter suffices', celery(), `${START} AND queue IN ('default')`],
    [
      'Celery the default: tasks naming no executor (NULL) run on Celery, and so do those naming it',
      [celery(), new KubernetesExecutor()],
      `${START} AND (executor IS NULL OR executor IN (${CELERY_NAMES})) AND queue IN ('default')`,
    ],
    [
      'Kubernetes the default: only tasks naming Celery',
      [new KubernetesExecutor(), celery()],
      `${START} AND executor IN (${CELERY_NAMES}) AND queue IN ('default')`,
    ],
    [
      'Celery with an alias and queues: the alias names it too, the queues still count',
      [celery({ alias: 'workers', workers: { autoscaling: WorkerAutoscaling.keda(), queues: ['default', 'heavy'] } }), new KubernetesExecutor({ alias: 'pods' })],
      `${START} AND (executor IS NULL OR executor IN (${CELERY_NAMES}, 'workers')) AND queue IN ('default', 'heavy')`,
    ],
  ])('%s', (_, executor, expected) => {
    expect(queryOf(executor)).toBe(expected);
  });
});
