import { AirflowAuth, AirflowSecret, AirflowVersion, CeleryBroker, CeleryExecutor, DagSource, KubernetesExecutor, MetadataDatabase, TaskLogs, WorkerAutoscaling } from '../../../lib';
import { exampleTaskPodFamilies } from '../../../examples';
import { find, K8sObject, ofKind, synthAirflow, problemsOf } from '../../support/chart';
import { validateK8sObject } from '../../support/schema';

const apiServer = { cidr: '10.0.0.1/32', ports: [443] };
const withPolicies = (props: any = {}) => synthAirflow({ networkPolicies: { egress: { kubernetesApi: [apiServer] } }, ...props });
const policy = (objects: K8sObject[], component: string) => find(objects, 'NetworkPolicy', `airflow-${component}`).spec;
/** Components a rule's peers select, as "component" strings. */
const peers = (rules: any[] | undefined, port: number) =>
  (rules ?? [])
    .filter((r) => (r.ports ?? []).some((p: any) => p.port === port))
    .flatMap((r) => (r.from ?? r.to).flatMap((p: any) => p.podSelector?.matchExpressions?.[0]?.values ?? [JSON.stringify(p)]))
    .sort();

/** Celery with every secret, the database, the broker and the users from outside: no secret bootstrap, no pod launcher. */
const everythingOutside = () => {
  const existing = (key: string) => AirflowSecret.fromExisting('airflow-keys', key);
  return {
    executor: new CeleryExecutor({ broker: CeleryBroker.external({ brokerUrl: existing('broker') }) }),
    database: MetadataDatabase.external({ connection: existing('db') }),
    secrets: { fernetKey: existing('fernet'), apiSecretKey: existing('api'), jwtSecret: existing('jwt') },
    auth: AirflowAuth.manager('airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager'),
    networkPolicies: { egress: { database: [{ cidr: '10.20.0.5/32', ports: [5432] }], broker: [{ cidr: '10.20.0.6/32', ports: [6379] }] } },
  };
};

