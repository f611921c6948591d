/**
 * The `executor` prop as a list: what a list or an alias can get wrong, each with its exact error,
 * and the prop paths of problems inside a listed executor.
 */
import { Duration } from 'cdk8s';
import { AirflowProps, AirflowVersion, CeleryExecutor, ExecutorList, KubernetesExecutor, TaskPodFamily, ValidationProblems, WorkerAutoscaling, validateTaskPods } from '../../lib';
import { problemsOf } from '../support/chart';

describe('invalid combinations of executors: each gives this exact error', () => {
  const cases: Array<[string, AirflowProps, string[]]> = [
    [
      'an empty list',
      { executor: [] as any },
      ['test/airflow: executor must list two executors, CeleryExecutor and KubernetesExecutor, the first being the default; got 0. For one executor, pass it directly: executor: new CeleryExecutor()'],
    ],
    [
      'a list of one',
      { executor: [new KubernetesExecutor()] as any },
      ['test/airflow: executor must list two executors, CeleryExecutor and KubernetesExecutor, the first being the default; got 1. For one executor, pass it directly: executor: new CeleryExecutor()'],
    ],
    [
      'the same executor twice',
      { executor: [new CeleryExecutor(), new CeleryExecutor()] as any },
      ['test/airflow: executor[1] is a second CeleryExecutor (executor[0] is the first): Airflow runs each executor once per instance; merge its settings into executor[0]'],
    ],
    [
      'three executors',
      { executor: [new CeleryExecutor(), new KubernetesExecutor(), new KubernetesExecutor()] as any },
      [
        'test/airflow: executor must list two executors, CeleryExecutor and KubernetesExecutor, the first being the default; got 3. For one executor, pass it directly: executor: new CeleryExecutor()',
        'test/airflow: executor[2] is a second KubernetesExecutor (executor[1] is the first): Airflow runs each executor once per instance; merge its settings into executor[1]',
      ],
    ],
    [
      'something that is not an executor in the list',
      { executor: [new CeleryExecutor(), 'KubernetesExecutor'] as any },
      ['test/airflow: executor[1] must be new CeleryExecutor(...) or new KubernetesExecutor(...)'],
    ],
    [
      'something that is not an executor',
      { executor: 'CeleryExecutor,KubernetesExecutor' as any },
      ['test/airflow: executor must be new CeleryExecutor(...) or new KubernetesExecutor(...), or a list of both such as [new CeleryExecutor(), new KubernetesExecutor()]'],
    ],
    [
      'an alias Airflow would split',
      { executor: [new CeleryExecutor({ alias: 'celery:main' }), new KubernetesExecutor()] },
      ['test/airflow: executor[0].alias must be a name of letters, digits, \'_\' and \'-\' starting with a letter (Airflow reads \',\', \':\' and \'.\' in [core] executor), got "celery:main"'],
    ],
    [
      'an alias that is an executor class name',
      { executor: [new CeleryExecutor({ alias: 'KubernetesExecutor' }), new KubernetesExecutor()] },
      ['test/airflow: executor[0].alias ("KubernetesExecutor") is the class name of an Airflow executor: tasks already name executors by class, and an alias is looked up first, so it would shadow one; choose another alias'],
    ],
    [
      'two executors with one alias',
      { executor: [new CeleryExecutor({ alias: 'main' }), new KubernetesExecutor({ alias: 'main' })] },
      ['test/airflow: executor[1].alias ("main") is already the alias of executor[0]: each alias must name one executor'],
    ],
    [
      'a Celery setting on the listed KubernetesExecutor',
      { executor: [new CeleryExecutor(), new KubernetesExecutor({ workers: { replicas: 2 } } as any)] },
      ['test/airflow: executor[1].workers is a CeleryExecutor setting and does nothing under KubernetesExecutor: remove it or use new CeleryExecutor({...})'],
    ],
    [
      'a KubernetesExecutor setting on CeleryExecutor',
      { executor: [new CeleryExecutor({ taskPod: { resources: { cpu: '1' } } } as any), new KubernetesExecutor()] },
      ['test/airflow: executor[0].taskPod is a KubernetesExecutor setting and does nothing under CeleryExecutor, whose tasks run in the Celery workers: move it to new KubernetesExecutor({...}), or remove it'],
    ],
  ];

  test.each(cases)('%s', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });

  test.each(['workers', 'broker', 'redis', 'concurrency', 'flower', 'autoscaling'])('the Celery-only prop %s is refused on KubernetesExecutor', (prop) => {
    // GIVEN a KubernetesExecutor given a CeleryExecutor prop (from JavaScript) / WHEN / THEN it is named
    const executor = new KubernetesExecutor({ [prop]: {} } as any);
    expect(problemsOf({ executor })).toEqual([
      `test/airflow: executor.${prop} is a CeleryExecutor setting and does nothing under KubernetesExecutor: remove it or use new CeleryExecutor({...})`,
    ]);
  });

  // The class names of Airflow's executors, its providers' included.
  test.each([
    'CeleryExecutor', 'CeleryKubernetesExecutor', 'DebugExecutor', 'EdgeExecutor', 'KubernetesExecutor', 'LocalExecutor', 'LocalKubernetesExecutor', 'SequentialExecutor',
  ])('the class name %s is refused as an alias: it would shadow that executor', (alias) => {
    // GIVEN both executors, the first aliased with an executor class name / WHEN / THEN
    expect(problemsOf({ executor: [new CeleryExecutor({ alias }), new KubernetesExecutor()] })).toEqual([
      `test/airflow: executor[0].alias ("${alias}") is the class name of an Airflow executor: tasks already name executors by class, and an alias is looked up first, so it would shadow one; choose another alias`,
    ]);
  });
});

