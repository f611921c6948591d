/**
 * Checks of one Airflow setting's value, wherever it is given (`config`, or an
 * `AIRFLOW__SECTION__KEY` env var of an executor task pod family): it must be writable into
 * `airflow.cfg` without changing the file's structure, be a real number when it is one, and not
 * be a secret (everything written lands in a ConfigMap in the committed `dist/`).
 *
 * `airflow.cfg` is read by Python's configparser. A value's further lines are written indented, and
 * an indented line continues the value, so a line break is safe; what is not:
 * - a carriage return: Python reads files with universal newlines, so `\r` also ends a line, but
 *   it is not indented, and whatever follows becomes a line of its own (a `[section]`, a key);
 * - a continuation line starting with `#` or `;`: configparser drops it as a comment;
 * - a line that is a `[section]` header: indented it stays in the value, but it reads as an
 *   attempt to set another section's settings, which this value does not do;
 * - other control characters, which no Airflow setting takes.
 */
import { ValidationProblems, show } from '../errors';
import { AirflowSettingValue } from '../model/config';
import { JSON_KWARGS_SETTINGS, isHarmlessValue, sensitiveJsonFields, sensitiveSettingReason, urlCredentialReason } from './sensitive-names';

/** Where a setting was given, for the fix a message proposes. */
export interface SettingSource {
  /** What the value lands in, e.g. "airflow.cfg is a ConfigMap". */
  readonly landsIn: string;
  /** How to give the key `name` without the literal (the typed alternative). */
  readonly alternative: (section: string, key: string) => string;
}

/** `config`: the value is written to airflow.cfg. */
export const CONFIG_SOURCE: SettingSource = {
  landsIn: 'airflow.cfg is a ConfigMap in dist/, which is committed',
  alternative: (_, key) =>
    `set "${key}_secret" (its key in the secrets backend named by [secrets] backend) or "${key}_cmd" (a command that prints it) instead`,
};

/** Records every problem with the value of setting `[section] key`, given at `where`. */
export function checkSettingValue(
  problems: ValidationProblems,
  where: string,
  section: string,
  key: string,
  value: unknown,
  source: SettingSource,
): void {
  if (!['string', 'number', 'boolean'].includes(typeof value)) {
    problems.add(where, `must be a string, number or boolean, got ${show(value)}`);
    return;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    problems.add(where, `must be a finite number: Airflow cannot read ${show(value)}`);
    return;
  }
  if (checkSecret(problems, where, section, key, value as AirflowSettingValue, source)) return;
  if (typeof value === 'string') checkLines(problems, where, value);
}

/** Records a problem when the value is a secret; returns whether it did. */
function checkSecret(problems: ValidationProblems, where: string, section: string, key: string, value: AirflowSettingValue, source: SettingSource): boolean {
  const reason = sensitiveSettingReason(section, key);
  if (reason !== undefined && !isHarmlessValue(value)) {
    if (JSON_KWARGS_SETTINGS.includes(`${section}.${key}`)) return checkKwargs(problems, where, key, String(value), source);
    problems.add(where, `is a secret (${reason}) and ${source.landsIn}: never give its value here; ${source.alternative(section, key)}`);
    return true;
  }
  const credential = typeof value === 'string' ? urlCredentialReason(value) : undefined;
  if (credential !== undefined) {
    problems.add(where, `embeds a credential: ${credential}, and ${source.landsIn}: keep it in an Airflow connection stored in a secrets backend (or a Secret) and refer to the connection by id`);
    return true;
  }
  return false;
}

/** JSON keyword arguments: refused only when a field inside is a secret. */
function checkKwargs(problems: ValidationProblems, where: string, key: string, text: string, source: SettingSource): boolean {
  const found = sensitiveJsonFields(text);
  if ('error' in found) {
    problems.add(where, `must be a JSON object (Airflow parses it with json.loads): ${found.error}`);
    return true;
  }
  if (found.fields.length === 0) return false;
  problems.add(
    where,
    `holds secrets (${found.fields.map((f) => `"${f}"`).join(', ')}) and ${source.landsIn}: leave them out of ${key} and authenticate ` +
      `another way (a Kubernetes auth role, IRSA or Workload Identity), or give the whole value with "${key}_cmd"`,
  );
  return true;
}

/** Records a problem for each line-level hazard of a string value in airflow.cfg. */
function checkLines(problems: ValidationProblems, where: string, value: string): void {
  if (value.includes('\r')) {
    problems.add(where, 'contains a carriage return (\\r), which ends a line in airflow.cfg and would let the rest of the value start a new line (a [section] or another key): use \\n for a value of several lines');
    return;
  }
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000b-\u001f\u007f]/.exec(value);
  if (control) {
    problems.add(where, `contains the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which no Airflow setting takes`);
    return;
  }
  value.split('\n').slice(1).forEach((line, i) => {
    const trimmed = line.trim();
    if (/^[#;]/.test(trimmed)) {
      problems.add(where, `line ${i + 2} starts with "${trimmed[0]}": configparser would drop it from the value as a comment`);
    } else if (/^\[[A-Za-z_][A-Za-z0-9_.-]*\]$/.test(trimmed)) {
      problems.add(where, `line ${i + 2}, ${show(trimmed)}, is a section header: a value cannot start another section; give that section's settings as their own keys under config`);
    }
  });
}
