/**
 * CronJob schedules as the Kubernetes API server parses them (`cron.ParseStandard` of
 * github.com/robfig/cron/v3): five fields (minute, hour, day of month, month, day of week), each
 * `*`, `?`, a value, a name (JAN-DEC, SUN-SAT), a range `a-b`, any of those with a step `/n`, or a
 * comma-separated list; or a descriptor (`@daily`, `@every 1h`, ...). A `TZ=` prefix is refused:
 * CronJobs take the time zone in `spec.timeZone`.
 */

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  // robfig/cron counts Sunday as 0 only: 7 is out of range.
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const EVERY = /^@every ([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

/** Why `schedule` is not a schedule Kubernetes accepts, or undefined when it is one. */
export function cronProblem(schedule: unknown): string | undefined {
  if (typeof schedule !== 'string') return 'is not a string';
  const trimmed = schedule.trim();
  if (/^(CRON_)?TZ=/.test(trimmed)) return 'sets a time zone, which Kubernetes refuses in the schedule: CronJobs take spec.timeZone';
  if (trimmed.startsWith('@')) return DESCRIPTORS.includes(trimmed) || EVERY.test(trimmed) ? undefined : `${JSON.stringify(trimmed)} is not a descriptor (${DESCRIPTORS.join(', ')}, @every <duration>)`;
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5) return `has ${parts.length} field${parts.length === 1 ? '' : 's'}, not 5 (minute, hour, day of month, month, day of week)`;
  for (let i = 0; i < FIELDS.length; i++) {
    const problem = fieldProblem(parts[i], FIELDS[i]);
    if (problem !== undefined) return `has an invalid ${FIELDS[i].name} field ${JSON.stringify(parts[i])}: ${problem}`;
  }
  return undefined;
}

function fieldProblem(text: string, field: Field): string | undefined {
  for (const item of text.split(',')) {
    const [range, step, ...extra] = item.split('/');
    if (extra.length > 0) return 'more than one "/"';
    if (step !== undefined && !/^[0-9]+$/.test(step)) return `the step ${JSON.stringify(step)} is not a number`;
    if (step !== undefined && Number(step) === 0) return 'a step of 0';
    if (range === '*' || range === '?') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `${JSON.stringify(range)} is not a value or a range`;
    const values = bounds.map((b) => valueOf(b, field));
    const bad = values.findIndex((v) => v === undefined);
    if (bad >= 0) return `${JSON.stringify(bounds[bad])} is not a ${field.name} (${field.min}-${field.max}${field.names ? ` or ${field.names[0].toUpperCase()}-${field.names[field.names.length - 1].toUpperCase()}` : ''})`;
    if (values.length === 2 && values[0]! > values[1]!) return `the range ${JSON.stringify(range)} ends before it starts`;
  }
  return undefined;
}

function valueOf(text: string, field: Field): number | undefined {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + field.min;
  if (!/^[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}
