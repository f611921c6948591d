/**
 * Which names hold secrets. `dist/` is committed to Git, so a value given for such a name would
 * be published; the checks that use these rules refuse the literal and point to a reference.
 *
 * Two sources, both Airflow's own:
 * - settings its config.yml marks `sensitive: true` (hidden in the UI, and the only settings for
 *   which Airflow reads `<key>_cmd` and `<key>_secret` variants);
 * - the field names its secrets masker hides in variable names and connection extras
 *   (DEFAULT_SENSITIVE_FIELDS, which `[core] sensitive_var_conn_names` extends), applied here to
 *   whole words of a name (`smtp_password`, `GITHUB_TOKEN`) rather than substrings, so that
 *   `secrets_backend` or `TOKENIZERS_PARALLELISM` are not taken for secrets.
 */

/** Settings Airflow's config.yml (core, and the Celery and OpenLineage providers) marks `sensitive: true`. */
export const AIRFLOW_SENSITIVE_SETTINGS: readonly string[] = [
  'core.fernet_key',
  'core.sql_alchemy_conn',
  'core.internal_api_secret_key',
  'core.asset_manager_kwargs',
  'database.sql_alchemy_conn',
  'database.sql_alchemy_conn_async',
  'database.sql_alchemy_engine_args',
  'logging.remote_task_handler_kwargs',
  'secrets.backend_kwargs',
  'workers.secrets_backend_kwargs',
  'api.secret_key',
  'webserver.secret_key',
  'api_auth.jwt_secret',
  'sentry.sentry_dsn',
  'celery.broker_url',
  'celery.result_backend',
  'celery.flower_basic_auth',
  'celery_broker_transport_options.sentinel_kwargs',
  'openlineage.transport',
];

/**
 * Sensitive settings whose value is a JSON object of keyword arguments: often harmless
 * (`{"connections_prefix": "airflow/connections"}`), so only the secret fields inside are refused.
 */
export const JSON_KWARGS_SETTINGS: readonly string[] = [
  'core.asset_manager_kwargs',
  'database.sql_alchemy_engine_args',
  'logging.remote_task_handler_kwargs',
  'secrets.backend_kwargs',
  'workers.secrets_backend_kwargs',
  'celery_broker_transport_options.sentinel_kwargs',
  'openlineage.transport',
];

/**
 * Airflow's DEFAULT_SENSITIVE_FIELDS, without `service_account` (on Kubernetes that names a
 * ServiceAccount, not a key file), in two parts. These are matched as whole words of a name...
 */
const WORD_FIELDS: ReadonlyArray<readonly string[]> = [['access', 'token'], ['api', 'key'], ['authorization'], ['private', 'key'], ['keyfile', 'dict']];

/** ...and these also at the end of a longer word (`PGPASSWORD`, `clientsecret`). */
const SUFFIX_FIELDS = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey'];

/**
 * Last words of a name that say its value is about a secret, not the secret: where it is (a
 * file, path, URL, a Secret's name), how it is fetched (a command, a backend class) or how long
 * it lives.
 */
const NOT_A_SECRET_LAST_WORDS = new Set([
  'cmd', 'command', 'file', 'path', 'dir', 'folder', 'name', 'ref', 'backend', 'class', 'url', 'uri', 'endpoint', 'header', 'prefix',
  'type', 'enabled', 'ttl', 'timeout', 'time', 'seconds', 'expiration', 'expiry', 'lifetime', 'length', 'interval', 'limit', 'size',
  'count', 'retries', 'threshold', 'leeway', 'algorithm', 'audience', 'issuer',
]);

/**
 * The lowercase words of a name: `AIRFLOW_VAR_API_TOKEN` -> airflow, var, api, token. (A name
 * that starts or ends with a separator gives an empty first or last word, which matches nothing.)
 */
function wordsOf(name: string): string[] {
  return name.toLowerCase().split(/[^a-z0-9]+/);
}

/** The sensitive field a name contains (e.g. `password`), or undefined. */
export function sensitiveFieldIn(name: string): string | undefined {
  const words = wordsOf(name);
  if (NOT_A_SECRET_LAST_WORDS.has(words[words.length - 1])) return undefined;
  for (const field of WORD_FIELDS) {
    if (words.some((_, i) => field.every((part, j) => words[i + j] === part))) return field.join('_');
  }
  return SUFFIX_FIELDS.find((field) => words.some((word) => word.endsWith(field)));
}

