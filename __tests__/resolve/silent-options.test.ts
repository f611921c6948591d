// Class 6 of issue 14: options that would silently do nothing under the chosen executor or
// source must fail, naming what to do instead.
import {
  AirflowProps,
  AirflowSecret,
  CeleryExecutor,
  DagSource,
  GitAuth,
  KubernetesExecutor,
  MetadataDatabase,
  TaskLogs,
  TaskPodFamily,
  WorkerAutoscaling,
} from '../../lib';
import { problemsOf, schemaProblemsOf, synthAirflow } from '../support/chart';

const external = (autoscalerConnection?: AirflowSecret) =>
  MetadataDatabase.external({ connection: AirflowSecret.fromExisting('airflow-db', 'uri'), autoscalerConnection });

describe('bad input: an option that does nothing is refused', () => {
  const cases: Array<[string, AirflowProps, string[]]> = [
    [
      'an executor task pod template without KubernetesExecutor',
      { taskPods: { families: [TaskPodFamily.executor({ name: 'highmem', image: 'apache/airflow:3.1.7' })] } },
      ['test/airflow: taskPods.families[0] ("highmem") is an executor template, which only KubernetesExecutor uses: use TaskPodFamily.operator(...) or switch to KubernetesExecutor'],
    ],
    [
      'the default task pod given to CeleryExecutor',
      { executor: new CeleryExecutor({ taskPod: { resources: { memory: '2Gi' } } } as any) },
      ['test/airflow: executor.taskPod is a KubernetesExecutor setting and does nothing under CeleryExecutor, whose tasks run in the Celery workers: move it to new KubernetesExecutor({...}), or remove it'],
    ],
    [
      'an SSH git URL without SSH auth',
      { dags: DagSource.gitSync({ repo: 'git@github.com:acme/dags.git' }) },
      ['test/airflow: dags.auth is required for the SSH URL "git@github.com:acme/dags.git": git-sync has no key to log in with; add GitAuth.ssh({ secretName, knownHostsKey }) (the key and known_hosts from a Secret), or use an https:// URL for a public repository'],
    ],
    [
      'an ssh:// git URL with HTTPS auth',
      { dags: DagSource.gitSync({ repo: 'ssh://git@git.example.com:2222/acme/dags.git', auth: GitAuth.https({ secretName: 'git' }) }) },
      ['test/airflow: dags.auth is GitAuth.https(...), whose user name and token git-sync does not use for the SSH URL "ssh://git@git.example.com:2222/acme/dags.git": use GitAuth.ssh({ secretName, knownHostsKey }) or an https:// URL'],
    ],
    [
      'SSH auth without known_hosts',
      { dags: DagSource.gitSync({ repo: 'git@github.com:acme/dags.git', auth: GitAuth.ssh({ secretName: 'git', knownHostsKey: '' }) }) },
      ['test/airflow: dags.auth.knownHostsKey is required with SSH: name the key of the known_hosts file in the Secret (e.g. `ssh-keyscan github.com`), or git-sync would trust any server'],
    ],
    [
      'a KEDA connection without KEDA',
      { database: external(AirflowSecret.fromExisting('airflow-db', 'libpq')), executor: new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.hpa() } }) },
      ['test/airflow: database.autoscalerConnection does nothing without KEDA autoscaling (executor: new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.keda(...) } })), the only reader of this connection: remove it'],
    ],
    [
      'a size and class for an existing log claim',
      { logs: TaskLogs.sharedVolume({ claimName: 'airflow-logs', size: '50Gi', storageClassName: 'efs' }) },
      [
        'test/airflow: logs.size does nothing with logs.claimName: the existing claim keeps its own; remove it, or drop claimName to have the claim created',
        'test/airflow: logs.storageClassName does nothing with logs.claimName: the existing claim keeps its own; remove it, or drop claimName to have the claim created',
      ],
    ],
    [
      'task pod cleanup under CeleryExecutor',
      { cleanup: { taskPods: {} } },
      ['test/airflow: cleanup.taskPods only applies to KubernetesExecutor (Celery tasks run in the workers, not in task pods)'],
    ],
  ];

  test.each(cases)('%s', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });
});

describe('good input: the same options where they act', () => {
  const cases: Array<[string, AirflowProps]> = [
    ['an executor template under KubernetesExecutor', { executor: new KubernetesExecutor({ taskPod: { resources: { memory: '512Mi' } } }), taskPods: { families: [TaskPodFamily.executor({ name: 'highmem', image: 'apache/airflow:3.1.7' })] } }],
    ['an SSH git URL with SSH auth', { dags: DagSource.gitSync({ repo: 'ssh://git@git.example.com:2222/acme/dags.git', auth: GitAuth.ssh({ secretName: 'git', knownHostsKey: 'known_hosts' }) }) }],
    ['a public HTTPS repository without auth', { dags: DagSource.gitSync({ repo: 'https://github.com/apache/airflow-dags.git' }) }],
    ['a KEDA connection with KEDA', { database: external(AirflowSecret.fromExisting('airflow-db', 'libpq')), executor: new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.keda() } }) }],
    ['an existing log claim alone', { logs: TaskLogs.sharedVolume({ claimName: 'airflow-logs' }) }],
  ];

  test.each(cases)('%s', (_, props) => {
    expect(problemsOf(props)).toEqual([]);
    expect(schemaProblemsOf(synthAirflow(props))).toEqual([]);
  });
});
