import { AirflowAuth, AirflowProps, AirflowSecret, CeleryBroker, CeleryExecutor, DagSource, EgressEndpoint, KubernetesExecutor, MetadataDatabase, TaskLogs } from '../../lib';
import { problemsOf } from '../support/chart';

const apiServer: EgressEndpoint = { cidr: '10.0.0.1/32', ports: [443] };
/** DAGs from git-sync and remote logs: git and object storage endpoints are needed. */
const gitAndRemoteLogs: AirflowProps = {
  dags: DagSource.gitSync({ repo: 'https://github.com/acme/dags.git' }),
  logs: TaskLogs.remote({ connectionId: 'logs', baseLogFolder: 's3://acme-logs/airflow' }),
};
/**
 * NetworkPolicies with the endpoints that git-sync, remote logs and the secret bootstrap need,
 * `egress` replacing any of them.
 */
const withEgress = (egress: object, rest: object = {}): AirflowProps => ({
  ...gitAndRemoteLogs,
  networkPolicies: {
    egress: { kubernetesApi: [apiServer], git: [{ cidr: '140.82.112.0/20', ports: [443] }], objectStorage: [{ cidr: '52.216.0.0/15', ports: [443] }], ...egress },
    ...rest,
  },
});

describe('NetworkPolicy egress endpoints', () => {
  test.each<[string, AirflowProps, string[]]>([
    [
      'an endpoint with an empty port list',
      withEgress({ git: [{ cidr: '140.82.112.0/20', ports: [] }] }),
      ['test/airflow: networkPolicies.egress.git[0].ports must list at least one port'],
    ],
    [
      'an endpoint without ports (from JavaScript)',
      withEgress({}, { taskEgress: [{ cidr: '10.1.0.0/16' } as unknown as EgressEndpoint] }),
      ['test/airflow: networkPolicies.taskEgress[0].ports must list at least one port'],
    ],
    [
      'a protocol Kubernetes does not know',
      withEgress({ objectStorage: [{ cidr: '52.216.0.0/15', ports: [443], protocol: 'HTTPS' } as unknown as EgressEndpoint] }),
      ['test/airflow: networkPolicies.egress.objectStorage[0].protocol must be "TCP", "UDP" or "SCTP", got "HTTPS"'],
    ],
  ])('%s is an error', (_, props, expected) => {
    // GIVEN NetworkPolicies with a malformed outside endpoint / WHEN synthesized / THEN the error names it
    expect(problemsOf(props)).toEqual(expected);
  });

  // SCTP is not in the TypeScript type, but Kubernetes takes it, so JavaScript callers may give it.
  test.each(['TCP', 'UDP', 'SCTP'])('an endpoint reached over %s is accepted', (protocol) => {
    // GIVEN an outside endpoint with an explicit protocol / WHEN synthesized / THEN no problem
    const endpoint = { cidr: '140.82.112.0/20', ports: [22], protocol } as EgressEndpoint;
    expect(problemsOf(withEgress({ git: [endpoint] }))).toEqual([]);
  });
});

describe('an outside endpoint nothing connects to is refused (it would silently do nothing)', () => {
  const git = { cidr: '140.82.112.0/20', ports: [443] };
  const storage = { cidr: '52.216.0.0/15', ports: [443] };
  const database = { cidr: '10.20.0.5/32', ports: [5432] };
  const broker = { cidr: '10.20.0.6/32', ports: [6379] };
  const existing = (key: string) => AirflowSecret.fromExisting('airflow-keys', key);

  test('each endpoint is accepted where some pod connects to it', () => {
    // GIVEN an external database and broker, git-sync and remote logs / WHEN every endpoint is declared / THEN no problem
    const props: AirflowProps = {
      ...gitAndRemoteLogs,
      executor: new CeleryExecutor({ broker: CeleryBroker.external({ brokerUrl: existing('broker') }) }),
      database: MetadataDatabase.external({ connection: existing('db') }),
      networkPolicies: { egress: { kubernetesApi: [apiServer], git: [git], objectStorage: [storage], database: [database], broker: [broker] } },
    };
    expect(problemsOf(props)).toEqual([]);
  });

  test('the embedded database and Redis, DAGs from a volume and logs in the cluster: every declared endpoint is named', () => {
    // GIVEN the defaults, which reach no outside database, broker, Git server or object storage
    const props: AirflowProps = { networkPolicies: { egress: { kubernetesApi: [apiServer], git: [git], objectStorage: [storage], database: [database], broker: [broker] } } };
    // WHEN synthesized / THEN each unused endpoint is an error that says why it is unused
    expect(problemsOf(props)).toEqual([
      'test/airflow: networkPolicies.egress.database does nothing: the metadata database is embedded, and the policies already let its clients reach it; remove it',
      'test/airflow: networkPolicies.egress.broker does nothing: no Celery executor uses an external broker (the embedded Redis is reached inside the instance); remove it',
      'test/airflow: networkPolicies.egress.objectStorage does nothing: task logs are not remote (TaskLogs.remote(...)), so no pod writes to object storage; remove it',
      'test/airflow: networkPolicies.egress.git does nothing: DAGs do not come from git-sync (DagSource.gitSync(...)), so no pod pulls from a Git server; remove it',
    ]);
  });

  test('a broker under KubernetesExecutor alone is refused', () => {
    expect(problemsOf({ executor: new KubernetesExecutor(), networkPolicies: { egress: { kubernetesApi: [apiServer], broker: [broker] } } })).toEqual([
      'test/airflow: networkPolicies.egress.broker does nothing: no Celery executor uses an external broker (the embedded Redis is reached inside the instance); remove it',
    ]);
  });

  test('the Kubernetes API is refused when no pod calls it, and an empty list is no declaration', () => {
    // GIVEN Celery with every secret, the database and the broker from outside: no secret bootstrap, no pod launcher
    const props = (kubernetesApi: EgressEndpoint[]): AirflowProps => ({
      executor: new CeleryExecutor({ broker: CeleryBroker.external({ brokerUrl: existing('broker') }) }),
      database: MetadataDatabase.external({ connection: existing('db') }),
      secrets: { fernetKey: existing('fernet'), apiSecretKey: existing('api'), jwtSecret: existing('jwt') },
      auth: AirflowAuth.manager('airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager'),
      networkPolicies: { egress: { kubernetesApi, database: [database], broker: [broker] } },
    });
    expect(problemsOf(props([apiServer]))).toEqual([
      'test/airflow: networkPolicies.egress.kubernetesApi does nothing: no component calls the Kubernetes API server (no generated secrets, KubernetesExecutor, pod operators or task pod cleanup); remove it',
    ]);
    expect(problemsOf(props([]))).toEqual([]);
  });
});
