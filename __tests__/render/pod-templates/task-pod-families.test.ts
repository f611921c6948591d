import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import {
  Airflow,
  AirflowProps,
  AirflowSecret,
  AirflowVersion,
  CeleryExecutor,
  KubernetesExecutor,
  RemoteLogCredentials,
  TaskLogs,
  TaskPodFamily,
  TaskPodPresets,
  collectWarnings,
} from '../../../lib';
import { exampleTaskPodFamilies } from '../../../examples';
import { envOf, familyTemplates, find, K8sObject, ofKind, problemsOf, synthAirflow, taskPodTemplates, workloadOf } from '../../support/chart';
import { validateK8sObject } from '../../support/schema';

const families = () => exampleTaskPodFamilies();
const celery = (extra = {}) => synthAirflow({ executor: new CeleryExecutor(), taskPods: { families: families() }, ...extra });
const kubernetes = (extra = {}) => synthAirflow({ executor: new KubernetesExecutor(), taskPods: { families: families() }, ...extra });
const template = (objects: K8sObject[], name: string) => taskPodTemplates(objects).find((t) => t.name === name)!.pod;
const mountsTemplates = (objects: K8sObject[], component: string) =>
  workloadOf(objects, component).spec.template.spec.containers[0].volumeMounts.some((m: any) => m.mountPath === '/opt/airflow/pod_templates');

