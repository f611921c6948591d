/**
 * Both executors in one instance (`executor: [new CeleryExecutor(), new KubernetesExecutor()]`):
 * each object exists because some executor needs it, and nothing else.
 */
import { Chart, Testing } from 'cdk8s';
import { Airflow, AirflowProps, CeleryExecutor, Executor, ExecutorList, KubernetesExecutor, TaskPodFamily, TaskPodPresets, collectWarnings } from '../lib';
import { airflowCfgOf, components, envOf, find, K8sObject, ofKind, synthAirflow, taskPodTemplates, workloadOf } from './support/chart';
import { RoleWithBinding } from '../lib/render/rbac';
import { validateK8sObject } from './support/schema';

const both = (props: AirflowProps = {}) => synthAirflow({ executor: [new CeleryExecutor(), new KubernetesExecutor()], ...props });
const mainContainer = (objects: K8sObject[], component: string) => workloadOf(objects, component).spec.template.spec.containers[0];
/** Names of the ServiceAccounts a RoleBinding (in `namespace`) binds. */
const subjects = (objects: K8sObject[], binding: string, namespace = 'airflow') =>
  ofKind(objects, 'RoleBinding').find((b) => b.metadata.name === binding && b.metadata.namespace === namespace)!.subjects.map((s: any) => s.name);

const SHARED = ['api-server', 'config', 'dag-processor', 'migrate-database', 'postgresql', 'scheduler', 'secret-bootstrap', 'triggerer'];
const CELERY = ['redis', 'worker'];
const KUBERNETES = ['pod-launcher', 'pod-log-reader', 'task'];

describe('object set per combination of executors', () => {
  test.each<[string, Executor | ExecutorList, string[]]>([
    ['Celery', new CeleryExecutor(), [...SHARED, ...CELERY]],
    ['Kubernetes', new KubernetesExecutor(), [...SHARED, ...KUBERNETES]],
    ['Celery, then Kubernetes', [new CeleryExecutor(), new KubernetesExecutor()], [...SHARED, ...CELERY, ...KUBERNETES]],
    ['Kubernetes, then Celery', [new KubernetesExecutor(), new CeleryExecutor()], [...SHARED, ...CELERY, ...KUBERNETES]],
  ])('%s: components', (_, executor, expected) => {
    expect(components(synthAirflow({ executor }))).toEqual([...expected].sort());
  });

  test.each<[string, Executor | ExecutorList, boolean]>([
    ['Celery', new CeleryExecutor(), false],
    ['Kubernetes', new KubernetesExecutor(), true],
    ['both', [new CeleryExecutor(), new KubernetesExecutor()], true],
  ])('%s: the default task pod template exists only with KubernetesExecutor', (_, executor, expected) => {
    expect(taskPodTemplates(synthAirflow({ executor })).some((t) => t.name === 'default')).toBe(expected);
  });

  test.each<[string, Executor | ExecutorList, string[]]>([
    ['Celery', new CeleryExecutor(), ['airflow-redis']],
    ['Kubernetes', new KubernetesExecutor(), []],
    ['both', [new KubernetesExecutor(), new CeleryExecutor()], ['airflow-redis']],
  ])('%s: the broker secret is generated only with CeleryExecutor', (_, executor, expected) => {
    const generated = find(synthAirflow({ executor }), 'Role', 'airflow-secret-bootstrap').rules[1].resourceNames;
    expect(generated.filter((name: string) => name.includes('redis'))).toEqual(expected);
  });

  test('every object of the combined instance validates against the Kubernetes schema', () => {
    const objects = both({ cleanup: { taskPods: {} }, executor: [new CeleryExecutor({ flower: true }), new KubernetesExecutor()] });
    expect(objects.flatMap((o) => validateK8sObject(o))).toEqual([]);
  });
});