describe('NetworkPolicies', () => {
  test('none unless enabled', () => {
    expect(ofKind(synthAirflow(), 'NetworkPolicy')).toEqual([]);
  });

  test('one policy per component that runs, and none for one that does not', () => {
    // GIVEN NetworkPolicies under each executor, with pod operators, and with everything from outside
    const names = (props: any) => ofKind(withPolicies(props), 'NetworkPolicy').map((p) => p.metadata.name.replace(/^airflow-/, '')).sort();
    const shared = ['api-server', 'dag-processor', 'default-deny', 'migrate-database', 'scheduler', 'triggerer'];
    // WHEN / THEN Redis and workers only with Celery, task pods only with KubernetesExecutor, the
    // embedded database and the secret bootstrap only where they run
    expect(names({})).toEqual([...shared, 'postgresql', 'redis', 'secret-bootstrap', 'worker'].sort());
    expect(names({ executor: new KubernetesExecutor() })).toEqual([...shared, 'postgresql', 'secret-bootstrap', 'task'].sort());
    expect(names({ executor: new KubernetesExecutor(), taskPods: { families: exampleTaskPodFamilies() } })).toEqual([...shared, 'postgresql', 'secret-bootstrap', 'task'].sort());
    const outside = everythingOutside();
    expect(names(outside)).toEqual([...shared, 'worker'].sort());
    const kubernetesOutside = { ...outside, executor: new KubernetesExecutor(), networkPolicies: { egress: { kubernetesApi: [apiServer], database: outside.networkPolicies.egress.database } } };
    expect(names(kubernetesOutside)).toEqual([...shared, 'task'].sort());
  });

  test('a default deny for every pod of the instance, DNS allowed', () => {
    const objects = withPolicies();
    const deny = policy(objects, 'default-deny');
    expect(deny.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'airflow', 'app.kubernetes.io/instance': 'airflow' } });
    expect(deny.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(deny.ingress).toBeUndefined();
    expect(deny.egress[0].ports).toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
    for (const p of ofKind(objects, 'NetworkPolicy')) expect(validateK8sObject(p)).toEqual([]);
  });

  test('the database is reachable from Airflow components and Jobs only', () => {
    expect(peers(policy(withPolicies(), 'postgresql').ingress, 5432)).toEqual(['api-server', 'dag-processor', 'migrate-database', 'scheduler', 'triggerer', 'worker']);
  });

  test('Airflow 3 task pods never reach the database (execution API only); Airflow 2 task pods do', () => {
    const kubernetes = (props: any = {}) => withPolicies({ executor: new KubernetesExecutor(), ...props });
    expect(peers(policy(kubernetes(), 'postgresql').ingress, 5432)).toEqual(['api-server', 'dag-processor', 'migrate-database', 'scheduler', 'triggerer']);
    expect(peers(policy(kubernetes(), 'task').egress, 5432)).toEqual([]);
    expect(peers(policy(kubernetes({ version: AirflowVersion.V2_11_0 }), 'postgresql').ingress, 5432)).toContain('task');
  });

  describe('with KEDA scaling workers on the embedded database', () => {
    const tcp5432 = [{ port: 5432, protocol: 'TCP' }];
    const airflowClients = {
      podSelector: {
        matchLabels: { 'app.kubernetes.io/name': 'airflow', 'app.kubernetes.io/instance': 'airflow' },
        matchExpressions: [
          { key: 'app.kubernetes.io/component', operator: 'In', values: ['api-server', 'dag-processor', 'migrate-database', 'scheduler', 'triggerer', 'worker'] },
        ],
      },
    };
    const withKeda = (networkPolicies: object = {}) =>
      synthAirflow({
        executor: new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.keda() } }),
        networkPolicies: { egress: { kubernetesApi: [apiServer] }, ...networkPolicies },
      });

    test('PostgreSQL admits the Airflow components and the KEDA operator only, on 5432', () => {
      // GIVEN the embedded database, KEDA autoscaling and NetworkPolicies
      const ingress = policy(withKeda(), 'postgresql').ingress;
      // THEN every rule names its peers (a rule without "from" would open 5432 to every pod), and the
      // only peer from outside the instance is the KEDA operator's namespace
      expect(ingress).toEqual([
        { from: [airflowClients], ports: tcp5432 },
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keda' } } }], ports: tcp5432 },
      ]);
    });

    test('kedaFrom replaces the KEDA peer', () => {
      const kedaPods = { namespaceSelector: { matchLabels: { team: 'platform' } }, podSelector: { matchLabels: { app: 'keda-operator' } } };
      const ingress = policy(withKeda({ kedaFrom: [kedaPods] }), 'postgresql').ingress;
      expect(ingress).toEqual([
        { from: [airflowClients], ports: tcp5432 },
        { from: [kedaPods], ports: tcp5432 },
      ]);
    });

    test('without KEDA, PostgreSQL admits the Airflow components only', () => {
      expect(policy(withPolicies(), 'postgresql').ingress).toEqual([{ from: [airflowClients], ports: tcp5432 }]);
    });
  });

  test('Redis is reachable from the scheduler, workers and triggerer only', () => {
    expect(peers(policy(withPolicies(), 'redis').ingress, 6379)).toEqual(['scheduler', 'triggerer', 'worker']);
  });

  test('log ports are reachable from the api-server, and it may reach them', () => {
    const objects = withPolicies();
    expect(peers(policy(objects, 'worker').ingress, 8793)).toEqual(['api-server']);
    expect(peers(policy(objects, 'triggerer').ingress, 8794)).toEqual(['api-server']);
    expect(peers(policy(objects, 'api-server').egress, 8793)).toEqual(['worker']);
  });

  test('the api-server is reachable from the ingress controller and from Airflow (execution API)', () => {
    const ingress = policy(withPolicies(), 'api-server').ingress;
    expect(ingress).toContainEqual({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 8080, protocol: 'TCP' }] });
    expect(peers(ingress, 8080)).toContain('worker');
  });

  test('pod launchers and the secret bootstrap reach the declared Kubernetes API', () => {
    const objects = withPolicies({ executor: new KubernetesExecutor(), taskPods: { families: exampleTaskPodFamilies() } });
    const toApi = { to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ port: 443, protocol: 'TCP' }] };
    // The api-server reads running task pods' logs under KubernetesExecutor.
    for (const component of ['api-server', 'scheduler', 'secret-bootstrap', 'triggerer']) expect(policy(objects, component).egress).toContainEqual(toApi);
    expect(policy(objects, 'dag-processor').egress).not.toContainEqual(toApi);
    expect(policy(withPolicies(), 'api-server').egress).not.toContainEqual(toApi);
  });

  test('an outside endpoint keeps its protocol, TCP unless it says otherwise', () => {
    // GIVEN the Kubernetes API over TCP by default and a Git server declared over UDP and SCTP (from JavaScript)
    const git = [{ cidr: '10.30.0.0/24', ports: [9418], protocol: 'UDP' }, { cidr: '10.31.0.0/24', ports: [9418], protocol: 'SCTP' }];
    const objects = withPolicies({ dags: DagSource.gitSync({ repo: 'https://git.example.com/dags.git' }), networkPolicies: { egress: { kubernetesApi: [apiServer], git } } });
    // WHEN / THEN each rule's ports carry the endpoint's protocol
    expect(policy(objects, 'secret-bootstrap').egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ port: 443, protocol: 'TCP' }] });
    const egress = policy(objects, 'dag-processor').egress;
    expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.30.0.0/24' } }], ports: [{ port: 9418, protocol: 'UDP' }] });
    expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.31.0.0/24' } }], ports: [{ port: 9418, protocol: 'SCTP' }] });
  });

  test('the StatsD exporter is scraped from any namespace by default, or only by the metricsFrom peers', () => {
    // GIVEN metrics on with NetworkPolicies, once with the default scrapers and once with a Prometheus namespace
    const prometheus = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } };
    const statsd = (networkPolicies: object) => policy(withPolicies({ metrics: {}, networkPolicies: { egress: { kubernetesApi: [apiServer] }, ...networkPolicies } }), 'statsd').ingress;
    // WHEN / THEN the metrics port admits exactly those peers
    const scrapers = (ingress: any[]) => ingress.filter((r) => r.ports[0].port === 9102).map((r) => r.from);
    expect(scrapers(statsd({}))).toEqual([[{ namespaceSelector: {} }]]);
    expect(scrapers(statsd({ metricsFrom: [prometheus] }))).toEqual([[prometheus]]);
    // and every Airflow component may send metrics to the ingest port, over UDP
    expect(statsd({}).find((r: any) => r.ports[0].port === 9125).ports).toEqual([{ port: 9125, protocol: 'UDP' }]);
  });

  test('an external Celery broker is reached by the components that use it, and by no other', () => {
    // GIVEN Celery with an external broker, and its endpoint declared
    const broker = { cidr: '10.20.0.6/32', ports: [6379] };
    const objects = withPolicies({
      executor: new CeleryExecutor({ broker: CeleryBroker.external({ brokerUrl: AirflowSecret.fromExisting('broker', 'url') }) }),
      networkPolicies: { egress: { kubernetesApi: [apiServer], broker: [broker] } },
    });
    // WHEN / THEN exactly the scheduler, the triggerer and the workers may leave for it
    const leaving = ofKind(objects, 'NetworkPolicy').filter((p) => JSON.stringify(p.spec.egress ?? []).includes('10.20.0.6/32')).map((p) => p.metadata.name).sort();
    expect(leaving).toEqual(['airflow-scheduler', 'airflow-triggerer', 'airflow-worker']);
  });

  test('the Kubernetes API is reached by exactly the pods that call it, the task pod cleanup included', () => {
    // GIVEN KubernetesExecutor with NetworkPolicies, without and with the cleanup of finished task pods
    const callers = (props: object) =>
      ofKind(withPolicies({ executor: new KubernetesExecutor(), ...props }), 'NetworkPolicy')
        .filter((p) => JSON.stringify(p.spec.egress ?? []).includes(apiServer.cidr))
        .map((p) => p.metadata.name)
        .sort();
    // WHEN / THEN the pod launchers, the log reader and the secret bootstrap; with the cleanup, its Job too
    expect(callers({})).toEqual(['airflow-api-server', 'airflow-scheduler', 'airflow-secret-bootstrap']);
    expect(callers({ cleanup: { taskPods: {} } })).toEqual(['airflow-api-server', 'airflow-cleanup', 'airflow-scheduler', 'airflow-secret-bootstrap']);
  });

  test('the Kubernetes API endpoint is not required when no pod calls it', () => {
    // GIVEN Celery with every secret, the database, the broker and the users from outside: no pod launcher, no secret bootstrap
    // WHEN / THEN NetworkPolicies without the Kubernetes API are fine
    expect(problemsOf(everythingOutside())).toEqual([]);
  });

  test('task pods may reach each other (Spark drivers and executors) only where task pods run', () => {
    // GIVEN NetworkPolicies under Celery alone (no task pods) and under KubernetesExecutor
    const names = (objects: K8sObject[]) => ofKind(objects, 'NetworkPolicy').map((p) => p.metadata.name);
    // WHEN / THEN only the latter has a policy for task pods, admitting task pods
    expect(names(withPolicies())).not.toContain('airflow-task');
    expect(policy(withPolicies({ executor: new KubernetesExecutor() }), 'task').ingress).toContainEqual({
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'airflow', 'app.kubernetes.io/instance': 'airflow' }, matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['task'] }] } }],
    });
  });

  test('task-running pods keep open egress by default, or only the listed endpoints', () => {
    expect(policy(withPolicies(), 'worker').egress).toContainEqual({});
    const unrestricted = withPolicies({ networkPolicies: { egress: { kubernetesApi: [apiServer] }, taskEgress: 'unrestricted' } });
    expect(policy(unrestricted, 'worker').egress).toContainEqual({});
    const restricted = withPolicies({ networkPolicies: { egress: { kubernetesApi: [apiServer] }, taskEgress: [{ cidr: '10.9.0.0/16', ports: [443] }] } });
    expect(policy(restricted, 'worker').egress).not.toContainEqual({});
    expect(policy(restricted, 'worker').egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.9.0.0/16' } }], ports: [{ port: 443, protocol: 'TCP' }] });
  });

  test('an external database is reached through its declared endpoints', () => {
    const objects = synthAirflow({
      database: MetadataDatabase.external({ connection: AirflowSecret.fromExisting('db', 'uri') }),
      networkPolicies: { egress: { kubernetesApi: [apiServer], database: [{ cidr: '10.20.0.5/32', ports: [5432] }] } },
    });
    expect(policy(objects, 'scheduler').egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.20.0.5/32' } }], ports: [{ port: 5432, protocol: 'TCP' }] });
  });

  test.each<[string, any, string[]]>([
    [
      'an external database without an egress endpoint',
      { database: MetadataDatabase.external({ connection: AirflowSecret.fromExisting('db', 'uri') }), networkPolicies: { egress: { kubernetesApi: [apiServer] } } },
      ["test/airflow: networkPolicies.egress.database must list the endpoints of the external database, e.g. [{ cidr: '10.20.0.5/32', ports: [5432] }]; with NetworkPolicies on, anything not listed is blocked"],
    ],
    [
      'an external Celery broker without an egress endpoint',
      { executor: new CeleryExecutor({ broker: CeleryBroker.external({ brokerUrl: AirflowSecret.fromExisting('broker', 'url') }) }), networkPolicies: { egress: { kubernetesApi: [apiServer] } } },
      ["test/airflow: networkPolicies.egress.broker must list the endpoints of the external Celery broker, e.g. [{ cidr: '10.20.0.6/32', ports: [6379] }]; with NetworkPolicies on, anything not listed is blocked"],
    ],
    [
      'an external database with an empty endpoint list',
      { database: MetadataDatabase.external({ connection: AirflowSecret.fromExisting('db', 'uri') }), networkPolicies: { egress: { kubernetesApi: [apiServer], database: [] } } },
      ["test/airflow: networkPolicies.egress.database must list the endpoints of the external database, e.g. [{ cidr: '10.20.0.5/32', ports: [5432] }]; with NetworkPolicies on, anything not listed is blocked"],
    ],
    [
      'pod launchers with an empty Kubernetes API endpoint list',
      { executor: new KubernetesExecutor(), networkPolicies: { egress: { kubernetesApi: [] } } },
      [
        'test/airflow: networkPolicies.egress.kubernetesApi must list the endpoints of the Kubernetes API server (called by secret-bootstrap, scheduler, api-server): ' +
          'its endpoint addresses and port, usually 6443 (`kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes`), ' +
          "e.g. [{ cidr: '172.18.0.2/32', ports: [6443] }, { cidr: '10.96.0.1/32', ports: [443] }]: many CNIs (Cilium, Calico eBPF, ...) match policies after the Service ClusterIP is translated, " +
          'so the ClusterIP alone is not enough; with NetworkPolicies on, anything not listed is blocked',
      ],
    ],
    [
      'pod launchers without the Kubernetes API',
      { executor: new KubernetesExecutor(), networkPolicies: {} },
      [
        'test/airflow: networkPolicies.egress.kubernetesApi must list the endpoints of the Kubernetes API server (called by secret-bootstrap, scheduler, api-server): ' +
          'its endpoint addresses and port, usually 6443 (`kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes`), ' +
          "e.g. [{ cidr: '172.18.0.2/32', ports: [6443] }, { cidr: '10.96.0.1/32', ports: [443] }]: many CNIs (Cilium, Calico eBPF, ...) match policies after the Service ClusterIP is translated, " +
          'so the ClusterIP alone is not enough; with NetworkPolicies on, anything not listed is blocked',
      ],
    ],
    [
      'remote logs without object storage',
      { logs: TaskLogs.remote({ connectionId: 'aws', baseLogFolder: 's3://b/p' }), networkPolicies: { egress: { kubernetesApi: [apiServer] } } },
      ["test/airflow: networkPolicies.egress.objectStorage must list the endpoints of the remote log storage, e.g. [{ cidr: '52.216.0.0/15', ports: [443] }]; with NetworkPolicies on, anything not listed is blocked"],
    ],
    [
      'git-sync without the Git server',
      { dags: DagSource.gitSync({ repo: 'https://github.com/acme/dags.git' }), networkPolicies: { egress: { kubernetesApi: [apiServer] } } },
      ["test/airflow: networkPolicies.egress.git must list the endpoints of the Git server git-sync pulls DAGs from, e.g. [{ cidr: '140.82.112.0/20', ports: [22] }]; with NetworkPolicies on, anything not listed is blocked"],
    ],
    [
      'a malformed CIDR',
      { networkPolicies: { egress: { kubernetesApi: [{ cidr: '10.0.0.1', ports: [443] }] } } },
      ['test/airflow: networkPolicies.egress.kubernetesApi[0].cidr must be a CIDR such as "10.0.0.1/32", got "10.0.0.1"'],
    ],
  ])('%s is an error', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });
});

