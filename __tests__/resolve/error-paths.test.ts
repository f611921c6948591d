// Class 7 of issue 14: every error names the construct path and the prop, and shows the value as
// given (NaN and Infinity as such, not as the null JSON.stringify makes of them).
import { App, Chart, Duration, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Airflow, AirflowProps, AirflowValidationError, CeleryExecutor, DagSource, TaskPodFamily, WorkerAutoscaling } from '../../lib';
import { show } from '../../lib/errors';
import { problemsOf } from '../support/chart';

const keda = (props: Parameters<typeof WorkerAutoscaling.keda>[0]) => new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.keda(props) } });

/** The problems of an Airflow built under `scope`, or the error when it is not a validation error. */
function problemsUnder(scope: Construct): readonly string[] | Error {
  try {
    new Airflow(scope, 'airflow', {});
    return [];
  } catch (error) {
    return error instanceof AirflowValidationError ? error.problems : (error as Error);
  }
}

describe('bad input: the message names the prop and shows the value', () => {
  const cases: Array<[string, AirflowProps, string[]]> = [
    ['a git-sync period that is not whole seconds', { dags: DagSource.gitSync({ repo: 'https://github.com/acme/dags.git', period: Duration.millis(1500) }) }, ['test/airflow: dags.period must be a whole number of seconds >= 1 such as Duration.seconds(30), got 1500ms']],
    ['a NaN git-sync period', { dags: DagSource.gitSync({ repo: 'https://github.com/acme/dags.git', period: Duration.seconds(NaN) }) }, ['test/airflow: dags.period must be a whole number of seconds >= 1 such as Duration.seconds(30), got NaN']],
    ['a KEDA polling interval under a second', { executor: keda({ pollingInterval: Duration.millis(500) }) }, ['test/airflow: executor.workers.autoscaling.pollingInterval must be a whole number of seconds >= 1 such as Duration.seconds(30), got 500ms']],
    ['an Infinity KEDA cooldown', { executor: keda({ cooldownPeriod: Duration.seconds(Infinity) }) }, ['test/airflow: executor.workers.autoscaling.cooldownPeriod must be a whole number of seconds >= 0 such as Duration.seconds(30), got Infinity']],
    ['a NaN grace period', { executor: new CeleryExecutor({ workers: { gracePeriod: Duration.seconds(NaN) } }) }, ['test/airflow: executor.workers.gracePeriod must be a whole number of seconds, got NaN']],
    ['a null config section', { config: { core: null as any } }, ['test/airflow: config.core must be an object of settings such as { parallelism: 64 }, got null']],
    ['config that is not an object', { config: 'core.parallelism=64' as any }, ['test/airflow: config must be an object of sections such as { core: { parallelism: 64 } }, got "core.parallelism=64"']],
    ['an undefined setting', { config: { core: { parallelism: undefined as any } } }, ['test/airflow: config.core.parallelism must be a string, number or boolean, got undefined']],
    ['an object as a setting', { config: { core: { parallelism: { max: NaN } as any } } }, ['test/airflow: config.core.parallelism must be a string, number or boolean, got {"max":NaN}']],
    ['NaN replicas', { apiServer: { replicas: NaN } }, ['test/airflow: apiServer.replicas must be an integer >= 0, got NaN']],
    ['-Infinity minAvailable', { availability: { podDisruptionBudgets: true }, scheduler: { disruptionBudget: { minAvailable: -Infinity } } }, ['test/airflow: scheduler.disruptionBudget.minAvailable must be an integer >= 0, got -Infinity']],
  ];

  test.each(cases)('%s', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });

  test('props of the wrong shape become a problem naming the construct, not a crash', () => {
    const problems = problemsOf({ taskPods: { families: [TaskPodFamily.operator(null as any)] } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^test\/airflow: props could not be read \(.+\): check that every prop has the type its documentation gives$/);
  });
});

describe('an Airflow outside a Chart', () => {
  test('directly in the App', () => {
    expect(problemsUnder(new App({ outdir: Testing.app().outdir }))).toEqual([
      'airflow: scope must be a Chart or a construct inside one: create the Airflow with new Airflow(chart, \'airflow\', {...}) where chart = new Chart(app, \'airflow\')',
    ]);
  });

  test('in a plain construct of the App', () => {
    const group = new Construct(new App({ outdir: Testing.app().outdir }), 'team');
    expect(problemsUnder(group)).toEqual([
      'team/airflow: scope must be a Chart or a construct inside one: create the Airflow with new Airflow(chart, \'airflow\', {...}) where chart = new Chart(app, \'airflow\')',
    ]);
  });

  test('in a plain construct of a Chart is fine', () => {
    const group = new Construct(new Chart(new App({ outdir: Testing.app().outdir }), 'chart', { namespace: 'airflow' }), 'team');
    expect(problemsUnder(group)).toEqual([]);
  });
});

describe('show', () => {
  test.each<[string, unknown, string]>([
    ['NaN', NaN, 'NaN'],
    ['Infinity', Infinity, 'Infinity'],
    ['-Infinity', -Infinity, '-Infinity'],
    ['-0', -0, '0'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a string, as JSON', 'a "b"', '"a \\"b\\""'],
    ['a list with NaN', [1, NaN, 'x'], '[1,NaN,"x"]'],
    ['an object with Infinity', { a: Infinity, b: { c: undefined } }, '{"a":Infinity,"b":{"c":undefined}}'],
    ['a function', () => 1, 'a function'],
    ['a long string, cut', 'x'.repeat(200), `"${'x'.repeat(120)}"... (200 characters)`],
  ])('%s', (_, value, expected) => {
    expect(show(value)).toBe(expected);
  });

  test('a circular value', () => {
    const value: Record<string, unknown> = { a: 1 };
    value.self = value;
    expect(show(value)).toBe('{"a":1,"self":(circular)}');
  });
});
