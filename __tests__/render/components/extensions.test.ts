/** What users add to components and task pods, and the escape hatch for everything else. */
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import {
  Airflow,
  AirflowProps,
  AirflowSecret,
  AirflowValidationError,
  CeleryExecutor,
  ComponentExtensionProps,
  DagSource,
  GitAuth,
  KubernetesExecutor,
  TaskLogs,
  TaskPodFamily,
  TaskPodPresets,
  RemoteLogCredentials,
} from '../../../lib';
import { K8sObject, envOf, find, synthAirflow, taskPodTemplates, workloadOf } from '../../support/chart';
import { validateK8sObject } from '../../support/schema';

const IRSA = { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/airflow' };
const COMPONENTS: Array<[keyof AirflowProps | 'workers', string, string]> = [
  ['apiServer', 'api-server', 'airflow-api-server'],
  ['scheduler', 'scheduler', 'airflow-scheduler'],
  ['dagProcessor', 'dag-processor', 'airflow-dag-processor'],
  ['triggerer', 'triggerer', 'airflow-triggerer'],
  ['workers', 'worker', 'airflow-worker'],
];

/** An instance with `extensions` given to one component (`workers` means the Celery workers). */
function withExtensions(component: string, extensions: ComponentExtensionProps, props: AirflowProps = {}): K8sObject[] {
  if (component === 'workers') return synthAirflow({ ...props, executor: new CeleryExecutor({ workers: extensions }) });
  return synthAirflow({ ...props, [component]: extensions });
}

const podSpecOf = (objects: K8sObject[], component: string) => workloadOf(objects, component).spec.template.spec;

describe.each(COMPONENTS)('%s', (prop, component, serviceAccount) => {
  test('serviceAccountAnnotations (IRSA, Workload Identity) go on its ServiceAccount only', () => {
    const objects = withExtensions(prop, { serviceAccountAnnotations: IRSA });
    expect(find(objects, 'ServiceAccount', serviceAccount).metadata.annotations).toMatchObject(IRSA);
    const others = objects.filter((o) => o.kind === 'ServiceAccount' && o.metadata.name !== serviceAccount);
    expect(others.filter((o) => o.metadata.annotations?.['eks.amazonaws.com/role-arn'])).toEqual([]);
  });

  test('env (values and Secret and ConfigMap references) is added to the main container only', () => {
    const objects = withExtensions(prop, {
      env: [
        { name: 'AWS_REGION', value: 'eu-west-1' },
        { name: 'SMTP_PASSWORD', secret: { name: 'smtp', key: 'password' } },
        { name: 'TEAM', configMap: { name: 'team', key: 'name', optional: true } },
      ],
    });
    const spec = podSpecOf(objects, component);
    const env = envOf(spec.containers[0]);
    expect(env.AWS_REGION).toEqual({ name: 'AWS_REGION', value: 'eu-west-1' });
    expect(env.SMTP_PASSWORD).toEqual({ name: 'SMTP_PASSWORD', valueFrom: { secretKeyRef: { name: 'smtp', key: 'password' } } });
    expect(env.TEAM).toEqual({ name: 'TEAM', valueFrom: { configMapKeyRef: { name: 'team', key: 'name', optional: true } } });
    // After the env cdk8s-airflow sets, which stays as it was.
    expect(spec.containers[0].env.slice(-3).map((e: any) => e.name)).toEqual(['AWS_REGION', 'SMTP_PASSWORD', 'TEAM']);
    for (const init of spec.initContainers) expect(envOf(init)).not.toHaveProperty('AWS_REGION');
  });

  test('volumes are added to the pod and mounted where mountPath says', () => {
    const objects = withExtensions(prop, {
      volumes: [
        { volume: { name: 'ca-bundle', configMap: { name: 'corporate-ca' } }, mountPath: '/etc/ssl/corporate', readOnly: true },
        { volume: { name: 'sidecar-scratch', emptyDir: {} } },
      ],
    });
    const spec = podSpecOf(objects, component);
    expect(spec.volumes).toEqual(expect.arrayContaining([{ name: 'ca-bundle', configMap: { name: 'corporate-ca' } }, { name: 'sidecar-scratch', emptyDir: {} }]));
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'ca-bundle', mountPath: '/etc/ssl/corporate', readOnly: true });
    expect(spec.containers[0].volumeMounts.map((m: any) => m.name)).not.toContain('sidecar-scratch');
  });

  test('sidecars and init containers run hardened, with their resources, after the pod\'s own containers', () => {
    const objects = withExtensions(prop, {
      volumes: [{ volume: { name: 'proxy-tmp', emptyDir: {} } }],
      initContainers: [{ name: 'fetch-certs', image: 'busybox:1.37.0', command: ['true'], resources: { cpu: '10m', memory: '16Mi', memoryLimit: '32Mi' } }],
      sidecars: [
        {
          name: 'cloud-sql-proxy',
          image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1',
          args: ['--port=5432', 'project:region:instance'],
          resources: { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi' },
          ports: [{ name: 'sql', containerPort: 5432 }],
          volumeMounts: [{ name: 'proxy-tmp', mountPath: '/tmp' }],
          runAs: { user: 65532, group: 65532 },
        },
      ],
    });
    const spec = podSpecOf(objects, component);
    expect(spec.initContainers[0].name).toBe('wait-for-migrations');
    expect(spec.initContainers[spec.initContainers.length - 1].name).toBe('fetch-certs');
    const sidecar = spec.containers[spec.containers.length - 1];
    expect(sidecar).toMatchObject({
      name: 'cloud-sql-proxy',
      image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1',
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
      ports: [{ name: 'sql', containerPort: 5432, protocol: 'TCP' }],
      volumeMounts: [{ name: 'proxy-tmp', mountPath: '/tmp' }],
      securityContext: {
        runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
      },
    });
    expect(validateK8sObject(workloadOf(objects, component))).toEqual([]);
  });

  test('podLabels and podAnnotations go on the pods, never on the selector', () => {
    const objects = withExtensions(prop, { podLabels: { team: 'data' }, podAnnotations: { 'sidecar.istio.io/inject': 'false' } });
    const workload = workloadOf(objects, component);
    expect(workload.spec.template.metadata.labels).toMatchObject({ team: 'data', 'app.kubernetes.io/component': component });
    expect(workload.spec.template.metadata.annotations).toMatchObject({ 'sidecar.istio.io/inject': 'false', 'checksum/config': expect.any(String) });
    expect(workload.spec.selector.matchLabels).not.toHaveProperty('team');
    expect(workload.metadata.labels).not.toHaveProperty('team');
  });
});

