/**
 * Collects every problem found in a construct's props so that one synth reports all of them.
 *
 * Each problem names the construct path and the prop path, says what is wrong and what would be
 * right: `airflow-celery/airflow: scheduler.replicas must be an integer >= 0, got -1`.
 */
export class ValidationProblems {
  private readonly problems: string[] = [];

  /**
   * @param constructPath the construct path that owns the props, e.g. `airflow-celery/airflow`
   */
  constructor(public readonly constructPath: string) {}

  /** Records a problem with one prop. */
  public add(prop: string, message: string): void {
    this.problems.push(`${this.constructPath}: ${prop} ${message}`);
  }

  /** Records a problem when `condition` is false. */
  public check(condition: boolean, prop: string, message: string): void {
    if (!condition) this.add(prop, message);
  }

  /** The problems recorded so far, in the order they were found. */
  public get messages(): readonly string[] {
    return this.problems;
  }

  /** Throws one error listing every recorded problem, if there are any. */
  public throwIfAny(): void {
    if (this.problems.length > 0) throw new AirflowValidationError(this.problems);
  }
}

/** Thrown when props are invalid; `problems` holds one line per problem. */
export class AirflowValidationError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(
      `Invalid cdk8s-airflow configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'AirflowValidationError';
  }
}
