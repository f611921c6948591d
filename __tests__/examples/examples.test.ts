/**
 * Our examples as fixtures, independent of `main.ts`: the example app (the three deployments and
 * their Argo CD Applications) passes the checks every app must pass, and each example keeps what
 * it is there to show.
 */
import { synthExamples } from '../support/app';
import { describeAppChecks } from '../support/app-checks';
import { allContainers, familyTemplates, ofKind, taskPodTemplates } from '../support/chart';

const ARGOCD_APPS = 'argocd-apps/argocd-apps.k8s.yaml';
const examples = synthExamples();
const deployments = Object.keys(examples).filter((f) => f !== ARGOCD_APPS);

describe('example app', () => {
  describeAppChecks(examples);

  test('writes one folder per chart: the three deployments and the Argo CD Applications', () => {
    expect(Object.keys(examples).sort()).toEqual([
      'airflow-celery/airflow-celery.k8s.yaml',
      'airflow-kubernetes/airflow-kubernetes.k8s.yaml',
      'airflow-production/airflow-production.k8s.yaml',
      ARGOCD_APPS,
    ]);
  });

  test('argocd-apps holds one Application per deployment, each reading only its own folder and file', () => {
    const apps = examples[ARGOCD_APPS];
    expect(apps.map((a) => a.kind)).toEqual(deployments.map(() => 'Application'));
    expect(apps.map((a) => `${a.spec.source.path.replace(/^dist\//, '')}/${a.spec.source.directory.include}`).sort()).toEqual([...deployments].sort());
    for (const app of apps) expect(app.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
  });
});

describe.each(deployments)('example deployment %s', (file) => {
  const objects = examples[file];

  test('the pod checks see workloads, task pod families and Spark\'s driver and executor templates', () => {
    const containers = allContainers(objects);
    expect(containers.filter(({ where }) => !where.startsWith('pod template ')).length).toBeGreaterThan(0);
    expect(familyTemplates(objects).length).toBeGreaterThan(0);
    expect(taskPodTemplates(objects).map((t) => t.name)).toEqual(expect.arrayContaining(['spark-driver', 'spark-executor']));
    expect(containers.filter(({ sparkTemplate }) => sparkTemplate).map(({ where }) => where)).toEqual([
      'pod template spark-driver/spark-kubernetes-driver',
      'pod template spark-executor/spark-kubernetes-executor',
    ]);
  });

  test('Spark sizes its driver and executors in spark-defaults.conf', () => {
    // Spark sets the requests and the memory limit of the pods it launches from these settings.
    const sparkConfig = ofKind(objects, 'ConfigMap').find((c) => c.metadata.labels['app.kubernetes.io/component'] === 'spark')!;
    const sparkDefaults: string = sparkConfig.data['spark-defaults.conf'];
    for (const setting of ['spark.driver.memory', 'spark.executor.memory', 'spark.kubernetes.driver.request.cores', 'spark.kubernetes.executor.request.cores']) {
      expect(sparkDefaults).toMatch(new RegExp(`^${setting.replace(/\./g, '\\.')} \\S+$`, 'm'));
    }
  });
});
