/**
 * Recognizes secret material written as a literal value, which would end up in `dist/` and in Git:
 * private keys, cloud access keys and tokens, URLs with a password, and any literal given to a
 * variable named like a secret. `$(VAR)` references and file paths are not secrets.
 */

/** Values that are secrets whatever their name. */
const SECRET_VALUES: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key'],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b|\bgithub_pat_[A-Za-z0-9_]{30,}\b/, 'a GitHub token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  // A header and a payload, then the signature's first character: enough to tell a token.
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]/, 'a JSON Web Token'],
];

/** A URL with `user:password@` where the password is a literal, not `$(VAR)`. */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^/\s@]+)@/i;

/** Names of variables (and keys) that hold secrets. */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|ACCESS_?KEY)/i;

/**
 * Names whose value points at a secret rather than being one: a file, a folder, a command, or
 * the key Airflow looks up in its secrets backend (`AIRFLOW__SECTION__KEY_SECRET`).
 */
const INDIRECT_NAME = /(_FILE|_PATH|_DIR|_CMD)$|^AIRFLOW__.*_SECRET$/i;

/** Only `$(VAR)` references (and separators): the value comes from other variables. */
const ONLY_REFERENCES = /^(\s*\$\([A-Za-z_][A-Za-z0-9_.-]*\)\s*[:,;]?)+$/;

/**
 * Why `value` looks like secret material, or undefined when it does not.
 *
 * @param name the variable the value is given to; a literal for a secret-like variable name counts
 *   as a secret. Undefined for annotations, whose keys often name a secret they only point at.
 */
export function secretLiteralProblem(name: string | undefined, value: string): string | undefined {
  for (const [pattern, what] of SECRET_VALUES) if (pattern.test(value)) return `looks like a secret (${what})`;
  const password = URL_WITH_PASSWORD.exec(value)?.[1];
  if (password !== undefined && !/^\$\([A-Za-z_][A-Za-z0-9_.-]*\)$/.test(password)) return 'looks like a secret (a URL with a password)';
  if (name !== undefined && SECRET_NAME.test(name) && !INDIRECT_NAME.test(name) && value !== '' && !value.startsWith('/') && !ONLY_REFERENCES.test(value)) {
    return `looks like a secret (a literal value for "${name}")`;
  }
  return undefined;
}
