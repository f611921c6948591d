// Class 2 of issue 14: values must not change the structure of the files they are written into
// (airflow.cfg, spark-defaults.conf), and numbers must be numbers.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AirflowProps, AirflowSettings, CeleryExecutor, DagSource, KubernetesExecutor, PgBouncerProps, TaskPodFamily, TaskPodPresets, WorkerAutoscaling, renderAirflowCfg } from '../../lib';
import { synthExamples } from '../support/app';
import { airflowCfgOf, problemsOf, schemaProblemsOf, synthAirflow } from '../support/chart';

/** Reads an airflow.cfg with Python's configparser, as Airflow does; returns the sections or the error. */
function readWithConfigparser(cfg: string): Record<string, Record<string, string>> | { error: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-')), 'airflow.cfg');
  fs.writeFileSync(file, cfg);
  const script = [
    'import configparser, json, sys',
    'p = configparser.ConfigParser()',
    'try:',
    '    p.read(sys.argv[1], encoding="utf-8")',
    '    print(json.dumps({s: {k: p.get(s, k) for k in p[s]} for s in p.sections()}))',
    'except configparser.Error as e:',
    '    print(json.dumps({"error": type(e).__name__}))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
}

/** What configparser makes of a value written over several lines: each line stripped, trailing blank lines dropped. */
function asConfigparserReadsIt(value: string): string {
  return value.split('\n').map((line) => line.trim()).join('\n').replace(/\s+$/, '');
}

const pgbouncer = (props: PgBouncerProps): AirflowProps => ({ pgbouncer: props });

describe('bad input: values that would break a generated file, or are not numbers', () => {
  const cases: Array<[string, AirflowProps, string[]]> = [
    [
      'a carriage return in a config value',
      { config: { core: { default_timezone: 'utc\r[core]\rexecutor = LocalExecutor' } } },
      ['test/airflow: config.core.default_timezone contains a carriage return (\\r), which ends a line in airflow.cfg and would let the rest of the value start a new line (a [section] or another key): use \\n for a value of several lines'],
    ],
    [
      'a line of a config value that is a section header',
      { config: { core: { default_timezone: 'utc\n[core]\nexecutor = LocalExecutor' } } },
      ['test/airflow: config.core.default_timezone line 2, "[core]", is a section header: a value cannot start another section; give that section\'s settings as their own keys under config'],
    ],
    [
      'a line of a config value that configparser drops as a comment',
      { config: { webserver: { instance_name: 'Airflow\n# production' } } },
      ['test/airflow: config.webserver.instance_name line 2 starts with "#": configparser would drop it from the value as a comment'],
    ],
    [
      'a control character in a config value',
      { config: { webserver: { instance_name: 'Airflow\u0007' } } },
      ['test/airflow: config.webserver.instance_name contains the control character U+0007, which no Airflow setting takes'],
    ],
    ['NaN as a config value', { config: { core: { parallelism: NaN } } }, ['test/airflow: config.core.parallelism must be a finite number: Airflow cannot read NaN']],
    ['Infinity as a config value', { config: { core: { parallelism: Infinity } } }, ['test/airflow: config.core.parallelism must be a finite number: Airflow cannot read Infinity']],
    ['-Infinity as a config value', { config: { scheduler: { num_runs: -Infinity } } }, ['test/airflow: config.scheduler.num_runs must be a finite number: Airflow cannot read -Infinity']],
    [
      'a line break in the DAG sub-path written to dags_folder',
      { dags: DagSource.gitSync({ repo: 'https://github.com/acme/dags.git', subPath: 'dags\r[core]' }) },
      ['test/airflow: dags.subPath must be a folder of the repository such as "dags" (it is written into airflow.cfg), got "dags\\r[core]"'],
    ],
    [
      'a line break in a Spark property',
      { taskPods: { families: [TaskPodPresets.spark({ sparkConf: { 'spark.executor.instances': '2\nspark.master local[*]' } })] } },
      ['test/airflow: taskPods.families[0].sparkConf.spark.executor.instances must be one line not ending in "\\": spark-defaults.conf takes one property per line, and a line break or a trailing backslash would run into the next property'],
    ],
    [
      'a Spark property ending in a backslash (a Java properties continuation)',
      { taskPods: { families: [TaskPodPresets.spark({ sparkConf: { 'spark.driver.extraJavaOptions': '-Dx=1 \\' } })] } },
      ['test/airflow: taskPods.families[0].sparkConf.spark.driver.extraJavaOptions must be one line not ending in "\\": spark-defaults.conf takes one property per line, and a line break or a trailing backslash would run into the next property'],
    ],
    [
      'a Spark property name with a separator',
      { taskPods: { families: [TaskPodPresets.spark({ sparkConf: { 'spark.master=local spark.x': '1' } })] } },
      ['test/airflow: taskPods.families[0].sparkConf has key "spark.master=local spark.x", which is not a Spark property name (letters, digits, \'.\', \'_\', \'-\'; no spaces, \'=\' or \':\')'],
    ],
    [
      'a control character written in hex with uppercase digits, as Unicode writes code points',
      { config: { webserver: { instance_name: 'prod\u001b[31m' } } },
      ['test/airflow: config.webserver.instance_name contains the control character U+001B, which no Airflow setting takes'],
    ],
    // One problem per value: a secret, a credential or a bad JSON value is reported for what it
    // is, not again for its line breaks.
    [
      'a secret value that also holds a carriage return',
      { config: { smtp: { smtp_password: 'abc\rdef' } } },
      ['test/airflow: config.smtp.smtp_password is a secret (Airflow treats [smtp] smtp_password as sensitive) and airflow.cfg is a ConfigMap in dist/, which is committed: never give its value here; set "smtp_password_secret" (its key in the secrets backend named by [secrets] backend) or "smtp_password_cmd" (a command that prints it) instead'],
    ],
    [
      'a URL with a password that also holds a carriage return',
      { config: { metrics: { otel_host: 'https://user:pw@otel.example.com/\r' } } },
      ['test/airflow: config.metrics.otel_host embeds a credential: the URL carries a password ("https://<user>:<password>@..."), and airflow.cfg is a ConfigMap in dist/, which is committed: keep it in an Airflow connection stored in a secrets backend (or a Secret) and refer to the connection by id'],
    ],
    [
      'keyword arguments that are not JSON and hold a carriage return',
      { config: { secrets: { backend_kwargs: '{\r' } } },
      ["test/airflow: config.secrets.backend_kwargs must be a JSON object (Airflow parses it with json.loads): Expected property name or '}' in JSON at position 2"],
    ],
    [
      'keyword arguments holding a secret field and a carriage return',
      { config: { secrets: { backend_kwargs: '{"token": "t",\r"x": 1}' } } },
      ['test/airflow: config.secrets.backend_kwargs holds secrets ("token") and airflow.cfg is a ConfigMap in dist/, which is committed: leave them out of backend_kwargs and authenticate another way (a Kubernetes auth role, IRSA or Workload Identity), or give the whole value with "backend_kwargs_cmd"'],
    ],
    [
      'keyword arguments holding several secret fields: each is named',
      { config: { secrets: { backend_kwargs: '{"token": "t", "url": "https://vault:8200", "password": "p"}' } } },
      ['test/airflow: config.secrets.backend_kwargs holds secrets ("token", "password") and airflow.cfg is a ConfigMap in dist/, which is committed: leave them out of backend_kwargs and authenticate another way (a Kubernetes auth role, IRSA or Workload Identity), or give the whole value with "backend_kwargs_cmd"'],
    ],
    [
      'an indented comment line (configparser strips the indentation first)',
      { config: { webserver: { instance_name: 'Airflow\n   ; staging' } } },
      ['test/airflow: config.webserver.instance_name line 2 starts with ";": configparser would drop it from the value as a comment'],
    ],
    [
      'harmless keyword arguments are still checked for line breaks',
      { config: { secrets: { backend_kwargs: '{"connections_prefix": "c",\r "x": 1}' } } },
      ['test/airflow: config.secrets.backend_kwargs contains a carriage return (\\r), which ends a line in airflow.cfg and would let the rest of the value start a new line (a [section] or another key): use \\n for a value of several lines'],
    ],
    ['NaN replicas', { scheduler: { replicas: NaN } }, ['test/airflow: scheduler.replicas must be an integer >= 0, got NaN']],
    ['Infinity worker concurrency', { executor: new CeleryExecutor({ workers: { concurrency: Infinity } }) }, ['test/airflow: executor.workers.concurrency must be an integer >= 1, got Infinity']],
    [
      'NaN autoscaling bounds',
      { executor: new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.hpa({ maxReplicas: NaN, targetCpuUtilization: NaN }) } }) },
      [
        'test/airflow: executor.workers.autoscaling.maxReplicas must be an integer >= 1, got NaN',
        'test/airflow: executor.workers.autoscaling.targetCpuUtilization must be an integer percentage 1-100, got NaN',
      ],
    ],
    ['an Infinity pool size', pgbouncer({ poolSize: Infinity }), ['test/airflow: pgbouncer.poolSize must be an integer >= 1, got Infinity']],
    [
      'a NaN user id',
      { taskPods: { families: [TaskPodFamily.operator({ name: 'tool', image: 'acme/tool:1.0.0', runAs: { user: NaN, group: 0 } })] } },
      ['test/airflow: taskPods.families[0].runAs.user must be an integer >= 1, got NaN'],
    ],
    [
      'an Infinity port',
      { networkPolicies: { egress: { kubernetesApi: [{ cidr: '10.0.0.1/32', ports: [Infinity] }] } } },
      ['test/airflow: networkPolicies.egress.kubernetesApi[0].ports[0] must be a port number from 1 to 65535, got Infinity'],
    ],
  ];

  test.each(cases)('%s', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });

  test('without the checks, configparser rejects the airflow.cfg a carriage return produces', () => {
    const cfg = renderAirflowCfg({ core: { executor: 'CeleryExecutor', default_timezone: 'utc\r[core]\rexecutor = LocalExecutor' } });
    expect(readWithConfigparser(cfg)).toEqual({ error: 'DuplicateSectionError' });
  });
});

