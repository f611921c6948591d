import { Chart, Duration, Testing } from 'cdk8s';
import {
  Airflow,
  AirflowProps,
  AirflowSecret,
  AirflowVersion,
  CeleryBroker,
  CeleryExecutor,
  KubernetesExecutor,
  MetadataDatabase,
} from '../../lib';
import { problemsOf } from '../support/chart';

describe('bad input: each prop problem gives this exact error', () => {
  const cases: Array<[string, AirflowProps, string]> = [
    ['negative replicas', { scheduler: { replicas: -1 } }, 'test/airflow: scheduler.replicas must be an integer >= 0, got -1'],
    ['fractional replicas', { apiServer: { replicas: 1.5 } }, 'test/airflow: apiServer.replicas must be an integer >= 0, got 1.5'],
    [
      'invalid CPU quantity',
      { triggerer: { resources: { cpu: '1 core' } } },
      'test/airflow: triggerer.resources.cpu must be a Kubernetes quantity such as "250m" or "512Mi", got "1 core"',
    ],
    [
      'request above limit',
      { dagProcessor: { resources: { memory: '4Gi' } } },
      'test/airflow: dagProcessor.resources.memory (4Gi) must not exceed dagProcessor.resources.memoryLimit (1Gi)',
    ],
    [
      'invalid instance name',
      { instance: 'My_Airflow' },
      'test/airflow: instance must be a lowercase RFC 1123 label of at most 30 characters (a-z, 0-9, \'-\'), got "My_Airflow"; set the "instance" prop',
    ],
    [
      'instance name too long for Job names',
      { instance: 'a'.repeat(31) },
      `test/airflow: instance must be a lowercase RFC 1123 label of at most 30 characters (a-z, 0-9, '-'), got "${'a'.repeat(31)}"; set the "instance" prop`,
    ],
    ['invalid namespace', { namespace: 'Team.Data' }, 'test/airflow: namespace must be a lowercase RFC 1123 label (a-z, 0-9, \'-\'), got "Team.Data"'],
    ['empty image', { image: '' }, 'test/airflow: image must be a container image such as "apache/airflow:3.3.2", got ""'],
    ['latest image', { image: 'apache/airflow:latest' }, 'test/airflow: image must pin a version tag or digest (not "latest" or no tag), got "apache/airflow:latest"'],
    ['untagged image', { image: 'registry:5000/airflow' }, 'test/airflow: image must pin a version tag or digest (not "latest" or no tag), got "registry:5000/airflow"'],
    [
      'unsupported version',
      { version: AirflowVersion.of('1.10.15') },
      'test/airflow: version must be a release of a supported line (3.3.x, 3.1.x, 2.11.x) such as "3.3.2", got "1.10.15" (README: "Airflow versions" says why 3.0 and 3.2 are not offered)',
    ],
    [
      'a release line not offered',
      { version: AirflowVersion.of('3.2.2') },
      'test/airflow: version must be a release of a supported line (3.3.x, 3.1.x, 2.11.x) such as "3.3.2", got "3.2.2" (README: "Airflow versions" says why 3.0 and 3.2 are not offered)',
    ],
    [
      'reserved setting',
      { config: { core: { executor: 'LocalExecutor' } } },
      'test/airflow: config.core.executor is set by cdk8s-airflow and cannot be overridden: choose the executor with the "executor" prop',
    ],
    [
      'reserved setting through a _cmd variant',
      { config: { database: { sql_alchemy_conn_cmd: 'cat /conn' } } },
      'test/airflow: config.database.sql_alchemy_conn_cmd is set by cdk8s-airflow and cannot be overridden: set the "database" prop',
    ],
    [
      'reserved pod template path',
      { config: { kubernetes_executor: { pod_template_file: '/x.yaml' } } },
      'test/airflow: config.kubernetes_executor.pod_template_file is set by cdk8s-airflow and cannot be overridden: it points at the executor\'s default task pod template',
    ],
    [
      'malformed setting name',
      { config: { Core: { parallelism: 1 } } },
      'test/airflow: config.Core is not an Airflow config section: use lower_snake_case names as in airflow.cfg',
    ],
    [
      'generated external database connection',
      { database: MetadataDatabase.external({ connection: AirflowSecret.generated() }) },
      'test/airflow: database.connection cannot be generated: reference an existing Secret with AirflowSecret.fromExisting(name, key)',
    ],
    [
      'invalid Secret name',
      { secrets: { fernetKey: AirflowSecret.fromExisting('Keys', 'fernet') } },
      'test/airflow: secrets.fernetKey.secretName must be a valid Secret name (lowercase RFC 1123 subdomain), got "Keys"',
    ],
    ['invalid storage', { database: MetadataDatabase.embedded({ storage: 'lots' }) }, 'test/airflow: database.storage must be a Kubernetes quantity such as "8Gi", got "lots"'],
    [
      'zero Celery concurrency',
      { executor: new CeleryExecutor({ workers: { concurrency: 0 } }) },
      'test/airflow: executor.workers.concurrency must be an integer >= 1, got 0',
    ],
    [
      'fractional grace period',
      { executor: new CeleryExecutor({ workers: { gracePeriod: Duration.millis(1500) } }) },
      'test/airflow: executor.workers.gracePeriod must be a whole number of seconds, got 1500ms',
    ],
    ['invalid image pull secret', { imagePullSecrets: ['Reg Cred'] }, 'test/airflow: imagePullSecrets[0] must be a Secret name, got "Reg Cred"'],
    [
      'generated external broker URL',
      { executor: new CeleryExecutor({ broker: CeleryBroker.external({ brokerUrl: AirflowSecret.generated() }) }) },
      'test/airflow: executor.broker.brokerUrl cannot be generated: reference an existing Secret with AirflowSecret.fromExisting(name, key)',
    ],
    [
      'Celery-only prop on KubernetesExecutor',
      { executor: new KubernetesExecutor({ workers: { replicas: 3 } } as any) },
      'test/airflow: executor.workers is a CeleryExecutor setting and does nothing under KubernetesExecutor: remove it or use new CeleryExecutor({...})',
    ],
    [
      'invalid task pod resources',
      { executor: new KubernetesExecutor({ taskPod: { resources: { memoryLimit: '1GB' } } }) },
      'test/airflow: executor.taskPod.resources.memoryLimit must be a Kubernetes quantity such as "250m" or "512Mi", got "1GB"',
    ],
  ];

  test.each(cases)('%s', (_, props, expected) => {
    expect(problemsOf(props)).toEqual([expected]);
  });
});

test('several problems are reported together in one error', () => {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'airflow' });
  expect(() => new Airflow(chart, 'airflow', { scheduler: { replicas: -1 }, image: '' })).toThrow(
    'Invalid cdk8s-airflow configuration (2 problems):\n' +
      '  - test/airflow: image must be a container image such as "apache/airflow:3.3.2", got ""\n' +
      '  - test/airflow: scheduler.replicas must be an integer >= 0, got -1',
  );
});

test('valid props report no problem', () => {
  expect(problemsOf({ executor: new KubernetesExecutor(), image: 'registry.example.com/airflow@sha256:' + 'a'.repeat(64) })).toEqual([]);
});