describe('task pod families', () => {
  test.each(['spark', 'hadoop', 'python'])('%s renders a valid Pod with base first, Never restarts, no probes', (name) => {
    const pod = template(celery(), name);
    expect(validateK8sObject(pod)).toEqual([]);
    expect(pod.spec.restartPolicy).toBe('Never');
    const base = pod.spec.containers[0];
    expect(base.name).toBe('base');
    expect(base.livenessProbe ?? base.readinessProbe ?? base.startupProbe).toBeUndefined();
    expect(pod.metadata.labels['cdk8s-airflow/task-family']).toBe(name);
  });

  test('pin their images', () => {
    const images = Object.fromEntries(familyTemplates(celery()).map((t) => [t.name, t.pod.spec.containers[0].image]));
    expect(images).toEqual({ spark: 'apache/spark:3.5.5', hadoop: 'apache/hadoop:3.4.1', python: 'python:3.12.8-slim-bookworm' });
  });

  test('operator templates carry no Airflow config and no Airflow secrets', () => {
    for (const { name, pod } of taskPodTemplates(celery())) {
      const text = JSON.stringify(pod);
      expect({ name, secrets: text.match(/secretKeyRef|AIRFLOW__|FERNET|JWT|SQL_ALCHEMY|airflow\.cfg/g) }).toEqual({ name, secrets: null });
    }
  });

  test('executor templates carry the Airflow config but no Airflow secret: Airflow 3 tasks use the execution API only', () => {
    // GIVEN an executor family (and the default template) under the KubernetesExecutor
    const objects = kubernetes({ taskPods: { families: [TaskPodFamily.executor({ name: 'big', image: 'apache/airflow:3.3.2' })] } });
    for (const name of ['big', 'default']) {
      const base = template(objects, name).spec.containers[0];
      // THEN no database URL, fernet key, API secret key or JWT secret, no Secret reference at all
      expect({ name, secrets: JSON.stringify(base.env).match(/secretKeyRef|FERNET|JWT|SECRET_KEY|SQL_ALCHEMY|DB_PASSWORD/g) }).toEqual({ name, secrets: null });
      // and the image does not wait for a database it never uses
      expect(envOf(base).CONNECTION_CHECK_MAX_COUNT).toEqual({ name: 'CONNECTION_CHECK_MAX_COUNT', value: '0' });
      expect(base.volumeMounts).toContainEqual(expect.objectContaining({ mountPath: '/opt/airflow/airflow.cfg' }));
    }
  });

  test('executor task pods keep the remote log connection: they upload their own logs', () => {
    const logs = TaskLogs.remote({ connectionId: 'aws_logs', baseLogFolder: 's3://b/p', credentials: RemoteLogCredentials.connection(AirflowSecret.fromExisting('logs', 'uri')) });
    const base = template(kubernetes({ logs }), 'default').spec.containers[0];
    expect(base.env.filter((e: any) => e.valueFrom).map((e: any) => e.name)).toEqual(['AIRFLOW_CONN_AWS_LOGS']);
  });

  test('on Airflow 2 executor task pods still get the database and fernet key: tasks write to the database there', () => {
    const base = template(kubernetes({ version: AirflowVersion.V2_11_0 }), 'default').spec.containers[0];
    expect(Object.keys(envOf(base))).toEqual(expect.arrayContaining(['AIRFLOW__CORE__FERNET_KEY', 'AIRFLOW_DB_PASSWORD', 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD']));
    expect(envOf(base).CONNECTION_CHECK_MAX_COUNT).toBeUndefined();
  });

  test('on Airflow 2 with PgBouncer, executor task pods reach the database through it, like the scheduler', () => {
    // GIVEN Airflow 2, where tasks write to the database, with PgBouncer in front of it
    const objects = kubernetes({ version: AirflowVersion.V2_11_0, pgbouncer: {} });
    // WHEN / THEN the task pods' database env is the scheduler's: PgBouncer's address and password
    const databaseEnv = (container: any) => container.env.filter((e: any) => /SQL_ALCHEMY_CONN|DB_PASSWORD/.test(e.name));
    const task = databaseEnv(template(objects, 'default').spec.containers[0]);
    expect(task).toEqual(databaseEnv(workloadOf(objects, 'scheduler').spec.template.spec.containers[0]));
    expect(JSON.stringify(task)).toContain('airflow-pgbouncer');
  });

  test('every family template has small resources of its own', () => {
    const templates = familyTemplates(kubernetes());
    expect(templates.map((t) => t.name)).toEqual(['default', 'hadoop', 'python', 'spark']);
    for (const { name, pod } of templates) {
      const base = pod.spec.containers[0];
      expect({ name, hasLimit: typeof base.resources.limits.memory }).toEqual({ name, hasLimit: 'string' });
      expect(base.resources.requests.cpu).not.toBe('500m'); // never the worker's preset
    }
  });

  test('every template, Spark\'s driver and executor included, has a restricted, non-root security context', () => {
    const templates = taskPodTemplates(kubernetes());
    expect(templates.map((t) => t.name)).toEqual(['default', 'hadoop', 'python', 'spark', 'spark-driver', 'spark-executor']);
    for (const { name, pod } of templates) {
      const container = pod.spec.containers[0];
      expect({ name, sc: container.securityContext }).toEqual({
        name,
        sc: expect.objectContaining({
          allowPrivilegeEscalation: false,
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        }),
      });
      expect({ name, user: container.securityContext.runAsUser > 0 }).toEqual({ name, user: true });
      expect({ name, pod: pod.spec.securityContext }).toEqual({ name, pod: expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }) });
    }
  });

  test('each family has its own ServiceAccount; only Spark mounts a token among operator families', () => {
    const objects = celery();
    const tokens = Object.fromEntries(familyTemplates(objects).map((t) => [t.pod.spec.serviceAccountName, t.pod.spec.automountServiceAccountToken]));
    expect(tokens).toEqual({ 'airflow-spark': true, 'airflow-task-hadoop': false, 'airflow-task-python': false });
    for (const sa of Object.keys(tokens)) find(objects, 'ServiceAccount', sa);
  });

  test('index.json lists every family with kind, image and path', () => {
    const index = JSON.parse(find(kubernetes(), 'ConfigMap', 'airflow-pod-templates').data['index.json']);
    expect(index.families.map((f: any) => `${f.name} ${f.kind} ${f.path}`)).toEqual([
      'default executor /opt/airflow/pod_templates/default.yaml',
      'hadoop operator /opt/airflow/pod_templates/hadoop.yaml',
      'python operator /opt/airflow/pod_templates/python.yaml',
      'spark operator /opt/airflow/pod_templates/spark.yaml',
    ]);
  });
});

describe('where templates are mounted and who may launch pods', () => {
  test('CeleryExecutor: workers and triggerer mount the templates and are bound to the pod-launcher Role', () => {
    const objects = celery();
    expect(mountsTemplates(objects, 'worker')).toBe(true);
    expect(mountsTemplates(objects, 'triggerer')).toBe(true);
    expect(mountsTemplates(objects, 'scheduler')).toBe(false);
    expect(find(objects, 'RoleBinding', 'airflow-pod-launcher').subjects.map((s: any) => s.name)).toEqual(['airflow-worker', 'airflow-triggerer']);
    expect(workloadOf(objects, 'worker').spec.template.spec.automountServiceAccountToken).toBe(true);
  });

  test('KubernetesExecutor: scheduler, triggerer and executor task pods mount the templates; task pods may launch pods', () => {
    const objects = kubernetes();
    expect(mountsTemplates(objects, 'scheduler')).toBe(true);
    expect(mountsTemplates(objects, 'triggerer')).toBe(true);
    const defaultPod = template(objects, 'default');
    expect(defaultPod.spec.containers[0].volumeMounts).toContainEqual({ name: 'pod-templates', mountPath: '/opt/airflow/pod_templates', readOnly: true });
    expect(defaultPod.spec.automountServiceAccountToken).toBe(true);
    expect(find(objects, 'RoleBinding', 'airflow-pod-launcher').subjects.map((s: any) => s.name)).toEqual([
      'airflow-scheduler',
      'airflow-task',
      'airflow-triggerer',
    ]);
  });

  test('without operator families nothing but the KubernetesExecutor scheduler launches pods', () => {
    const objects = synthAirflow({ executor: new KubernetesExecutor() });
    expect(find(objects, 'RoleBinding', 'airflow-pod-launcher').subjects.map((s: any) => s.name)).toEqual(['airflow-scheduler']);
    expect(template(objects, 'default').spec.automountServiceAccountToken).toBe(false);
    expect(mountsTemplates(objects, 'triggerer')).toBe(false);
  });

  test('an executor family without operator families mounts no token, in its pods or on its ServiceAccount', () => {
    // GIVEN KubernetesExecutor with an executor family and no operator family: no task launches pods
    const objects = synthAirflow({
      executor: new KubernetesExecutor(),
      taskPods: { families: [TaskPodFamily.executor({ name: 'highmem', image: 'apache/airflow:3.3.2' })] },
    });
    // THEN neither the family's nor the default template's pods get a token
    const tokens = (name: string, serviceAccount: string) => ({
      pod: template(objects, name).spec.automountServiceAccountToken,
      serviceAccount: find(objects, 'ServiceAccount', serviceAccount).automountServiceAccountToken,
    });
    expect(tokens('highmem', 'airflow-task-highmem')).toEqual({ pod: false, serviceAccount: false });
    expect(tokens('default', 'airflow-task')).toEqual({ pod: false, serviceAccount: false });
    expect(find(objects, 'RoleBinding', 'airflow-pod-launcher').subjects.map((s: any) => s.name)).toEqual(['airflow-scheduler']);
  });

  test('a separate operator namespace gets the Role, RoleBinding and family ServiceAccounts', () => {
    const objects = kubernetes({ taskPods: { families: families(), operatorNamespace: 'airflow-tasks' } });
    const roles = ofKind(objects, 'Role').map((r) => `${r.metadata.namespace}/${r.metadata.name}`).sort();
    expect(roles).toEqual(['airflow-tasks/airflow-pod-launcher', 'airflow-tasks/airflow-spark', 'airflow/airflow-pod-launcher', 'airflow/airflow-pod-log-reader', 'airflow/airflow-secret-bootstrap']);
    const taskBinding = ofKind(objects, 'RoleBinding').find((b) => b.metadata.name === 'airflow-pod-launcher' && b.metadata.namespace === 'airflow-tasks')!;
    expect(taskBinding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'airflow-task', namespace: 'airflow' },
      { kind: 'ServiceAccount', name: 'airflow-triggerer', namespace: 'airflow' },
    ]);
    expect(find(objects, 'ServiceAccount', 'airflow-task-python').metadata.namespace).toBe('airflow-tasks');
    expect(template(objects, 'python').metadata.namespace).toBe('airflow-tasks');
    expect(parse(find(objects, 'ConfigMap', 'airflow-spark').data['spark-defaults.conf'].replace(/ /g, ': '))['spark.kubernetes.namespace']).toBe('airflow-tasks');
  });
});