/**
 * Why an Airflow setting (section, key) holds a secret, or undefined. The `_cmd` variant holds a
 * command (`cmd` is a last word that says so) and the `_secret` variant of a sensitive setting
 * holds a key of the secrets backend: neither is the secret itself.
 */
export function sensitiveSettingReason(section: string, key: string): string | undefined {
  if (key.endsWith('_secret') && isSensitiveSetting(section, key.slice(0, -'_secret'.length))) return undefined;
  return isSensitiveSetting(section, key) ? `Airflow treats [${section}] ${key} as sensitive` : undefined;
}

function isSensitiveSetting(section: string, key: string): boolean {
  return AIRFLOW_SENSITIVE_SETTINGS.includes(`${section}.${key}`) || sensitiveFieldIn(key) !== undefined;
}

/** Values that cannot be a secret whatever the name: empty, a flag, or only `$(VAR)` references. */
export function isHarmlessValue(value: unknown): boolean {
  if (typeof value === 'boolean') return true;
  if (typeof value !== 'string') return false;
  return /^(|true|false|yes|no|on|off|0|1)$/i.test(value.trim()) || /^(\$\([A-Za-z_][A-Za-z0-9_]*\))+$/.test(value);
}

const URL_WITH_USERINFO = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/?#@]*)@/gi;
const QUERY_PARAMETER = /[?&;]([^=&;#\s]+)=([^&;#\s]*)/g;
/** A user name that is really an access token (GitHub, GitLab and Azure DevOps tokens are given this way). */
const TOKEN_AS_USER = /^(gh[pousr]_|github_pat_|glpat-|[A-Za-z0-9]{32,}$)/;
/** A password that is a reference to another env var, expanded by Kubernetes: `$(DB_PASSWORD)`. */
const ENV_REFERENCE = /^(\$\([A-Za-z_][A-Za-z0-9_]*\)|\$\{[A-Za-z_][A-Za-z0-9_.:-]*\})$/;

/**
 * Why `text` embeds a credential in a URL, or undefined: a password in the user info
 * (`https://user:pass@host`, `postgresql://u:p@db/x`), an access token given as the HTTP(S) user
 * name (also `git+https://`), or a query parameter with a sensitive name (`?token=...`). A user name alone
 * (`ssh://git@host/repo`) and a password that is a `$(VAR)` reference are fine.
 */
export function urlCredentialReason(text: string): string | undefined {
  for (const match of text.matchAll(URL_WITH_USERINFO)) {
    const scheme = match[1].toLowerCase();
    const userinfo = match[2];
    const colon = userinfo.indexOf(':');
    const password = colon >= 0 ? decodeSafely(userinfo.slice(colon + 1)) : '';
    if (password !== '' && !ENV_REFERENCE.test(password)) return `the URL carries a password ("${scheme}://<user>:<password>@...")`;
    const user = decodeSafely(userinfo.split(':')[0]);
    // `git+https://<token>@...` is how pip and uv take a private repository.
    if (/(^|\+)https?$/.test(scheme) && TOKEN_AS_USER.test(user)) return `the URL carries an access token as its user name ("${scheme}://<token>@...")`;
  }
  for (const match of text.matchAll(QUERY_PARAMETER)) {
    const field = sensitiveFieldIn(decodeSafely(match[1]));
    if (field !== undefined && match[2] !== '' && !ENV_REFERENCE.test(decodeSafely(match[2]))) return `the URL carries a "${match[1]}" query parameter`;
  }
  return undefined;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The sensitive fields of a JSON object, however deep (`{"token": ...}`, `{"auth": {"password": ...}}`),
 * with values that are not harmless; or the parse error when `text` is not a JSON object.
 */
export function sensitiveJsonFields(text: string): { readonly fields: readonly string[] } | { readonly error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: 'it is not an object' };
  const fields: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'string' && urlCredentialReason(value) !== undefined) fields.push(path);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      if (sensitiveFieldIn(key) !== undefined && (typeof child === 'string' || typeof child === 'number') && !isHarmlessValue(child)) fields.push(childPath);
      else walk(child, childPath);
    }
  };
  walk(parsed, '');
  return { fields };
}