describe('good input: values that configparser reads back unchanged', () => {
  const values: AirflowSettings = {
    dag_processor: {
      dag_bundle_config_list: '[\n  {\n    "name": "dags-folder",\n    "classpath": "airflow.dag_processing.bundles.local.LocalDagBundle",\n    "kwargs": {"queues": ["a", "b"]}\n  }\n]',
    },
    logging: { log_format: '[%(asctime)s] %(levelname)s - %(message)s # not a comment; nor this' },
    webserver: { instance_name: 'Airflow — production ✓', navbar_color: '#fff' },
    core: { parallelism: 64, load_examples: true, default_timezone: 'Europe/Amsterdam', killed_task_cleanup_time: 1.5 },
    scheduler: { allowed_run_id_pattern: '^[A-Za-z0-9_.~:+-]+$' },
    operators: { default_owner: 'data\n\nplatform\n  [1, 2]\n' },
    // Only a whole line that is a comment or an [identifier] is refused: text before the marker,
    // or after the closing bracket, is part of the value.
    email: { subject_template: 'first line\nsee [core] for more\nas set in [core]\nkey = a # b; c\n[docs](https://airflow.apache.org)' },
  };

  test('they pass validation and every object is valid', () => {
    expect(problemsOf({ config: values })).toEqual([]);
    expect(schemaProblemsOf(synthAirflow({ config: values, executor: new KubernetesExecutor() }))).toEqual([]);
  });

  test('python3 configparser reads the rendered airflow.cfg back to the same values', () => {
    const read = readWithConfigparser(airflowCfgOf(synthAirflow({ config: values })));
    expect('error' in read).toBe(false);
    const sections = read as Record<string, Record<string, string>>;
    for (const [section, entries] of Object.entries(values)) {
      for (const [key, value] of Object.entries(entries)) {
        const expected = typeof value === 'boolean' ? (value ? 'True' : 'False') : asConfigparserReadsIt(String(value));
        expect({ setting: `${section}.${key}`, value: sections[section]?.[key] }).toEqual({ setting: `${section}.${key}`, value: expected });
      }
    }
  });

  test('the airflow.cfg of every example parses', () => {
    const examples = synthExamples();
    const configs = Object.values(examples).flat().filter((o) => o.kind === 'ConfigMap' && o.data?.['airflow.cfg'] !== undefined);
    // One airflow.cfg per Airflow deployment: every file but the Argo CD Applications.
    expect(configs.length).toBe(Object.keys(examples).filter((file) => !file.startsWith('argocd-apps/')).length);
    for (const config of configs) expect({ name: config.metadata.name, error: (readWithConfigparser(config.data['airflow.cfg']) as { error?: string }).error }).toEqual({ name: config.metadata.name, error: undefined });
  });
});