describe('Spark on Kubernetes', () => {
  test('the spark ServiceAccount may manage what the driver creates', () => {
    const objects = celery();
    expect(find(objects, 'Role', 'airflow-spark').rules[0]).toEqual({
      apiGroups: [''],
      resources: ['pods', 'services', 'configmaps', 'persistentvolumeclaims'],
      verbs: ['create', 'get', 'list', 'watch', 'delete', 'deletecollection', 'patch', 'update'],
    });
    expect(find(objects, 'RoleBinding', 'airflow-spark').subjects).toEqual([{ kind: 'ServiceAccount', name: 'airflow-spark', namespace: 'airflow' }]);
  });

  test('driver and executor templates are mounted into the spark pod and referenced by spark-defaults.conf', () => {
    const objects = celery();
    const conf = find(objects, 'ConfigMap', 'airflow-spark').data;
    expect(Object.keys(conf).sort()).toEqual(['driver-pod-template.yaml', 'executor-pod-template.yaml', 'spark-defaults.conf']);
    expect(conf['spark-defaults.conf']).toContain('spark.kubernetes.driver.podTemplateFile /opt/spark/conf/driver-pod-template.yaml\n');
    expect(conf['spark-defaults.conf']).toContain('spark.kubernetes.executor.podTemplateFile /opt/spark/conf/executor-pod-template.yaml\n');
    expect(conf['spark-defaults.conf']).toContain('spark.kubernetes.authenticate.driver.serviceAccountName airflow-spark\n');
    expect(conf['spark-defaults.conf']).toContain('spark.master k8s://https://kubernetes.default.svc:443\n');
    const sparkPod = template(objects, 'spark');
    expect(sparkPod.spec.containers[0].volumeMounts).toContainEqual({ name: 'spark-conf', mountPath: '/opt/spark/conf', readOnly: true });
    const driver = parse(conf['driver-pod-template.yaml']);
    const executor = parse(conf['executor-pod-template.yaml']);
    expect(validateK8sObject(driver)).toEqual([]);
    expect(validateK8sObject(executor)).toEqual([]);
    expect(driver.spec.containers[0].name).toBe('spark-kubernetes-driver');
    expect(executor.spec.containers[0].name).toBe('spark-kubernetes-executor');
    expect(driver.spec.automountServiceAccountToken).toBe(true);
    expect(executor.spec.automountServiceAccountToken).toBe(false);
    expect(driver.spec.securityContext).toMatchObject({ runAsUser: 185, runAsNonRoot: true });
  });
});

