import { CeleryExecutor, WorkerAutoscaling } from '../../../lib';
import { find, ofKind, synthAirflow, workloadOf, problemsOf } from '../../support/chart';
import { validateK8sObject } from '../../support/schema';

describe('PodDisruptionBudgets', () => {
  test('one per long-running Airflow component when on, selecting its pods', () => {
    const objects = synthAirflow({ availability: { podDisruptionBudgets: true }, scheduler: { replicas: 3, disruptionBudget: { minAvailable: 2 } } });
    const budgets = ofKind(objects, 'PodDisruptionBudget');
    expect(budgets.map((b) => b.metadata.name).sort()).toEqual(['airflow-api-server', 'airflow-dag-processor', 'airflow-scheduler', 'airflow-triggerer', 'airflow-worker']);
    for (const b of budgets) expect(validateK8sObject(b)).toEqual([]);
    expect(find(objects, 'PodDisruptionBudget', 'airflow-scheduler').spec).toEqual({
      minAvailable: 2,
      selector: { matchLabels: { 'app.kubernetes.io/component': 'scheduler', 'app.kubernetes.io/instance': 'airflow', 'app.kubernetes.io/name': 'airflow' } },
    });
    expect(find(objects, 'PodDisruptionBudget', 'airflow-api-server').spec.maxUnavailable).toBe(1);
  });

  test('none when off', () => {
    expect(ofKind(synthAirflow(), 'PodDisruptionBudget')).toEqual([]);
  });

  test.each<[string, any, string[]]>([
    [
      'minAvailable above replicas',
      { availability: { podDisruptionBudgets: true }, scheduler: { replicas: 2, disruptionBudget: { minAvailable: 3 } } },
      ['test/airflow: scheduler.disruptionBudget.minAvailable (3) is above the 2 pod(s) that run: no node could ever be drained; lower it or add replicas'],
    ],
    [
      'minAvailable above the autoscaler minimum',
      {
        availability: { podDisruptionBudgets: true },
        executor: new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.keda({ minReplicas: 0 }), disruptionBudget: { minAvailable: 1 } } }),
      },
      ['test/airflow: executor.workers.disruptionBudget.minAvailable (1) is above the 0 pod(s) that run: no node could ever be drained; lower it or add replicas'],
    ],
    [
      'a budget while budgets are off',
      { scheduler: { disruptionBudget: { maxUnavailable: 1 } } },
      ['test/airflow: scheduler.disruptionBudget does nothing unless availability.podDisruptionBudgets is true'],
    ],
  ])('%s is an error', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });
});

describe('anti-affinity', () => {
  const affinityOf = (props: any, component: string) => workloadOf(synthAirflow(props), component).spec.template.spec.affinity;

  test('replicated components prefer different nodes', () => {
    expect(affinityOf({ scheduler: { replicas: 2 } }, 'scheduler')).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              topologyKey: 'kubernetes.io/hostname',
              labelSelector: { matchLabels: { 'app.kubernetes.io/component': 'scheduler', 'app.kubernetes.io/instance': 'airflow', 'app.kubernetes.io/name': 'airflow' } },
            },
          },
        ],
      },
    });
  });

  test('single pods get none, autoscaled workers get it, and a user affinity wins', () => {
    expect(affinityOf({}, 'scheduler')).toBeUndefined();
    expect(affinityOf({ executor: new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.keda({ maxReplicas: 5 }) } }) }, 'worker')).toBeDefined();
    const mine = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['airflow'] }] }] } } };
    expect(affinityOf({ scheduler: { replicas: 2, affinity: mine } }, 'scheduler')).toEqual(mine);
  });

  test('node selector, tolerations and priority class reach the pods', () => {
    const spec = workloadOf(
      synthAirflow({ triggerer: { nodeSelector: { pool: 'airflow' }, tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }], priorityClassName: 'airflow-critical' } }),
      'triggerer',
    ).spec.template.spec;
    expect(spec.nodeSelector).toEqual({ pool: 'airflow' });
    expect(spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(spec.priorityClassName).toBe('airflow-critical');
  });
});
