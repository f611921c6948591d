import { AirflowSecret, CeleryExecutor, KubernetesExecutor, RemoteLogCredentials, TaskLogs } from '../../lib';
import {
  claimsOf, decodePodTemplates, deploymentReport, executorOf, executorsOf, generatedSecrets, imageUses, isAirflowDeployment, kindsFromIndex, podCreateScopes, secretFacts,
  serviceAccountGrants, splitImage, storageFacts, taskPodTemplateFacts,
} from '../../lib/report';
import { synthAirflow } from '../support/chart';
import { manifest, object, workload } from './support';

const GI = 2 ** 30;

describe('persistent storage', () => {
  test('volumeClaimTemplates count once per replica; standalone PVCs once, with their storage class', () => {
    const sts = workload('StatefulSet', 'db', { containers: [] }, {
      replicas: 3,
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '10Gi' } } } }],
    });
    const pvc = object('PersistentVolumeClaim', 'logs', { spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '512Mi' } } } });
    const facts = storageFacts([sts, pvc]);
    expect(facts.claims).toEqual([
      { owner: 'PersistentVolumeClaim/logs', claim: 'logs', component: '', count: 1, bytesEach: GI / 2, totalBytes: GI / 2, storageClass: undefined, accessModes: ['ReadWriteMany'] },
      { owner: 'StatefulSet/db', claim: 'data', component: 'db', count: 3, bytesEach: 10 * GI, totalBytes: 30 * GI, storageClass: 'fast', accessModes: ['ReadWriteOnce'] },
    ]);
    expect(facts.totalBytes).toBe(30.5 * GI);
    expect(claimsOf(workload('Deployment', 'x', { containers: [] }))).toEqual([]);
  });
});

describe('images', () => {
  test.each([
    ['apache/airflow:3.1.7', 'apache/airflow', '3.1.7'],
    ['registry.example.com:5000/airflow', 'registry.example.com:5000/airflow', 'latest (implicit)'],
    ['registry.example.com:5000/airflow:3.1.7-dags-42', 'registry.example.com:5000/airflow', '3.1.7-dags-42'],
    ['redis@sha256:abc', 'redis', 'sha256:abc'],
  ])('%s has repository %s and tag %s', (image, repository, tag) => {
    expect(splitImage(image)).toEqual({ repository, tag });
  });

  test('covers init containers, CronJobs and task pod templates, grouped by image', () => {
    const cron = object('CronJob', 'cleanup', { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } } } } });
    const deployment = workload('Deployment', 'web', { initContainers: [{ name: 'wait', image: 'busybox:1.36' }], containers: [{ name: 'web', image: 'nginx:1.27' }] });
    const templates = decodePodTemplates(synthAirflow({ executor: new KubernetesExecutor() }));
    expect(imageUses([cron, deployment], templates)).toEqual([
      { image: 'apache/airflow:3.3.2', repository: 'apache/airflow', tag: '3.3.2', usedBy: ['pod template default (base)'] },
      { image: 'busybox:1.36', repository: 'busybox', tag: '1.36', usedBy: ['CronJob/cleanup (c)', 'Deployment/web (wait init)'] },
      { image: 'nginx:1.27', repository: 'nginx', tag: '1.27', usedBy: ['Deployment/web (web)'] },
    ]);
  });
});

