/** The shared checks at their boundaries: the longest name Kubernetes takes, the smallest number a prop takes. */
import { Duration } from 'cdk8s';
import { ValidationProblems } from '../../lib';
import { checkImage, checkInteger, checkWholeSeconds, isDnsLabel, isDnsSubdomain, showDuration } from '../../lib/resolve/checks';

/** The problems `check` records (construct path "test"). */
function problemsOf(check: (problems: ValidationProblems) => void): readonly string[] {
  const problems = new ValidationProblems('test');
  check(problems);
  return problems.messages;
}

describe('DNS names', () => {
  test('a label is at most 63 characters, or the limit given', () => {
    expect([isDnsLabel('a'.repeat(63)), isDnsLabel('a'.repeat(64))]).toEqual([true, false]);
    expect([isDnsLabel('a'.repeat(40), 40), isDnsLabel('a'.repeat(41), 40)]).toEqual([true, false]);
  });

  test('a subdomain is at most 253 characters', () => {
    const name = (length: number) => `${'a'.repeat(62)}.`.repeat(5).slice(0, length - 1) + 'b';
    expect([isDnsSubdomain(name(253)), isDnsSubdomain(name(254))]).toEqual([true, false]);
  });

  test.each([['Airflow'], ['-airflow'], ['airflow-'], ['air_flow'], [''], [42]])('%p is neither a label nor a subdomain', (value) => {
    expect([isDnsLabel(value), isDnsSubdomain(value)]).toEqual([false, false]);
  });
});

describe('checkInteger', () => {
  test('takes the minimum itself, and refuses one less, fractions and strings', () => {
    expect(problemsOf((p) => checkInteger(p, 'p', 2, 2))).toEqual([]);
    for (const value of [1, 2.5, '3']) {
      expect(problemsOf((p) => checkInteger(p, 'p', value, 2))).toEqual([`test: p must be an integer >= 2, got ${JSON.stringify(value)}`]);
    }
  });
});

describe('checkWholeSeconds', () => {
  test('takes the minimum itself and returns it', () => {
    const problems = new ValidationProblems('test');
    expect(checkWholeSeconds(problems, 'p', Duration.seconds(60), 60)).toBe(60);
    expect(problems.messages).toEqual([]);
  });

  test('refuses one second less, suggesting the minimum, or 30 s when the minimum is smaller', () => {
    expect(problemsOf((p) => checkWholeSeconds(p, 'p', Duration.seconds(59), 60))).toEqual(['test: p must be a whole number of seconds >= 60 such as Duration.seconds(60), got 59s']);
    expect(problemsOf((p) => checkWholeSeconds(p, 'p', Duration.seconds(0), 1))).toEqual(['test: p must be a whole number of seconds >= 1 such as Duration.seconds(30), got 0s']);
  });

  test('shows durations in seconds when whole, else in milliseconds', () => {
    expect([showDuration(Duration.minutes(2)), showDuration(Duration.millis(1500)), showDuration('90s')]).toEqual(['120s', '1500ms', '"90s"']);
  });
});

describe('checkImage', () => {
  test.each([
    ['apache/airflow:3.3.2', []],
    [`registry.example.com/airflow@sha256:${'a'.repeat(64)}`, []],
    ['apache/airflow', ['test: image must pin a version tag or digest (not "latest" or no tag), got "apache/airflow"']],
    ['apache/airflow:latest', ['test: image must pin a version tag or digest (not "latest" or no tag), got "apache/airflow:latest"']],
    [' ', ['test: image must be a container image such as "apache/airflow:3.3.2", got " "']],
  ])('%s', (image, expected) => {
    // GIVEN an image reference / WHEN checked / THEN only a pinned one passes
    expect(problemsOf((p) => checkImage(p, 'image', image))).toEqual(expected);
  });
});
