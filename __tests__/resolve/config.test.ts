import {
  AirflowAuth,
  AirflowProps,
  AirflowSecret,
  AirflowVersion,
  CeleryBroker,
  CeleryExecutor,
  KubernetesExecutor,
  MetadataDatabase,
  OWNED_SETTINGS,
  TaskLogs,
} from '../../lib';
import { exampleTaskPodFamilies } from '../../examples';
import { airflowCfgOf, cfgSettings, envOf, problemsOf, synthAirflow, workloadOf } from '../support/chart';

/** Settings whose values are secrets: they reach containers from Secrets, never through airflow.cfg. */
const SECRET_SETTINGS = [
  'core.fernet_key',
  'database.sql_alchemy_conn',
  'celery.broker_url',
  'celery.result_backend',
  'api.secret_key',
  'webserver.secret_key',
  'api_auth.jwt_secret',
];

/** Ways Airflow reads a setting: the value, a command printing it, or a secrets-backend key. */
const VARIANTS = ['', '_cmd', '_secret'];

/** Settings the library writes as defaults that `config` may change. */
const OVERRIDABLE_DEFAULTS = ['core.hostname_callable', 'core.load_examples', 'logging.delete_local_logs', 'metrics.statsd_prefix'];

/** Deployments that between them make the library write every setting it derives. */
const deployments: Array<[string, AirflowProps]> = [
  ['CeleryExecutor with embedded services', { executor: new CeleryExecutor() }],
  [
    'KubernetesExecutor with remote logs, metrics, an Ingress and task pod families',
    {
      executor: new KubernetesExecutor(),
      logs: TaskLogs.remote({ connectionId: 'aws', baseLogFolder: 's3://bucket/logs' }),
      metrics: {},
      ingress: { host: 'airflow.example.com' },
      taskPods: { families: exampleTaskPodFamilies() },
    },
  ],
  [
    'external database, broker and keys with another auth manager',
    {
      executor: new CeleryExecutor({ broker: CeleryBroker.external({ brokerUrl: AirflowSecret.fromExisting('broker', 'url') }) }),
      database: MetadataDatabase.external({ connection: AirflowSecret.fromExisting('db', 'uri') }),
      secrets: {
        fernetKey: AirflowSecret.fromExisting('keys', 'fernet'),
        apiSecretKey: AirflowSecret.fromExisting('keys', 'api'),
        jwtSecret: AirflowSecret.fromExisting('keys', 'jwt'),
      },
      auth: AirflowAuth.manager('airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager'),
    },
  ],
  ['Airflow 2 with metrics and an Ingress', { version: AirflowVersion.V2_11_0, metrics: {}, ingress: { host: 'airflow.example.com' } }],
];

describe('reserved settings', () => {
  const cases = Object.entries(OWNED_SETTINGS).flatMap(([setting, hint]) => VARIANTS.map((variant) => [`${setting}${variant}`, hint]));
  const rejected = (setting: string, hint: string) => {
    // GIVEN a user setting that the library owns
    const [section, key] = setting.split('.');
    // WHEN / THEN
    expect(problemsOf({ config: { [section]: { [key]: 'x' } } })).toEqual([`test/airflow: config.${setting} is set by cdk8s-airflow and cannot be overridden: ${hint}`]);
  };

  test('the list is not empty and covers the auth settings', () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(Object.keys(OWNED_SETTINGS)).toEqual(expect.arrayContaining(['core.auth_manager', 'core.simple_auth_manager_users', 'core.simple_auth_manager_passwords_file']));
  });

  test.each(cases)('config.%s is rejected with the prop to use instead', rejected);

  test('every reserved setting says what to use instead, or why it is fixed', () => {
    // GIVEN the reserved settings / WHEN / THEN none has an empty hint (the message would end in ": ")
    const empty = Object.entries(OWNED_SETTINGS).filter(([, hint]) => !/\w/.test(hint)).map(([setting]) => setting);
    expect(empty).toEqual([]);
  });

  test('every secret setting is in the reserved list', () => {
    expect(SECRET_SETTINGS.filter((setting) => !(setting in OWNED_SETTINGS))).toEqual([]);
  });

  test('every setting the library derives is reserved, except the defaults config may change', () => {
    const derived = [...new Set(deployments.flatMap(([, props]) => cfgSettings(airflowCfgOf(synthAirflow(props)))))].sort();
    expect(derived.length).toBeGreaterThan(OVERRIDABLE_DEFAULTS.length);
    expect(derived).toEqual(expect.arrayContaining(OVERRIDABLE_DEFAULTS));
    expect(derived.filter((setting) => !(setting in OWNED_SETTINGS) && !OVERRIDABLE_DEFAULTS.includes(setting))).toEqual([]);
  });

  test('the overridable defaults follow config', () => {
    const cfg = airflowCfgOf(synthAirflow({ config: { core: { load_examples: true } } }));
    expect(cfg).toContain('load_examples = True\n');
    expect(cfg).not.toContain('load_examples = False');
  });
});