describe('leaving the Docker socket behind', () => {
  const withSocket = () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'airflow' });
    const airflow = new Airflow(chart, 'airflow', {
      executor: new CeleryExecutor({ workers: { unsafeHostDockerSocket: true, unsafeHostDockerSocketGroupId: 999 } }),
      taskPods: { families: families() },
    });
    return { chart, airflow, objects: Testing.synth(chart) as K8sObject[] };
  };

  test('the opt-in mounts the socket into the workers only, with the socket group', () => {
    const { objects } = withSocket();
    const spec = workloadOf(objects, 'worker').spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'host-docker-socket', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } });
    expect(spec.securityContext.supplementalGroups).toEqual([999]);
    const elsewhere = objects.filter((o) => o.metadata.labels['app.kubernetes.io/component'] !== 'worker');
    expect(JSON.stringify(elsewhere)).not.toContain('docker.sock');
    for (const { pod } of taskPodTemplates(objects)) expect(JSON.stringify(pod)).not.toMatch(/hostPath|docker\.sock/);
  });

  test('the opt-in prints a loud warning', () => {
    const { chart } = withSocket();
    const warnings = collectWarnings(chart);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^test\/airflow\/worker: unsafeHostDockerSocket mounts the node's Docker socket/);
    expect(warnings[0]).toMatch(/root on the node/);
    expect(warnings[0]).toMatch(/containerd/);
    expect(warnings[0]).toMatch(/"restricted" and "baseline"/);
    // and says where to go instead
    expect(warnings[0]).toMatch(/Move DockerOperator tasks to a task pod family \(README: "Leaving the Docker socket behind"\)\.$/);
  });

  test('no warning without the opt-in', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'airflow' });
    new Airflow(chart, 'airflow', { executor: new CeleryExecutor() });
    expect(collectWarnings(chart)).toEqual([]);
  });
});