describe('secrets and their sources', () => {
  test('every kind of reference, and every kind of source', () => {
    // GIVEN
    const pod = {
      imagePullSecrets: [{ name: 'pull' }],
      volumes: [{ name: 'certs', secret: { secretName: 'tls' } }, { name: 'p', projected: { sources: [{ secret: { name: 'sealed' } }] } }],
      containers: [{ name: 'app', image: 'a:1', env: [{ name: 'K', valueFrom: { secretKeyRef: { name: 'generated', key: 'k' } } }], envFrom: [{ secretRef: { name: 'external' } }] }],
    };
    const objects = [
      workload('Deployment', 'app', pod),
      object('ConfigMap', 'x-secret-bootstrap', { data: { 'secrets.json': JSON.stringify({ secrets: [{ name: 'generated', key: 'k', generator: 'hex-token' }] }) } }),
      object('ExternalSecret', 'external-es', { spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' }, target: { name: 'external' } } }),
      object('SealedSecret', 'sealed', { spec: { encryptedData: {} } }),
    ];
    // WHEN
    const facts = secretFacts(objects, []);
    // THEN
    expect(facts.map((s) => [s.name, s.keys, s.source, s.usedBy])).toEqual([
      ['external', [], 'ExternalSecret (store ClusterSecretStore/vault)', ['Deployment/app (app envFrom)']],
      ['generated', ['k'], 'generated in cluster', ['Deployment/app (app env)']],
      ['pull', [], 'existing Secret (created outside dist/)', ['Deployment/app (imagePullSecrets)']],
      ['sealed', [], 'SealedSecret', ['Deployment/app (volume p)']],
      ['tls', [], 'existing Secret (created outside dist/)', ['Deployment/app (volume certs)']],
    ]);
  });

  test('the default Airflow generates every secret it reads; secrets task pods read are listed too', () => {
    // GIVEN remote logs whose connection comes from an existing Secret (task pods upload their logs)
    const logs = TaskLogs.remote({ connectionId: 'aws_logs', baseLogFolder: 's3://b/p', credentials: RemoteLogCredentials.connection(AirflowSecret.fromExisting('log-conn', 'uri')) });
    const objects = synthAirflow({ executor: new KubernetesExecutor(), logs });
    const facts = secretFacts(objects, decodePodTemplates(objects));
    expect(facts.map((s) => [s.name, s.source])).toEqual([
      ['airflow-api-secret-key', 'generated in cluster'],
      ['airflow-fernet-key', 'generated in cluster'],
      ['airflow-jwt-secret', 'generated in cluster'],
      ['airflow-postgresql', 'generated in cluster'],
      ['airflow-ui-passwords', 'generated in cluster'],
      ['log-conn', 'existing Secret (created outside dist/)'],
    ]);
    expect(facts[0].usedBy).not.toContain('pod template default (base env)');
    expect(facts[5].usedBy).toContain('pod template default (base env)');
    // A volume listing items reads only those keys.
    expect(facts[4].keys).toEqual(['passwords.json']);
  });
});

describe('RBAC', () => {
  const role = (name: string, namespace: string, resources: string[], verbs: string[]) =>
    object('Role', name, { rules: [{ apiGroups: [''], resources, verbs }] }, namespace);
  const binding = (kind: string, name: string, namespace: string | undefined, roleKind: string, roleName: string, subjects: object[]) =>
    object(kind, name, { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName }, subjects }, namespace);

  test('resolves Roles in other namespaces, ClusterRoles, and roles defined elsewhere', () => {
    const objects = [
      object('ServiceAccount', 'scheduler'),
      object('ServiceAccount', 'idle'),
      role('launcher', 'tasks', ['pods'], ['create', 'delete']),
      binding('RoleBinding', 'launcher', 'tasks', 'Role', 'launcher', [{ kind: 'ServiceAccount', name: 'scheduler', namespace: 'airflow' }]),
      binding('ClusterRoleBinding', 'view', undefined, 'ClusterRole', 'view', [{ kind: 'ServiceAccount', name: 'scheduler', namespace: 'airflow' }, { kind: 'User', name: 'jane' }]),
    ];
    const grants = serviceAccountGrants(objects);
    expect(grants).toEqual([
      { namespace: 'airflow', name: 'idle', grants: [] },
      {
        namespace: 'airflow',
        name: 'scheduler',
        grants: [
          { binding: 'ClusterRoleBinding view', role: 'ClusterRole view', scope: 'cluster-wide', rules: undefined },
          {
            binding: 'RoleBinding tasks/launcher',
            role: 'Role tasks/launcher',
            scope: 'tasks',
            rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete'], resourceNames: [], nonResourceURLs: [] }],
          },
        ],
      },
    ]);
    expect(podCreateScopes(grants[1])).toEqual(['tasks']);
    expect(podCreateScopes(grants[0])).toEqual([]);
  });

  test('under KubernetesExecutor only the scheduler may create pods', () => {
    const launchers = serviceAccountGrants(synthAirflow({ executor: new KubernetesExecutor() })).filter((a) => podCreateScopes(a).length > 0);
    expect(launchers.map((a) => a.name)).toEqual(['airflow-scheduler']);
  });
});

describe('task pod templates', () => {
  test('the default template, with its resources, the path launchers see and the executor default kind', () => {
    const objects = synthAirflow({ executor: new KubernetesExecutor({ taskPod: { resources: { cpu: '300m', memory: '1Gi', memoryLimit: '2Gi' } } }) });
    const report = deploymentReport(manifest('k.k8s.yaml', objects));
    expect(report.taskPodTemplates).toEqual([
      {
        name: 'default',
        kind: 'executor default',
        configMap: 'airflow-pod-templates',
        namespace: 'airflow',
        key: 'default.yaml',
        path: '/opt/airflow/pod_templates/default.yaml',
        image: 'apache/airflow:3.3.2',
        resources: { requests: { cpuMillicores: 300, memoryBytes: GI }, limits: { cpuMillicores: undefined, memoryBytes: 2 * GI } },
      },
    ]);
  });

  test('kinds come from index.json; Spark driver and executor templates are found in other ConfigMaps', () => {
    const pod = (image: string, cpu: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: base\n      image: ${image}\n      resources:\n        requests:\n          cpu: ${cpu}\n`;
    const objects = [
      object('ConfigMap', 'a-pod-templates', {
        data: {
          'index.json': JSON.stringify({ families: [{ name: 'spark', kind: 'operator', path: '/opt/airflow/pod_templates/spark.yaml' }] }),
          'python.yaml': pod('python:3.12', '1'),
          'spark.yaml': pod('spark:3.5', '2'),
          'notes.txt': 'not a template',
        },
      }),
      object('ConfigMap', 'a-spark', { data: { 'driver-template.yaml': pod('spark:3.5', '1'), 'executor-template.yaml': pod('spark:3.5', '4'), 'spark-defaults.conf': 'x' } }),
    ];
    const facts = taskPodTemplateFacts(decodePodTemplates(objects), objects);
    expect(facts.map((t) => [t.configMap, t.name, t.kind, t.image, t.resources.requests.cpuMillicores])).toEqual([
      ['a-pod-templates', 'python', undefined, 'python:3.12', 1000],
      ['a-pod-templates', 'spark', 'operator', 'spark:3.5', 2000],
      ['a-spark', 'driver-template', 'spark driver', 'spark:3.5', 1000],
      ['a-spark', 'executor-template', 'spark executor', 'spark:3.5', 4000],
    ]);
  });

  test('index.json as the library writes it; anything else gives no kinds', () => {
    expect(kindsFromIndex(JSON.stringify({ families: [{ name: 'spark', kind: 'operator', image: 'x:1', path: '/p/spark.yaml' }] })).get('spark')).toBe('operator');
    expect(kindsFromIndex('not json').size).toBe(0);
    expect(kindsFromIndex(undefined).size).toBe(0);
  });
});

describe('which files are deployments', () => {
  test('the executor is read from airflow.cfg', () => {
    expect(executorOf(synthAirflow({ executor: new KubernetesExecutor() }))).toBe('KubernetesExecutor');
    expect(executorOf(synthAirflow())).toBe('CeleryExecutor');
  });

  test('the executors of a list are read by class name, the default first, aliases and module paths resolved', () => {
    const objects = synthAirflow({ executor: [new KubernetesExecutor({ alias: 'pods' }), new CeleryExecutor()] });
    expect(executorOf(objects)).toBe('pods:airflow.providers.cncf.kubernetes.executors.kubernetes_executor.KubernetesExecutor,CeleryExecutor');
    expect(executorsOf(objects)).toEqual(['KubernetesExecutor', 'CeleryExecutor']);
    expect(executorsOf(synthAirflow())).toEqual(['CeleryExecutor']);
  });

  test('a file of Argo CD Applications is not an Airflow deployment', () => {
    const app = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'airflow', labels: { 'app.kubernetes.io/name': 'airflow' } }, spec: {} };
    expect(isAirflowDeployment([app])).toBe(false);
    expect(isAirflowDeployment(synthAirflow())).toBe(true);
  });
});

describe('topology', () => {
  test('a launcher allowed to create pods in another namespace launches the templates it mounts; Services select by labels', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\nspec:\n  containers:\n    - name: base\n      image: a:1\n';
    const scheduler = workload('Deployment', 'x-scheduler', {
      serviceAccountName: 'x-scheduler',
      volumes: [{ name: 'tpl', configMap: { name: 'x-pod-templates' } }],
      containers: [{ name: 's', image: 'a:1', volumeMounts: [{ name: 'tpl', mountPath: '/tpl' }], env: [{ name: 'DB', value: 'postgresql://u@x-db.airflow.svc.cluster.local:5432/x' }] }],
    }, {}, 'scheduler');
    const objects = [
      scheduler,
      workload('StatefulSet', 'x-db', { containers: [{ name: 'db', image: 'postgres:17' }] }, {}, 'postgresql'),
      object('Service', 'x-db', { spec: { selector: { 'app.kubernetes.io/component': 'postgresql' }, ports: [{ port: 5432 }] } }),
      object('Service', 'x-other', { spec: { selector: { 'app.kubernetes.io/component': 'nothing' } } }),
      object('ConfigMap', 'x-pod-templates', { data: { 'python.yaml': pod, 'spark.yaml': pod } }),
      object('ServiceAccount', 'x-scheduler'),
      object('Role', 'launch', { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }] }, 'tasks'),
      object('RoleBinding', 'launch', { roleRef: { kind: 'Role', name: 'launch' }, subjects: [{ kind: 'ServiceAccount', name: 'x-scheduler', namespace: 'airflow' }] }, 'tasks'),
    ];
    const { topology } = deploymentReport(manifest('x.k8s.yaml', objects));
    expect(topology.edges.map((e) => `${e.from} -${e.label}-> ${e.to}`)).toEqual([
      'svc_x_db -selects-> wl_StatefulSet_x_db',
      'wl_Deployment_x_scheduler -env-> svc_x_db',
      'wl_Deployment_x_scheduler -launches-> tpl_x_pod_templates_python',
      'wl_Deployment_x_scheduler -launches-> tpl_x_pod_templates_spark',
    ]);
    expect(topology.nodes.find((n) => n.id === 'wl_Deployment_x_scheduler')!.lines).toContain('launches pods in tasks as x-scheduler');
    expect(topology.groups).toEqual([{ id: 'cm_x_pod_templates', title: 'ConfigMap x-pod-templates at /tpl' }]);
  });
});

describe('Secrets generated in the cluster', () => {
  test('come from the secret bootstrap ConfigMap, one per listed Secret, its component the name without the instance', () => {
    // GIVEN a Celery deployment (it generates a broker password beside the shared secrets)
    const objects = synthAirflow({ instance: 'af', executor: new CeleryExecutor() });
    // WHEN the report reads the Secrets the bootstrap Job generates
    const secrets = generatedSecrets(objects as any);
    // THEN each is a Secret whose component says what it is for, whatever the instance is called
    const components = secrets.map((s: any) => `${s.metadata.name}=${s.metadata.labels['app.kubernetes.io/component']}`);
    expect(components).toContain('af-redis=redis');
    expect(components).toContain('af-fernet-key=fernet-key');
    expect(secrets.every((s: any) => s.kind === 'Secret')).toBe(true);
  });

  test('only the bootstrap ConfigMap lists them: another ConfigMap with a secrets.json is not read', () => {
    const list = JSON.stringify({ secrets: [{ name: 'af-other', key: 'k', generator: 'hex-token' }] });
    const other = object('ConfigMap', 'af-config', { metadata: { name: 'af-config', labels: { 'app.kubernetes.io/component': 'config', 'app.kubernetes.io/instance': 'af' } }, data: { 'secrets.json': list } });
    const bootstrap = object('ConfigMap', 'af-secret-bootstrap', { metadata: { name: 'af-secret-bootstrap', labels: { 'app.kubernetes.io/component': 'secret-bootstrap', 'app.kubernetes.io/instance': 'af' } }, data: { 'secrets.json': list } });
    expect(generatedSecrets([other])).toEqual([]);
    expect(generatedSecrets([bootstrap]).map((s: any) => s.metadata.labels['app.kubernetes.io/component'])).toEqual(['other']);
  });
});