describe('configuration of both executors', () => {
  test('[core] executor lists both, the first being the default, and each executor keeps its section', () => {
    const cfg = airflowCfgOf(both());
    expect(cfg).toContain('executor = CeleryExecutor,KubernetesExecutor\n');
    expect(cfg).toContain('[celery]\nworker_concurrency = 8\n');
    expect(cfg).toContain('[kubernetes_executor]\nnamespace = airflow\npod_template_file = /opt/airflow/pod_templates/default.yaml\n');
    expect(airflowCfgOf(synthAirflow({ executor: [new KubernetesExecutor(), new CeleryExecutor()] }))).toContain('executor = KubernetesExecutor,CeleryExecutor\n');
  });

  test('an executor with an alias (listed or alone) is written as alias:module path, which is what Airflow accepts after an alias', () => {
    const cfg = airflowCfgOf(synthAirflow({ executor: [new CeleryExecutor(), new KubernetesExecutor({ alias: 'pods' })] }));
    expect(cfg).toContain('executor = CeleryExecutor,pods:airflow.providers.cncf.kubernetes.executors.kubernetes_executor.KubernetesExecutor\n');
    expect(airflowCfgOf(synthAirflow({ executor: new CeleryExecutor({ alias: 'workers' }) }))).toContain('executor = workers:airflow.providers.celery.executors.celery_executor.CeleryExecutor\n');
  });

  test('the scheduler runs both: it launches task pods from the templates and talks to the broker', () => {
    const objects = both();
    const scheduler = workloadOf(objects, 'scheduler').spec.template.spec;
    expect(scheduler.automountServiceAccountToken).toBe(true);
    expect(scheduler.containers[0].volumeMounts).toContainEqual({ name: 'pod-templates', mountPath: '/opt/airflow/pod_templates', readOnly: true });
    expect(envOf(scheduler.containers[0]).AIRFLOW__CELERY__BROKER_URL).toBeDefined();
    expect(subjects(objects, 'airflow-pod-launcher')).toEqual(['airflow-scheduler']);
    expect(subjects(objects, 'airflow-pod-log-reader')).toEqual(['airflow-api-server']);
  });

  test('task pods get no broker URL: only the scheduler, workers and triggerer talk to Celery', () => {
    const objects = both();
    const pod = taskPodTemplates(objects).find((t) => t.name === 'default')!.pod;
    expect(JSON.stringify(pod)).not.toMatch(/BROKER_URL|REDIS/);
    for (const component of ['scheduler', 'worker', 'triggerer']) expect(envOf(mainContainer(objects, component)).AIRFLOW__CELERY__BROKER_URL).toBeDefined();
  });

  test('KubernetesPodOperator may launch pods from both places tasks run: workers and executor task pods (and the triggerer)', () => {
    const objects = both({ taskPods: { operatorNamespace: 'airflow-tasks', families: [TaskPodPresets.python(), TaskPodFamily.executor({ name: 'highmem', image: 'apache/airflow:3.1.7' })] } });
    expect(subjects(objects, 'airflow-pod-launcher', 'airflow-tasks')).toEqual(['airflow-worker', 'airflow-task', 'airflow-task-highmem', 'airflow-triggerer']);
    expect(subjects(objects, 'airflow-pod-launcher')).toEqual(['airflow-scheduler']);
  });

  test('the two pod-launcher Roles have stable construct ids, for escape hatches: pod-launcher here, operator-pod-launcher in the operator namespace', () => {
    // GIVEN both executors and KubernetesPodOperator in its own namespace
    const chart = new Chart(Testing.app(), 'test', { namespace: 'airflow' });
    const executor: ExecutorList = [new CeleryExecutor(), new KubernetesExecutor()];
    // WHEN the Airflow is built
    const airflow = new Airflow(chart, 'airflow', { executor, taskPods: { operatorNamespace: 'airflow-tasks', families: [TaskPodPresets.python()] } });
    // THEN each id holds the Role of its namespace
    const roleNamespace = (id: string) => (airflow.node.findChild(id) as RoleWithBinding).role.metadata.namespace;
    expect(roleNamespace('pod-launcher')).toBe('airflow');
    expect(roleNamespace('operator-pod-launcher')).toBe('airflow-tasks');
  });

  test('Flower, cleanup of task pods and executor task pod families are accepted when their executor is in the list', () => {
    const objects = synthAirflow({
      executor: [new KubernetesExecutor(), new CeleryExecutor({ flower: true })],
      cleanup: { taskPods: {} },
      taskPods: { families: [TaskPodFamily.executor({ name: 'highmem', image: 'apache/airflow:3.1.7' })] },
    });
    expect(components(objects)).toEqual(expect.arrayContaining(['flower', 'cleanup']));
    expect(ofKind(objects, 'CronJob').map((c) => c.metadata.name)).toEqual(['airflow-cleanup-pods']);
    expect(taskPodTemplates(objects).map((t) => t.name)).toContain('highmem');
  });

  test('task logs kept only in task pods get the KubernetesExecutor warning when Kubernetes is among the executors', () => {
    const warningsOf = (executor: Executor | ExecutorList) => {
      const chart = new Chart(Testing.app(), 'test', { namespace: 'airflow' });
      // Nobody chose where logs go: an explicit TaskLogs.ephemeral() is a decision and warns nothing.
      new Airflow(chart, 'airflow', { executor });
      return collectWarnings(chart).filter((w) => w.includes('KubernetesExecutor task logs'));
    };
    expect(warningsOf([new CeleryExecutor(), new KubernetesExecutor()])).toHaveLength(1);
    expect(warningsOf(new CeleryExecutor())).toHaveLength(0);
  });
});