describe('DAG helper', () => {
  test('returns the path to pass as pod_template_file', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'airflow' });
    const airflow = new Airflow(chart, 'airflow', { executor: new CeleryExecutor(), taskPods: { families: families() } });
    expect(airflow.taskPodTemplatePath('spark')).toBe('/opt/airflow/pod_templates/spark.yaml');
  });

  test('an unknown family is a clear error', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'airflow' });
    const airflow = new Airflow(chart, 'airflow', { executor: new CeleryExecutor(), taskPods: { families: families() } });
    expect(() => airflow.taskPodTemplatePath('sprak')).toThrow(
      'test/airflow/pod-templates: task pod family "sprak" is not defined; defined families: hadoop, python, spark. Add it to taskPods.families.',
    );
  });
});

describe('bad task pod families', () => {
  test.each<[string, AirflowProps, string[]]>([
    [
      'duplicate family names',
      { taskPods: { families: [TaskPodPresets.python(), TaskPodPresets.hadoop({ name: 'python' })] } },
      ['test/airflow: taskPods.families[1].name "python" is already used by taskPods.families[0]; family names must be unique'],
    ],
    [
      'the KubernetesExecutor default name',
      { executor: new KubernetesExecutor(), taskPods: { families: [TaskPodPresets.python({ name: 'default' })] } },
      ['test/airflow: taskPods.families[0].name "default" is already used by the KubernetesExecutor\'s default template; family names must be unique'],
    ],
    [
      'a name that is no file/DNS label',
      { taskPods: { families: [TaskPodPresets.python({ name: 'Python_Apps' })] } },
      ['test/airflow: taskPods.families[0].name must be a lowercase RFC 1123 label (it names the file <name>.yaml and the ServiceAccount), got "Python_Apps"'],
    ],
    [
      'an executor template without image',
      { executor: new KubernetesExecutor(), taskPods: { families: [TaskPodFamily.executor({ name: 'big' } as any)] } },
      ['test/airflow: taskPods.families[0].image is required: executor templates run "airflow tasks run", so give an image that contains Airflow, e.g. "apache/airflow:3.3.2"'],
    ],
    [
      'an executor template under CeleryExecutor',
      { executor: new CeleryExecutor(), taskPods: { families: [TaskPodFamily.executor({ name: 'big', image: 'apache/airflow:3.3.2' })] } },
      ['test/airflow: taskPods.families[0] ("big") is an executor template, which only KubernetesExecutor uses: use TaskPodFamily.operator(...) or switch to KubernetesExecutor'],
    ],
    [
      'a family that asks for the Docker socket',
      { taskPods: { families: [TaskPodFamily.operator({ name: 'docker', image: 'docker:27.0.3', unsafeHostDockerSocket: true } as any)] } },
      ['test/airflow: taskPods.families[0] ("docker") asks for the Docker socket: task pods never mount the node\'s Docker socket; run the tool\'s image as a KubernetesPodOperator family instead (README: "Leaving the Docker socket behind")'],
    ],
    [
      'a family that mounts the socket as a volume',
      { taskPods: { families: [TaskPodFamily.operator({ name: 'docker', image: 'docker:27.0.3', volumes: [{ name: 's', mountPath: '/var/run/docker.sock', emptyDir: true }] })] } },
      ['test/airflow: taskPods.families[0] ("docker") asks for the Docker socket: task pods never mount the node\'s Docker socket; run the tool\'s image as a KubernetesPodOperator family instead (README: "Leaving the Docker socket behind")'],
    ],
    [
      'an owned Spark setting',
      { taskPods: { families: [TaskPodPresets.spark({ sparkConf: { 'spark.master': 'local[*]' } })] } },
      ['test/airflow: taskPods.families[0].sparkConf.spark.master is set by cdk8s-airflow (derived from the namespace, image and pod templates) and cannot be overridden'],
    ],
    [
      'a volume with two sources',
      { taskPods: { families: [TaskPodPresets.python({ volumes: [{ name: 'data', mountPath: '/data', secretName: 's', claimName: 'c' }] })] } },
      ['test/airflow: taskPods.families[0].volumes[0] ("data") must set exactly one of configMapName, secretName, claimName, emptyDir'],
    ],
    [
      'a socket group without the socket',
      { executor: new CeleryExecutor({ workers: { unsafeHostDockerSocketGroupId: 999 } }) },
      ['test/airflow: executor.workers.unsafeHostDockerSocketGroupId does nothing without executor.workers.unsafeHostDockerSocket: true'],
    ],
  ])('%s', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });
});
