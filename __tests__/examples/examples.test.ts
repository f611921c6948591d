/**
 * Our examples as fixtures, independent of `main.ts`: the example app (the four deployments and
 * their Argo CD Applications) and the README's examples pass the checks every app must pass, and
 * each example keeps what it is there to show.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { airflowWithAdditions } from '../../examples';
import { exampleDags } from '../../examples/example-dags';
import { buildApp as buildOwnApp } from '../../examples/own-airflow';
import { synthApp, synthExamples } from '../support/app';
import { describeAppChecks } from '../support/app-checks';
import { K8sObject, allContainers, components, familyTemplates, ofKind, taskPodTemplates, workloadOf } from '../support/chart';
import { validateK8sObject } from '../support/schema';

const ARGOCD_APPS = 'argocd-apps/argocd-apps.k8s.yaml';
const examples = synthExamples();
const deployments = Object.keys(examples).filter((f) => f !== ARGOCD_APPS);

describe('example app', () => {
  describeAppChecks(examples);

  test('writes one folder per chart: the four deployments and the Argo CD Applications', () => {
    expect(Object.keys(examples).sort()).toEqual([
      'airflow-celery/airflow-celery.k8s.yaml',
      'airflow-kubernetes/airflow-kubernetes.k8s.yaml',
      'airflow-migration/airflow-migration.k8s.yaml',
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

describe('own-airflow example (the main.ts of README "Use it for your own Airflow")', () => {
  const files = synthApp(buildOwnApp);
  const objects = files['analytics/analytics.k8s.yaml'];

  describeAppChecks(files);

  test('is one KubernetesExecutor deployment with an external database, git-sync and Spark and Python task pods', () => {
    expect(Object.keys(files)).toEqual(['analytics/analytics.k8s.yaml']);
    expect(components(objects)).not.toContain('postgresql');
    expect(components(objects)).not.toContain('worker');
    expect(taskPodTemplates(objects).map((t) => t.name).sort()).toEqual(['default', 'python', 'spark', 'spark-driver', 'spark-executor']);
    const defaultPod = taskPodTemplates(objects).find((t) => t.name === 'default')!.pod;
    expect(defaultPod.spec.initContainers.map((c: any) => c.name)).toEqual(['git-sync-init']);
  });

  test('whoever touches task logs runs as the IAM role of the log bucket', () => {
    const annotated = ofKind(objects, 'ServiceAccount').filter((sa) => sa.metadata.annotations?.['eks.amazonaws.com/role-arn']).map((sa) => sa.metadata.name);
    expect(annotated.sort()).toEqual(['analytics-api-server', 'analytics-dag-processor', 'analytics-scheduler', 'analytics-task', 'analytics-triggerer']);
  });
});

describe('extensions example (README "Beyond the props")', () => {
  const chart = new Chart(Testing.app(), 'extended', { namespace: 'airflow' });
  airflowWithAdditions(chart);
  const objects = Testing.synth(chart) as K8sObject[];

  test('validates, and the scheduler has the sidecar, the env, the volume and the patch', () => {
    expect(objects.flatMap((o) => validateK8sObject(o))).toEqual([]);
    const spec = workloadOf(objects, 'scheduler').spec.template.spec;
    expect(spec.containers.map((c: any) => c.name)).toEqual(['scheduler', 'cloud-sql-proxy']);
    expect(spec.containers[0].env.map((e: any) => e.name)).toEqual(expect.arrayContaining(['AWS_REGION', 'AIRFLOW__SMTP__SMTP_PASSWORD']));
    expect(spec.volumes.map((v: any) => v.name)).toContain('corporate-ca');
    expect(spec.hostAliases).toEqual([{ ip: '10.0.0.10', hostnames: ['metadata.internal'] }]);
  });
});

test('production: the secret bootstrap Job may reach the API server\'s endpoints on 6443, not only the kubernetes Service ClusterIP', () => {
  const policy = ofKind(examples['airflow-production/airflow-production.k8s.yaml'], 'NetworkPolicy').find((p) => p.metadata.name === 'airflow-secret-bootstrap')!;
  const ipRules = policy.spec.egress.filter((r: any) => r.to?.[0]?.ipBlock);
  const ports = ipRules.flatMap((r: any) => r.ports.map((p: any) => p.port));
  expect(ports).toContain(6443);
  expect(ipRules.length).toBeGreaterThan(1);
});

describe('example DAGs', () => {
  const dags = exampleDags();

  test('a Bash, a Python and a KubernetesPodOperator DAG, written for Airflow 3 (airflow.sdk, provider operators)', () => {
    expect(Object.keys(dags)).toEqual(['example_bash.py', 'example_kubernetes_pod.py', 'example_python.py']);
    const text = Object.values(dags).join('\n');
    expect(text).toContain('from airflow.providers.standard.operators.bash import BashOperator');
    expect(text).toContain('from airflow.providers.standard.operators.python import PythonOperator');
    expect(text).toContain('from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator');
    for (const [file, source] of Object.entries(dags)) {
      expect({ file, sdk: source.includes('from airflow.sdk import') }).toEqual({ file, sdk: true });
      // Airflow 2 import paths, removed or deprecated in Airflow 3
      expect({ file, old: source.match(/airflow\.operators\.|airflow\.models\.dag|from airflow import DAG|airflow\.decorators/g) }).toEqual({ file, old: null });
    }
  });

  test('every DAG file is valid Python', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dags-'));
    for (const [file, source] of Object.entries(dags)) fs.writeFileSync(path.join(dir, file), source);
    expect(() => execFileSync('python3', ['-m', 'py_compile', ...Object.keys(dags).map((f) => path.join(dir, f))], { stdio: 'pipe' })).not.toThrow();
  });

  test.each(['airflow-celery/airflow-celery.k8s.yaml', 'airflow-kubernetes/airflow-kubernetes.k8s.yaml', 'airflow-migration/airflow-migration.k8s.yaml'])('%s ships them, and the pod template the KubernetesPodOperator DAG names exists', (file) => {
    const objects = examples[file];
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-dags'))!;
    for (const [name, source] of Object.entries(dags)) expect(configMap.data[name]).toBe(source);
    const templatePath = /pod_template_file="([^"]+)"/.exec(dags['example_kubernetes_pod.py'])![1];
    const index = JSON.parse(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-pod-templates'))!.data['index.json']);
    expect(index.families.map((f: any) => f.path)).toContain(templatePath);
  });
});