describe('bad input: config keys', () => {
  test.each<[string, AirflowProps, string[]]>([
    [
      'a key that is not lower_snake_case',
      { config: { core: { Parallelism: 64 } } },
      ['test/airflow: config.core.Parallelism is not an Airflow config key: use lower_snake_case names as in airflow.cfg'],
    ],
    [
      'sections and keys that are not lower_snake_case from their first to their last character',
      { config: { Core: { parallelism: 64 }, 'web-server': { workers: 4 }, '2nd': {}, core: { max_tis_per_query: 16, 'dagbag-import-timeout': 30, X_size: 1 } } },
      [
        'test/airflow: config.Core is not an Airflow config section: use lower_snake_case names as in airflow.cfg',
        'test/airflow: config.web-server is not an Airflow config section: use lower_snake_case names as in airflow.cfg',
        'test/airflow: config.2nd is not an Airflow config section: use lower_snake_case names as in airflow.cfg',
        'test/airflow: config.core.dagbag-import-timeout is not an Airflow config key: use lower_snake_case names as in airflow.cfg',
        'test/airflow: config.core.X_size is not an Airflow config key: use lower_snake_case names as in airflow.cfg',
      ],
    ],
    [
      'reserved settings given a number and a boolean: one problem each, the value type is fine',
      { config: { metrics: { statsd_port: 9125, statsd_on: false } } },
      [
        'test/airflow: config.metrics.statsd_port is set by cdk8s-airflow and cannot be overridden: set the "metrics" prop',
        'test/airflow: config.metrics.statsd_on is set by cdk8s-airflow and cannot be overridden: set the "metrics" prop',
      ],
    ],
    [
      'a reserved setting given an object (from JavaScript)',
      { config: { core: { executor: { name: 'CeleryExecutor' } } } as unknown as AirflowProps['config'] },
      [
        'test/airflow: config.core.executor is set by cdk8s-airflow and cannot be overridden: choose the executor with the "executor" prop',
        'test/airflow: config.core.executor must be a string, number or boolean, got {"name":"CeleryExecutor"}',
      ],
    ],
  ])('%s is an error', (_, props, expected) => {
    // GIVEN a config entry Airflow could not take / WHEN synthesized / THEN each problem is named
    expect(problemsOf(props)).toEqual(expected);
  });
});

describe('secret settings', () => {
  test.each(deployments)('%s: none is written into airflow.cfg', (_, props) => {
    const objects = synthAirflow(props);
    const secretKeys = SECRET_SETTINGS.flatMap((setting) => VARIANTS.map((variant) => `${setting}${variant}`));
    const written = cfgSettings(airflowCfgOf(objects));
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((setting) => secretKeys.includes(setting))).toEqual([]);
    // They reach the scheduler as env, each from a Secret, or (the database URL) printed by a
    // command from a password that is.
    const env = envOf(workloadOf(objects, 'scheduler').spec.template.spec.containers[0]);
    expect(env.AIRFLOW__CORE__FERNET_KEY.valueFrom.secretKeyRef).toBeDefined();
    const database = env.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN ?? env.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD;
    const fromSecret = database.valueFrom?.secretKeyRef !== undefined || (database.value.endsWith(' AIRFLOW_DB_PASSWORD') && env.AIRFLOW_DB_PASSWORD.valueFrom.secretKeyRef !== undefined);
    expect(fromSecret).toBe(true);
  });
});