describe('additions never replace what cdk8s-airflow renders', () => {
  const clashes = (props: AirflowProps) => {
    try {
      synthAirflow(props);
    } catch (error) {
      if (error instanceof AirflowValidationError) return error.problems;
      throw error;
    }
    return [];
  };

  test('every clash with the rendered pod is reported, with the prop path', () => {
    const logs = TaskLogs.remote({ connectionId: 'aws_logs', baseLogFolder: 's3://logs/airflow', credentials: RemoteLogCredentials.connection(AirflowSecret.fromExisting('logs', 'uri')) });
    const dags = DagSource.gitSync({ repo: 'git@github.com:acme/dags.git', auth: GitAuth.ssh({ secretName: 'git', knownHostsKey: 'known_hosts' }) });
    expect(clashes({
      logs,
      dags,
      dagProcessor: {
        env: [{ name: 'AIRFLOW_CONN_AWS_LOGS', secret: { name: 'other', key: 'uri' } }],
        volumes: [{ volume: { name: 'tmp', emptyDir: {} } }, { volume: { name: 'extra', emptyDir: {} }, mountPath: '/opt/airflow/logs' }],
        sidecars: [
          { name: 'git-sync', image: 'busybox:1.37.0', resources: { cpu: '10m', memory: '16Mi', memoryLimit: '32Mi' } },
          { name: 'shipper', image: 'busybox:1.37.0', resources: { cpu: '10m', memory: '16Mi', memoryLimit: '32Mi' }, volumeMounts: [{ name: 'nope', mountPath: '/x' }] },
        ],
        initContainers: [{ name: 'wait-for-migrations', image: 'busybox:1.37.0', resources: { cpu: '10m', memory: '16Mi', memoryLimit: '32Mi' } }],
        podAnnotations: { 'checksum/config': 'mine' },
      },
    })).toEqual([
      'test/airflow: dagProcessor.env[0].name "AIRFLOW_CONN_AWS_LOGS" is already set by cdk8s-airflow in the dag-processor container and cannot be overridden',
      // The message lists the pod's volumes.
      expect.stringMatching(/^test\/airflow: dagProcessor\.volumes\[0\]\.volume\.name "tmp" is already a volume of the pod \(config, logs, tmp, .*\): choose another name$/),
      'test/airflow: dagProcessor.volumes[1].mountPath "/opt/airflow/logs" is already mounted in the dag-processor container: choose another path',
      'test/airflow: dagProcessor.initContainers[0].name "wait-for-migrations" is already a container of the pod: choose another name',
      'test/airflow: dagProcessor.sidecars[0].name "git-sync" is already a container of the pod: choose another name',
      expect.stringMatching(/^test\/airflow: dagProcessor\.sidecars\[1\]\.volumeMounts\[0\]\.name "nope" is not a volume of the pod; add it to dagProcessor\.volumes \(volumes: config, .*, extra\)$/),
      'test/airflow: dagProcessor.podAnnotations["checksum/config"] is set by cdk8s-airflow and cannot be overridden',
    ]);
  });

  test('a sidecar port may not take a port the pod already listens on', () => {
    expect(clashes({ apiServer: { sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.33.0', resources: { cpu: '10m', memory: '16Mi', memoryLimit: '32Mi' }, ports: [{ name: 'admin', containerPort: 8080 }] }] } })).toEqual([
      'test/airflow: apiServer.sidecars[0].ports[0] (admin, 8080) clashes with the pod\'s port http (8080)',
    ]);
  });
});

describe('task pods', () => {
  test('the KubernetesExecutor\'s default task pod takes ServiceAccount annotations, pod labels and annotations', () => {
    const objects = synthAirflow({ executor: new KubernetesExecutor({ taskPod: { serviceAccountAnnotations: IRSA, podLabels: { team: 'data' }, podAnnotations: { 'example.com/cost-center': 'analytics' } } }) });
    expect(find(objects, 'ServiceAccount', 'airflow-task').metadata.annotations).toMatchObject(IRSA);
    const pod = taskPodTemplates(objects).find((t) => t.name === 'default')!.pod;
    expect(pod.metadata.labels).toMatchObject({ team: 'data', 'app.kubernetes.io/component': 'task' });
    expect(pod.metadata.annotations).toMatchObject({ 'example.com/cost-center': 'analytics', 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' });
  });

  test('a family\'s annotations go on its ServiceAccount and pod template; Spark\'s also on its driver and executors', () => {
    const objects = synthAirflow({
      executor: new KubernetesExecutor(),
      taskPods: {
        families: [
          TaskPodFamily.operator({ name: 'dbt', image: 'ghcr.io/dbt-labs/dbt-postgres:1.9.0', serviceAccountAnnotations: IRSA, podLabels: { tool: 'dbt' } }),
          TaskPodPresets.spark({ serviceAccountAnnotations: IRSA, podLabels: { tool: 'spark' }, podAnnotations: { 'example.com/owner': 'data' } }),
        ],
      },
    });
    expect(find(objects, 'ServiceAccount', 'airflow-task-dbt').metadata.annotations).toMatchObject(IRSA);
    expect(find(objects, 'ServiceAccount', 'airflow-spark').metadata.annotations).toMatchObject(IRSA);
    expect(find(objects, 'ServiceAccount', 'airflow-task').metadata.annotations ?? {}).not.toHaveProperty(['eks.amazonaws.com/role-arn']);
    const templates = Object.fromEntries(taskPodTemplates(objects).map((t) => [t.name, t.pod]));
    expect(templates.dbt.metadata.labels.tool).toBe('dbt');
    for (const name of ['spark', 'spark-driver', 'spark-executor']) {
      expect(templates[name].metadata.labels.tool).toBe('spark');
      expect(templates[name].metadata.annotations['example.com/owner']).toBe('data');
    }
  });
});

describe('beyond the props: every object stays reachable', () => {
  test('a JSON patch on a component\'s Deployment, as in the README', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'airflow' });
    const airflow = new Airflow(chart, 'airflow', { executor: new KubernetesExecutor() });
    ApiObject.of(airflow.scheduler.component.deployment).addJsonPatch(
      JsonPatch.add('/spec/template/spec/hostAliases', [{ ip: '10.0.0.10', hostnames: ['metadata.internal'] }]),
    );
    const objects = Testing.synth(chart) as K8sObject[];
    expect(podSpecOf(objects, 'scheduler').hostAliases).toEqual([{ ip: '10.0.0.10', hostnames: ['metadata.internal'] }]);
    expect(podSpecOf(objects, 'dag-processor').hostAliases).toBeUndefined();
  });
});
