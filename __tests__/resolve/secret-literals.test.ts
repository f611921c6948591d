/**
 * Secret material recognised by its look or by the name it is given to, and the look-alikes that
 * are not secrets (too short, part of a longer word, a reference or a path).
 */
import { secretLiteralProblem } from '../../lib/resolve/secret-literals';

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('secretLiteralProblem', () => {
  test.each([
    ['a private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE', 'a private key'],
    ['a private key of no named type', '-----BEGIN PRIVATE KEY-----\nMIIE', 'a private key'],
    ['an AWS access key id', `aws_access_key_id=${AWS_KEY}`, 'an AWS access key'],
    ['an AWS session key id', 'ASIAIOSFODNN7EXAMPLE', 'an AWS access key'],
    ['a GitHub personal token', `ghp_${'a1'.repeat(18)}`, 'a GitHub token'],
    ['a GitHub OAuth token', `gho_${'B2'.repeat(15)}`, 'a GitHub token'],
    ['a fine-grained GitHub token', `github_pat_11ABCDEFG0_${'c3'.repeat(20)}`, 'a GitHub token'],
    ['a Slack bot token', 'xoxb-1234567890-abcdefghij', 'a Slack token'],
    ['a JSON Web Token', `Bearer ${JWT}`, 'a JSON Web Token'],
    ['a URL with a password', 'postgresql://etl:pw@warehouse:5432/dw', 'a URL with a password'],
    // Schemes with a digit or ending in one letter after a digit: the whole scheme is matched.
    ['a URL with a password, scheme with a digit', 'export LOGS=s3://AKIDEXAMPLE:wJalrXUtn@bucket/logs', 'a URL with a password'],
    ['a URL with a password, Hadoop S3A', 's3a://AKIDEXAMPLE:wJalrXUtn@bucket/logs', 'a URL with a password'],
    ['a URL whose password only ends in a reference', 'https://u:pw$(PW)@host', 'a URL with a password'],
    ['a URL whose password only starts with a reference', 'https://u:$(PW)pw@host', 'a URL with a password'],
    ['a GitHub token of the shortest length', `ghp_${'a'.repeat(30)}`, 'a GitHub token'],
    ['a fine-grained GitHub token of the shortest length', `github_pat_${'a'.repeat(30)}`, 'a GitHub token'],
    ['a Slack token of the shortest length', `xoxp-${'1'.repeat(10)}`, 'a Slack token'],
    ['a JSON Web Token of the shortest parts', `eyJ${'a'.repeat(8)}.eyJ${'b'.repeat(8)}.c`, 'a JSON Web Token'],
  ])('%s is a secret by its look, whatever its name', (_, value, what) => {
    // GIVEN the value under a name that says nothing / WHEN / THEN it is recognised
    expect(secretLiteralProblem('X', value)).toBe(`looks like a secret (${what})`);
  });

  test.each([
    ['an AWS-like key with a letter before it', `X${AWS_KEY}`],
    ['an AWS-like key one character short', AWS_KEY.slice(0, -1)],
    ['an AWS-like key one character long', `${AWS_KEY}X`],
    ['a GitHub-like token one character short', `ghp_${'a'.repeat(29)}`],
    ['a fine-grained GitHub-like token one character short', `github_pat_${'a'.repeat(29)}`],
    ['a Slack-like token one character short', `xoxp-${'1'.repeat(9)}`],
    ['JWT-like parts one character short', `eyJ${'a'.repeat(7)}.eyJ${'b'.repeat(8)}.c`],
    ['a GitHub-like token too short to be one', 'ghp_abc123'],
    ['a fine-grained GitHub-like token too short to be one', 'github_pat_abc123'],
    ['a Slack-like word too short to be a token', 'xoxb-123'],
    ['JWT-like parts too short to be a token', 'eyJhbGci.eyJzdWIi.x'],
    ['a URL whose password is a reference', 'postgresql://etl:$(WAREHOUSE_PASSWORD)@warehouse:5432/dw'],
    ['a URL with a user name only', 'https://deploy@github.com/acme/dags.git'],
  ])('%s is not a secret', (_, value) => {
    expect(secretLiteralProblem('X', value)).toBeUndefined();
  });

  test.each<[string, string | undefined, string, string | undefined]>([
    ['a literal for a password variable', 'DB_PASSWORD', 'hunter2', 'looks like a secret (a literal value for "DB_PASSWORD")'],
    ['a literal for an API key variable', 'STRIPE_APIKEY', 'sk_live_x', 'looks like a secret (a literal value for "STRIPE_APIKEY")'],
    ['the path of a file holding the password', 'DB_PASSWORD_FILE', 'hunter2', undefined],
    ['the secrets-backend key of an Airflow setting', 'AIRFLOW__SMTP__SMTP_PASSWORD_SECRET', 'airflow/smtp', undefined],
    ['an empty password', 'DB_PASSWORD', '', undefined],
    ['a path given to a password variable', 'DB_PASSWORD', '/run/secrets/db', undefined],
    ['references to other variables', 'DB_PASSWORD', '$(PG_USER):$(PG_PASSWORD)', undefined],
    ['an annotation value, which has no variable name', undefined, 'hunter2', undefined],
    ['a literal for a variable that only contains an Airflow secret-key name', 'MY_AIRFLOW__SMTP__SMTP_PASSWORD_SECRET', 'x', 'looks like a secret (a literal value for "MY_AIRFLOW__SMTP__SMTP_PASSWORD_SECRET")'],
    ['a literal for a variable that only starts like an Airflow secret-key name', 'AIRFLOW__SMTP__SMTP_PASSWORD_SECRET_V2', 'x', 'looks like a secret (a literal value for "AIRFLOW__SMTP__SMTP_PASSWORD_SECRET_V2")'],
    ['references with spaces and separators', 'DB_PASSWORD', ' $(PG_HOST) :$(PG_PORT) ', undefined],
    ['text before a reference', 'DB_PASSWORD', 'pw$(PG_PASSWORD)', 'looks like a secret (a literal value for "DB_PASSWORD")'],
    ['text after a reference', 'DB_PASSWORD', '$(PG_PASSWORD)pw', 'looks like a secret (a literal value for "DB_PASSWORD")'],
    ['a literal for a name that says "file" before the secret word', 'DB_FILE_PASSWORD', 'hunter2', 'looks like a secret (a literal value for "DB_FILE_PASSWORD")'],
  ])('%s', (_, name, value, expected) => {
    // GIVEN a value given to a variable / WHEN / THEN a literal counts only for a secret-like name
    expect(secretLiteralProblem(name, value)).toBe(expected);
  });

  test.each([
    'db_password', 'SMTP_PASSWD', 'GPG_PASSPHRASE', 'CLIENT_SECRET', 'SLACK_TOKEN', 'MAPS_API_KEY', 'MAPS_APIKEY',
    'SSH_PRIVATE_KEY', 'SSH_PRIVATEKEY', 'GCP_CREDENTIALS', 'GCP_CREDENTIAL', 'AWS_ACCESS_KEY', 'AWS_ACCESSKEY',
  ])('a literal for %s is a secret by its name', (name) => {
    expect(secretLiteralProblem(name, 'x1')).toBe(`looks like a secret (a literal value for "${name}")`);
  });

  test.each(['GCP_CREDENTIALS_FILE', 'TLS_PRIVATE_KEY_PATH', 'GNUPG_SECRET_DIR', 'DB_PASSWORD_CMD', 'AIRFLOW__SMTP__SMTP_PASSWORD_SECRET'])(
    '%s points at a secret, so a literal for it is not one',
    (name) => {
      expect(secretLiteralProblem(name, 'x1')).toBeUndefined();
    },
  );
});
