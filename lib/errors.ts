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

  /**
   * A view recording into this collection with the prop `from` (and everything under it, in the
   * prop and in the message) renamed to `to`: a resolver written for `executor.workers` then
   * reports `executor[0].workers` when the same value sits in a list.
   */
  public renamed(from: string, to: string): ValidationProblems {
    if (from === to) return this;
    const parent = this;
    const under = new RegExp(`(^|[\\s(])${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\.|$)`, 'g');
    return new (class extends ValidationProblems {
      public add(prop: string, message: string): void {
        parent.add(prop.replace(under, `$1${to}`), message.replace(under, `$1${to}`));
      }
    })(this.constructPath);
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

/** Strings longer than this are cut in messages (a megabyte of config helps nobody in a terminal). */
const SHOWN_STRING_LENGTH = 120;

/**
 * A value as it appears in problem messages: JSON-like, but `NaN`, `Infinity` and `undefined`
 * are shown as such (JSON.stringify would print `null` or nothing), and long strings are cut.
 * Never call it on a value that may be a secret: say what is wrong without echoing it.
 */
export function show(value: unknown): string {
  return showNested(value, new Set());
}

function showNested(value: unknown, seen: Set<unknown>): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  if (typeof value === 'string') {
    if (value.length <= SHOWN_STRING_LENGTH) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, SHOWN_STRING_LENGTH))}... (${value.length} characters)`;
  }
  if (value === undefined) return 'undefined';
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  if (seen.has(value)) return '(circular)';
  seen.add(value);
  const shown = Array.isArray(value)
    ? `[${value.map((item) => showNested(item, seen)).join(',')}]`
    : `{${Object.entries(value as object).map(([k, v]) => `${JSON.stringify(k)}:${showNested(v, seen)}`).join(',')}}`;
  seen.delete(value);
  return shown;
}
