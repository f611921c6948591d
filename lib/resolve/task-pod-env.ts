/**
 * Checks of a task pod family's `env` and `envFrom`. Task pod templates are shipped in a
 * ConfigMap in the committed `dist/`, so a literal secret in `env` would be published: secrets
 * come in with `envFrom` (a Secret whose keys become env vars). In executor templates the env the
 * library sets (keys and the database URI from Secrets) must not be set twice: Kubernetes keeps the
 * last entry, so a second one would silently replace the reference with a literal.
 */
import { ValidationProblems, show } from '../errors';
import { TaskPodFamily } from '../model/task-pod-family';
import { isDnsSubdomain } from './checks';
import { ownedSettingHint } from './config';
import { isHarmlessValue, sensitiveFieldIn, sensitiveJsonFields, sensitiveSettingReason, urlCredentialReason } from './sensitive-names';

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const AIRFLOW_SETTING_ENV = /^AIRFLOW__([A-Z0-9_]+?)__([A-Z0-9_]+)$/;
const LANDS_IN = 'task pod templates are a ConfigMap in dist/, which is committed';

/** Checks `env` and `envFrom` of the family at `prop`. */
export function checkFamilyEnv(
  problems: ValidationProblems,
  prop: string,
  family: TaskPodFamily,
  /** Env the library sets in executor templates, with the prop it comes from. */
  reservedEnv: ReadonlyMap<string, string>,
): void {
  const env: unknown = family.options.env;
  if (env !== undefined && (env === null || typeof env !== 'object' || Array.isArray(env))) {
    problems.add(`${prop}.env`, `must be a map of variable names to string values, got ${show(env)}`);
  } else {
    for (const [name, value] of Object.entries(env ?? {})) checkEnvVar(problems, `${prop}.env.${name}`, name, value, family.kind === 'executor' ? reservedEnv : undefined);
  }
  (family.options.envFrom ?? []).forEach((source, i) => {
    const names = [source?.secretName, source?.configMapName].filter((n) => n !== undefined);
    if (names.length !== 1) {
      problems.add(`${prop}.envFrom[${i}]`, 'must set exactly one of secretName and configMapName');
    } else if (!isDnsSubdomain(names[0])) {
      problems.add(`${prop}.envFrom[${i}].${source.secretName !== undefined ? 'secretName' : 'configMapName'}`, `must be an object name (lowercase RFC 1123 subdomain), got ${show(names[0])}`);
    }
  });
}

function checkEnvVar(problems: ValidationProblems, where: string, name: string, value: unknown, reservedEnv: ReadonlyMap<string, string> | undefined): void {
  if (!ENV_NAME.test(name)) {
    problems.add(where, 'is not a valid environment variable name');
    return;
  }
  if (typeof value !== 'string') {
    problems.add(where, `must be a string (env values are text: quote numbers and booleans), got ${show(value)}`);
    return;
  }
  const setBy = reservedEnv?.get(name);
  if (setBy !== undefined) {
    problems.add(where, `is already set in executor templates by cdk8s-airflow (from ${setBy}): a second entry would silently replace it; remove it`);
    return;
  }
  const setting = AIRFLOW_SETTING_ENV.exec(name);
  if (setting && reservedEnv !== undefined) {
    const owned = ownedSettingHint(setting[1].toLowerCase(), setting[2].toLowerCase());
    if (owned !== undefined) {
      problems.add(where, `sets [${setting[1].toLowerCase()}] ${setting[2].toLowerCase()}, which cdk8s-airflow sets and cannot be overridden: ${owned}`);
      return;
    }
  }
  const reason = secretReason(name, value, setting);
  if (reason !== undefined) {
    problems.add(where, `is a secret (${reason}) and ${LANDS_IN}: never give its value here; put it in a Secret and load it with envFrom: [{ secretName: '...' }] (a key named ${name})`);
  }
}

/** Why the literal `value` of env var `name` is a secret, or undefined. */
function secretReason(name: string, value: string, setting: RegExpExecArray | null): string | undefined {
  if (isHarmlessValue(value)) return undefined;
  // An Airflow setting follows Airflow's rule, which knows its `_cmd` and `_secret` variants.
  if (setting) return sensitiveSettingReason(setting[1].toLowerCase(), setting[2].toLowerCase()) ?? urlCredentialReason(value);
  const field = sensitiveFieldIn(name);
  if (field !== undefined) return `its name says "${field}"`;
  if (/^AIRFLOW_CONN_/.test(name) && value.trim().startsWith('{')) {
    const found = sensitiveJsonFields(value);
    if ('fields' in found && found.fields.length > 0) return `the connection has ${found.fields.map((f) => `"${f}"`).join(', ')}`;
  }
  return urlCredentialReason(value);
}
