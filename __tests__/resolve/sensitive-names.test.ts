// Which names and values hold secrets (lib/resolve/sensitive-names.ts), case by case: a name,
// setting, URL or JSON value just inside or just outside each rule. These rules keep secret values
// out of the committed dist/, so a slip in one publishes a password.
import {
  AIRFLOW_SENSITIVE_SETTINGS,
  JSON_KWARGS_SETTINGS,
  isHarmlessValue,
  sensitiveFieldIn,
  sensitiveJsonFields,
  sensitiveSettingReason,
  urlCredentialReason,
} from '../../lib/resolve/sensitive-names';

describe('sensitiveFieldIn: the secret field a name holds', () => {
  it.each([
    ['password', 'password'],
    ['smtp_password', 'password'],
    ['SMTP-PASSWORD', 'password'],
    ['passwd', 'passwd'],
    ['ssh_passphrase', 'passphrase'],
    ['client_secret', 'secret'],
    ['GITHUB_TOKEN', 'token'],
    ['authorization', 'authorization'],
    ['http_authorization', 'authorization'],
    ['apikey', 'apikey'],
    // Two-word fields, anywhere in the name, also as its last two words.
    ['api_key', 'api_key'],
    ['API-KEY-ID', 'api_key'],
    ['MAPS__API__KEY', 'api_key'],
    ['_password_', 'password'],
    ['datadog_api_key', 'api_key'],
    ['access_token', 'access_token'],
    ['oauth_access_token', 'access_token'],
    ['private_key', 'private_key'],
    ['ssh_private_key', 'private_key'],
    ['keyfile_dict', 'keyfile_dict'],
    ['gcp_keyfile_dict', 'keyfile_dict'],
    // Single-word fields at the end of a longer word.
    ['PGPASSWORD', 'password'],
    ['mysqlpasswd', 'passwd'],
    ['sshpassphrase', 'passphrase'],
    ['clientsecret', 'secret'],
    ['ghtoken', 'token'],
    ['x_myapikey', 'apikey'],
  ])('%p holds %p', (name, field) => {
    expect(sensitiveFieldIn(name)).toBe(field);
  });

  it.each([
    ['', 'no words'],
    ['__', 'no words'],
    ['secrets_backend', 'a backend class'],
    ['TOKENIZERS_PARALLELISM', 'a word that only starts with a field'],
    ['api', 'half of a two-word field'],
    ['key', 'half of a two-word field'],
    ['api_version_key', 'the two words not next to each other'],
    ['key_api', 'the two words in the other order'],
    ['private', 'half of a two-word field'],
    ['keyfile', 'half of a two-word field'],
    ['service_account', 'a ServiceAccount on Kubernetes'],
    ['instance_name', 'no field at all'],
    ['passwordless', 'a field starting a longer word'],
  ])('%p holds none (%s)', (name) => {
    expect(sensitiveFieldIn(name)).toBeUndefined();
  });

  // A last word that says the value is about a secret (where it is, how it is fetched, how long it
  // lives), not the secret itself.
  it.each([
    'cmd', 'command', 'file', 'path', 'dir', 'folder', 'name', 'ref', 'backend', 'class', 'url', 'uri', 'endpoint', 'header', 'prefix',
    'type', 'enabled', 'ttl', 'timeout', 'time', 'seconds', 'expiration', 'expiry', 'lifetime', 'length', 'interval', 'limit', 'size',
    'count', 'retries', 'threshold', 'leeway', 'algorithm', 'audience', 'issuer',
  ])('a name ending in "_%s" is not a secret', (word) => {
    expect(sensitiveFieldIn(`password_${word}`)).toBeUndefined();
    expect(sensitiveFieldIn(`${word}_password`)).toBe('password');
  });
});