describe('Ingress', () => {
  const props = { host: 'airflow.example.com', path: '/airflow', tlsSecretName: 'airflow-tls', className: 'nginx', annotations: { 'a/b': 'c' } };

  test('routes the host and path to the api-server Service, with TLS, class and annotations', () => {
    const objects = synthAirflow({ ingress: props });
    const ingress = find(objects, 'Ingress', 'airflow-api-server');
    expect(validateK8sObject(ingress)).toEqual([]);
    expect(ingress.metadata.annotations['a/b']).toBe('c');
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['airflow.example.com'], secretName: 'airflow-tls' }],
      rules: [{ host: 'airflow.example.com', http: { paths: [{ path: '/airflow', pathType: 'Prefix', backend: { service: { name: 'airflow-api-server', port: { number: 8080 } } } }] } }],
    });
  });

  test('sets the external base URL', () => {
    const cfg = find(synthAirflow({ ingress: props }), 'ConfigMap', 'airflow-config').data['airflow.cfg'];
    expect(cfg).toContain('[api]\nbase_url = https://airflow.example.com/airflow\n');
  });

  test('the api-server trusts the ingress controller\'s forwarded headers, so cookies are Secure and redirects stay on https', () => {
    const apiServer = (objects: K8sObject[]) => find(objects, 'Deployment', 'airflow-api-server').spec.template.spec.containers[0];
    // GIVEN an Ingress: uvicorn reads X-Forwarded-* from the trusted proxies (any, by default)
    const behind = apiServer(synthAirflow({ ingress: props }));
    expect(behind.args).toEqual(['airflow', 'api-server', '--proxy-headers']);
    expect(behind.env).toContainEqual({ name: 'FORWARDED_ALLOW_IPS', value: '*' });
    // or only the listed ones
    const listed = apiServer(synthAirflow({ ingress: { ...props, trustedProxies: ['10.42.0.0/16', '10.43.0.7'] } }));
    expect(listed.env).toContainEqual({ name: 'FORWARDED_ALLOW_IPS', value: '10.42.0.0/16,10.43.0.7' });
    // without an Ingress nothing is trusted
    const direct = apiServer(synthAirflow());
    expect(direct.args).toEqual(['airflow', 'api-server']);
    expect(direct.env.map((e: any) => e.name)).not.toContain('FORWARDED_ALLOW_IPS');
  });

  test('on Airflow 2 the webserver trusts them through Flask\'s ProxyFix', () => {
    const cfg = find(synthAirflow({ version: AirflowVersion.V2_11_0, ingress: props }), 'ConfigMap', 'airflow-config').data['airflow.cfg'];
    expect(cfg).toContain('enable_proxy_fix = True\n');
    expect(find(synthAirflow({ version: AirflowVersion.V2_11_0 }), 'ConfigMap', 'airflow-config').data['airflow.cfg']).not.toContain('enable_proxy_fix');
  });

  test('none by default; a bad host is an error', () => {
    expect(problemsOf({ ingress: { host: 'airflow.example.com', trustedProxies: ['ingress-nginx'] } })).toEqual([
      'test/airflow: ingress.trustedProxies must list "*" or the ingress controller\'s addresses or CIDRs, e.g. ["10.42.0.0/16"], got ["ingress-nginx"]',
    ]);
    expect(ofKind(synthAirflow(), 'Ingress')).toEqual([]);
    expect(problemsOf({ ingress: { host: 'Airflow Example' } })).toEqual(['test/airflow: ingress.host must be a host name such as "airflow.example.com", got "Airflow Example"']);
  });
});