describe('NetworkPolicies with both executors', () => {
  const policies = () => both({ networkPolicies: { egress: { kubernetesApi: [{ cidr: '10.0.0.1/32', ports: [443] }] } } });
  const policy = (objects: K8sObject[], component: string) => find(objects, 'NetworkPolicy', `airflow-${component}`).spec;
  const peers = (rule: any) => rule.from?.[0]?.podSelector?.matchExpressions?.[0]?.values ?? rule.to?.[0]?.podSelector?.matchExpressions?.[0]?.values;

  test('workers and task pods both run task code: both keep open egress', () => {
    const objects = policies();
    for (const component of ['worker', 'task']) expect(policy(objects, component).egress).toContainEqual({});
  });

  test('Redis admits the broker clients, never task pods; the api-server fetches logs from workers', () => {
    const objects = policies();
    expect(peers(policy(objects, 'redis').ingress[0])).toEqual(['scheduler', 'triggerer', 'worker']);
    expect(policy(objects, 'worker').ingress.map(peers)).toContainEqual(['api-server']);
  });

  test('with KubernetesPodOperator families, workers and executor task pods may both reach the Kubernetes API', () => {
    const objects = both({
      taskPods: { families: [TaskPodPresets.python()] },
      networkPolicies: { taskEgress: [{ cidr: '10.30.0.0/16', ports: [443] }], egress: { kubernetesApi: [{ cidr: '10.0.0.1/32', ports: [443] }] } },
    });
    const toApi = { to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ port: 443, protocol: 'TCP' }] };
    for (const component of ['worker', 'task', 'triggerer', 'scheduler']) expect({ component, egress: policy(objects, component).egress }).toEqual({ component, egress: expect.arrayContaining([toApi]) });
  });

  test('task pods reach the execution API like the workers do, and (Airflow 3) never the database', () => {
    const objects = policies();
    expect(peers(policy(objects, 'postgresql').ingress[0])).toContain('worker');
    expect(peers(policy(objects, 'postgresql').ingress[0])).not.toContain('task');
    expect(peers(policy(objects, 'api-server').ingress.find((r: any) => peers(r)?.includes('scheduler')))).toEqual(expect.arrayContaining(['task', 'worker']));
  });
});