describe('valid combinations', () => {
  test.each<[string, AirflowProps]>([
    ['Celery then Kubernetes', { executor: [new CeleryExecutor(), new KubernetesExecutor()] }],
    ['Kubernetes then Celery, with aliases', { executor: [new KubernetesExecutor({ alias: 'pods' }), new CeleryExecutor({ alias: 'workers' })] }],
    ['both on Airflow 2.11', { version: AirflowVersion.of('2.11.0'), executor: [new CeleryExecutor(), new KubernetesExecutor()] }],
    ['both on Airflow 2.11', { version: AirflowVersion.V2_11_0, executor: [new CeleryExecutor(), new KubernetesExecutor()] }],
    ['an alias on a single executor', { executor: new KubernetesExecutor({ alias: 'pods' }) }],
  ])('%s has no problems', (_, props) => {
    expect(problemsOf(props)).toEqual([]);
  });

  test('the list types reject an executor given twice at compile time', () => {
    // @ts-expect-error: ExecutorList holds each executor once.
    const twice: ExecutorList = [new CeleryExecutor(), new CeleryExecutor()];
    // @ts-expect-error: one executor is passed directly, not as a list.
    const one: ExecutorList = [new KubernetesExecutor()];
    expect([twice, one]).toHaveLength(2);
  });
});

describe('problems inside a listed executor name its place in the list', () => {
  test.each<[string, AirflowProps, string[]]>([
    [
      'worker concurrency',
      { executor: [new KubernetesExecutor(), new CeleryExecutor({ workers: { concurrency: 0 } })] },
      ['test/airflow: executor[1].workers.concurrency must be an integer >= 1, got 0'],
    ],
    [
      'a grace period shorter than the longest task, in the message too',
      { executor: [new CeleryExecutor({ workers: { gracePeriod: Duration.minutes(1), longestTaskDuration: Duration.minutes(5) } }), new KubernetesExecutor()] },
      ['test/airflow: executor[0].workers.gracePeriod (60s) is shorter than executor[0].workers.longestTaskDuration (300s): a scale-down or rollout would kill running tasks; raise gracePeriod'],
    ],
    [
      'KEDA together with fixed replicas',
      { executor: [new CeleryExecutor({ workers: { replicas: 2, autoscaling: WorkerAutoscaling.keda() } }), new KubernetesExecutor()] },
      ['test/airflow: executor[0].workers.replicas cannot be set together with executor[0].workers.autoscaling: the autoscaler owns the replica count; use autoscaling minReplicas/maxReplicas'],
    ],
    [
      'a disruption budget without budgets',
      { executor: [new KubernetesExecutor(), new CeleryExecutor({ workers: { disruptionBudget: { maxUnavailable: 1 } } })] },
      ['test/airflow: executor[1].workers.disruptionBudget does nothing unless availability.podDisruptionBudgets is true'],
    ],
    [
      'the default task pod resources',
      { executor: [new CeleryExecutor(), new KubernetesExecutor({ taskPod: { resources: { cpu: 'lots' } } })] },
      ['test/airflow: executor[1].taskPod.resources.cpu must be a Kubernetes quantity such as "250m" or "512Mi", got "lots"'],
    ],
  ])('%s', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });

  test('a single executor keeps the plain prop path', () => {
    expect(problemsOf({ executor: new CeleryExecutor({ workers: { concurrency: 0 } }) })).toEqual(['test/airflow: executor.workers.concurrency must be an integer >= 1, got 0']);
  });
});

test('validateTaskPods, a public helper, takes the executor kind as before, or the kinds of all executors', () => {
  const families = { families: [TaskPodFamily.executor({ name: 'big', image: 'apache/airflow:3.1.7' })] };
  const problemsFor = (executors: string | string[]) => {
    const problems = new ValidationProblems('test/airflow');
    validateTaskPods(problems, families, executors, 'airflow');
    return problems.messages.length;
  };
  expect(problemsFor('CeleryExecutor')).toBe(1);
  expect(problemsFor('KubernetesExecutor')).toBe(0);
  expect(problemsFor(['CeleryExecutor', 'KubernetesExecutor'])).toBe(0);
});