describe('sensitiveSettingReason: Airflow settings that hold secrets', () => {
  // Airflow's config.yml (core, Celery and OpenLineage providers) marks these `sensitive: true`.
  const airflowSensitive = [
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

  it('knows exactly the settings Airflow marks sensitive', () => {
    expect([...AIRFLOW_SENSITIVE_SETTINGS].sort()).toEqual([...airflowSensitive].sort());
  });

  it.each(airflowSensitive)('%s is a secret, by Airflow\'s own list', (setting) => {
    const [section, key] = setting.split('.');
    expect(sensitiveSettingReason(section, key)).toBe(`Airflow treats [${section}] ${key} as sensitive`);
  });

  it('also takes a setting whose name holds a secret field', () => {
    expect(sensitiveSettingReason('smtp', 'smtp_password')).toBe('Airflow treats [smtp] smtp_password as sensitive');
    expect(sensitiveSettingReason('core', 'jwt_secret')).toBe('Airflow treats [core] jwt_secret as sensitive');
    // Seven characters after a secret name, as long as "_secret": not a secrets-backend key.
    expect(sensitiveSettingReason('smtp', 'smtp_password_backup')).toBe('Airflow treats [smtp] smtp_password_backup as sensitive');
  });

  it.each([
    ['core', 'fernet_key_cmd', 'a command that prints it'],
    ['smtp', 'smtp_password_cmd', 'a command that prints it'],
    ['core', 'fernet_key_secret', 'its key in the secrets backend'],
    ['smtp', 'smtp_password_secret', 'its key in the secrets backend'],
    ['celery', 'broker_url_secret', 'its key in the secrets backend'],
    ['webserver', 'instance_name', 'not a secret at all'],
    ['core', 'parallelism', 'not a secret at all'],
  ])('[%s] %s is not (%s)', (section, key) => {
    expect(sensitiveSettingReason(section, key)).toBeUndefined();
  });

  it('lists the JSON keyword-argument settings, each of them sensitive', () => {
    expect([...JSON_KWARGS_SETTINGS].sort()).toEqual([
      'celery_broker_transport_options.sentinel_kwargs',
      'core.asset_manager_kwargs',
      'database.sql_alchemy_engine_args',
      'logging.remote_task_handler_kwargs',
      'openlineage.transport',
      'secrets.backend_kwargs',
      'workers.secrets_backend_kwargs',
    ]);
    for (const setting of JSON_KWARGS_SETTINGS) expect(airflowSensitive).toContain(setting);
  });
});

describe('isHarmlessValue: values that cannot be a secret whatever their name', () => {
  it.each<[unknown]>([[true], [false], [''], ['  '], ['true'], ['FALSE'], ['Yes'], ['no'], ['on'], ['OFF'], ['0'], ['1'], [' true '], ['$(DB_PASSWORD)'], ['$(A)$(_b1)']])(
    '%p is harmless',
    (value) => {
      expect(isHarmlessValue(value)).toBe(true);
    },
  );
  it.each<[unknown]>([[0], [1], [null], [undefined], ['2'], ['truee'], ['xtrue'], ['yes please'], ['hunter2'], ['$(A) x'], ['x$(A)'], ['$(1A)'], ['$(A'], ['$(A-B)'], ['${A}']])(
    '%p may be a secret',
    (value) => {
      expect(isHarmlessValue(value)).toBe(false);
    },
  );
});

describe('urlCredentialReason: credentials inside URLs', () => {
  const password = (scheme: string) => `the URL carries a password ("${scheme}://<user>:<password>@...")`;
  const token = (scheme: string) => `the URL carries an access token as its user name ("${scheme}://<token>@...")`;

  it.each([
    ['https://user:hunter2@airflow.example.com', password('https')],
    ['postgresql://airflow:pw@db:5432/airflow', password('postgresql')],
    ['HTTPS://user:pw@host', password('https')],
    ['redis+sentinel://:pw@redis:26379/0', password('redis+sentinel')],
    ['see s3://key:secret@bucket/logs for the logs', password('s3')],
    ['https://user:p%40ss@host', password('https')],
    ['https://user:%E0%A4%A@host', password('https')],
    ['https://user:$(PW)x@host', password('https')],
    ['https://ghp_abc123@github.com/acme/dags.git', token('https')],
    ['https://gho_abc@github.com/x', token('https')],
    ['https://github_pat_11AB@github.com/x', token('https')],
    ['http://glpat-abc@gitlab.example.com/x', token('http')],
    ['git+https://ghp_abc@github.com/acme/lib.git', token('git+https')],
    [`https://${'a1'.repeat(16)}@dev.azure.com/acme/_git/dags`, token('https')],
    ['https://ghp_abc:@github.com/x', token('https')],
    [`https://${'a1'.repeat(16)}:@dev.azure.com/acme/_git/dags`, token('https')],
    ['https://user:x$(PW)@host', password('https')],
    ['https://h/path?token=abc', 'the URL carries a "token" query parameter'],
    ['https://h/path?page=2&api_key=abc', 'the URL carries a "api_key" query parameter'],
    ['https://h/path;password=abc', 'the URL carries a "password" query parameter'],
    ['https://h/path?access%5Ftoken=abc', 'the URL carries a "access%5Ftoken" query parameter'],
  ])('%p: %s', (text, reason) => {
    expect(urlCredentialReason(text)).toBe(reason);
  });

  it.each([
    ['ssh://git@github.com/acme/dags.git', 'a user name alone'],
    ['https://user:$(DB_PASSWORD)@host', 'a password that is an env var reference'],
    ['https://user:${DB_PASSWORD}@host', 'a password that is a placeholder'],
    ['https://user:%24(PW)@host', 'an encoded env var reference'],
    ['https://user:@host', 'an empty password'],
    ['https://user@host', 'a user name alone over HTTPS'],
    [`https://${'a1'.repeat(15)}a@host`, 'a 31-character user name'],
    ['ssh://ghp_abc@github.com/x', 'a token-like user name outside HTTP(S)'],
    ['git+ssh://ghp_abc@github.com/x', 'a token-like user name outside HTTP(S)'],
    ['xhttps://ghp_abc@github.com/x', 'a scheme that only ends in "https"'],
    ['httpsx://ghp_abc@github.com/x', 'a scheme that only starts with "https"'],
    ['https://myghp_abc@github.com/x', 'a user name that only contains a token prefix'],
    [`https://${'a1'.repeat(16)}-x@host`, 'a long user name with other characters'],
    ['https://host/path/@scope/pkg', 'an "@" in the path'],
    ['https://host/path?next=/a@b', 'an "@" in the query'],
    ['mailto:user@example.com', 'no "//"'],
    ['https://h/path?token=', 'an empty query parameter'],
    ['https://h/path?token=$(T)', 'a query parameter that is an env var reference'],
    ['https://h/path?page=2&sort=name', 'query parameters that are not secret'],
    ['https://h/path?token_ttl=300', 'a query parameter about a token'],
    ['plain text', 'no URL'],
  ])('%p: none (%s)', (text) => {
    expect(urlCredentialReason(text)).toBeUndefined();
  });

  it('finds a credential in any of several URLs, and can be asked again (no regex state left behind)', () => {
    const text = 'https://a.example.com https://user:pw@b.example.com';
    expect(urlCredentialReason(text)).toBe(password('https'));
    expect(urlCredentialReason(text)).toBe(password('https'));
    expect(urlCredentialReason('x https://h/?a=1 y https://h/?token=t')).toBe('the URL carries a "token" query parameter');
  });
});

describe('sensitiveJsonFields: secret fields of JSON keyword arguments', () => {
  it.each([
    ['{"connections_prefix": "airflow/connections"}', []],
    ['{"token": "s.abc"}', ['token']],
    ['{"token": 12345}', ['token']],
    ['{"token": true, "password": "", "secret": "yes"}', []],
    ['{"token": null, "secret": {"path": "x"}}', []],
    ['{"auth": {"password": "p", "user": "u"}}', ['auth.password']],
    ['{"hosts": [{"password": "p"}]}', ['hosts.0.password']],
    ['{"url": "https://u:pw@vault:8200", "mount": "kv"}', ['url']],
    ['{"a": {"b": {"api_key": "k"}}, "token": "t"}', ['a.b.api_key', 'token']],
  ])('%s holds %p', (text, fields) => {
    expect(sensitiveJsonFields(text)).toEqual({ fields });
  });

  it.each([
    ['[{"token": "t"}]', 'it is not an object'],
    ['null', 'it is not an object'],
    ['"token"', 'it is not an object'],
    ['42', 'it is not an object'],
  ])('%s is refused: %s', (text, error) => {
    expect(sensitiveJsonFields(text)).toEqual({ error });
  });

  it('gives JSON.parse\'s message for text that is not JSON', () => {
    expect(sensitiveJsonFields('{')).toEqual({ error: expect.stringMatching(/JSON/) });
  });
});
