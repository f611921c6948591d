import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildDefaultApp } from '../../examples/default-app';
import { exampleDags } from '../../examples/example-dags';
import { synthExamples } from '../support/app';
import { allContainers, familyTemplates, ofKind, taskPodTemplates } from '../support/chart';
import { validateK8sObject } from '../support/schema';

const examples = synthExamples();
const ARGOCD_APPS = 'argocd-apps.k8s.yaml';
/** The Airflow deployments: every file but the Argo CD Applications, which hold no pods. */
const deployments = Object.keys(examples).filter((f) => f !== ARGOCD_APPS);

describe.each(Object.keys(examples))('example %s', (file) => {
  const objects = examples[file];

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every object validates against the Kubernetes schema, unknown fields rejected', () => {
    const problems = objects.flatMap((o) => validateK8sObject(o));
    expect(problems).toEqual([]);
  });

  test('no field is null, in objects or in task pod templates (an unset field is left out)', () => {
    const nulls = (value: unknown, where: string): string[] => {
      if (value === null) return [where];
      if (typeof value !== 'object') return [];
      return Object.entries(value as object).flatMap(([key, child]) => nulls(child, `${where}.${key}`));
    };
    const found = [
      ...objects.flatMap((o) => nulls(o, `${o.kind}/${o.metadata.name}`)),
      ...taskPodTemplates(objects).flatMap(({ name, pod }) => nulls(pod, `pod template ${name}`)),
    ];
    expect(found).toEqual([]);
  });
});

test('the pod checks below run over the four Airflow deployments', () => {
  expect([...deployments].sort()).toEqual(['airflow-celery.k8s.yaml', 'airflow-kubernetes.k8s.yaml', 'airflow-migration.k8s.yaml', 'airflow-production.k8s.yaml']);
});

describe.each(deployments)('deployment %s', (file) => {
  const objects = examples[file];
  const containers = allContainers(objects);

  test('the checks see workloads, task pod families and Spark\'s driver and executor templates', () => {
    expect(containers.filter(({ where }) => !where.startsWith('pod template ')).length).toBeGreaterThan(0);
    expect(familyTemplates(objects).length).toBeGreaterThan(0);
    expect(containers.filter(({ sparkTemplate }) => sparkTemplate).map(({ where }) => where)).toEqual([
      'pod template spark-driver/spark-kubernetes-driver',
      'pod template spark-executor/spark-kubernetes-executor',
    ]);
  });

  test('every container, in workloads and task pod templates, has a restricted security context of its own', () => {
    const problems = containers.flatMap(({ where, container, pod }) => {
      const sc = container.securityContext ?? {};
      const issues = [
        sc.allowPrivilegeEscalation !== false && 'privilege escalation allowed',
        sc.runAsNonRoot !== true && 'may run as root',
        sc.readOnlyRootFilesystem !== true && 'writable root filesystem',
        JSON.stringify(sc.capabilities) !== JSON.stringify({ drop: ['ALL'] }) && 'capabilities not dropped',
        // On the container too, not only inherited from the pod: each container passes "restricted" on its own.
        JSON.stringify(sc.seccompProfile) !== JSON.stringify({ type: 'RuntimeDefault' }) && 'no RuntimeDefault seccomp on the container',
        JSON.stringify(pod.securityContext?.seccompProfile) !== JSON.stringify({ type: 'RuntimeDefault' }) && 'no RuntimeDefault seccomp on the pod',
        pod.securityContext?.runAsNonRoot !== true && 'pod may run as root',
      ].filter(Boolean);
      return issues.map((issue) => `${where}: ${issue}`);
    });
    expect(problems).toEqual([]);
  });

  test('every container has CPU and memory requests and a memory limit; Spark sizes its driver and executors', () => {
    const problems = containers
      .filter(({ sparkTemplate }) => !sparkTemplate)
      .flatMap(({ where, container }) => {
        const issues = [
          container.resources?.requests?.cpu === undefined && 'no CPU request',
          container.resources?.requests?.memory === undefined && 'no memory request',
          container.resources?.limits?.memory === undefined && 'no memory limit',
        ].filter(Boolean);
        return issues.map((issue) => `${where}: ${issue}`);
      });
    expect(problems).toEqual([]);
    // Spark sets the requests and the memory limit of the pods it launches from these settings.
    const sparkConfig = ofKind(objects, 'ConfigMap').find((c) => c.metadata.labels['app.kubernetes.io/component'] === 'spark')!;
    const sparkDefaults: string = sparkConfig.data['spark-defaults.conf'];
    for (const setting of ['spark.driver.memory', 'spark.executor.memory', 'spark.kubernetes.driver.request.cores', 'spark.kubernetes.executor.request.cores']) {
      expect(sparkDefaults).toMatch(new RegExp(`^${setting.replace(/\./g, '\\.')} \\S+$`, 'm'));
    }
  });

  test('every task pod template, Spark\'s included, validates as a Pod', () => {
    const templates = taskPodTemplates(objects);
    expect(templates.map((t) => t.name)).toEqual(expect.arrayContaining(['spark-driver', 'spark-executor']));
    const problems = templates.flatMap(({ pod }) => validateK8sObject(pod));
    expect(problems).toEqual([]);
  });
});

test('argocd-apps holds one Application per deployment, each reading only its own file', () => {
  const apps = examples[ARGOCD_APPS];
  expect(apps.map((a) => a.kind)).toEqual(deployments.map(() => 'Application'));
  expect(apps.map((a) => a.spec.source.directory.include).sort()).toEqual([...deployments].sort());
  for (const app of apps) expect(app.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
});

test('production: the secret bootstrap Job may reach the API server\'s endpoints on 6443, not only the kubernetes Service ClusterIP', () => {
  const policy = ofKind(examples['airflow-production.k8s.yaml'], 'NetworkPolicy').find((p) => p.metadata.name === 'airflow-secret-bootstrap')!;
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

  test.each(['airflow-celery.k8s.yaml', 'airflow-kubernetes.k8s.yaml'])('%s ships them, and the pod template the KubernetesPodOperator DAG names exists', (file) => {
    const objects = examples[file];
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-dags'))!;
    for (const [name, source] of Object.entries(dags)) expect(configMap.data[name]).toBe(source);
    const templatePath = /pod_template_file="([^"]+)"/.exec(dags['example_kubernetes_pod.py'])![1];
    const index = JSON.parse(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-pod-templates'))!.data['index.json']);
    expect(index.families.map((f: any) => f.path)).toContain(templatePath);
  });
});

describe('default app', () => {
  test('writes one file per example deployment', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'default-app-'));
    buildDefaultApp(dir).synth();
    expect(fs.readdirSync(dir).sort()).toEqual(['airflow-celery.k8s.yaml', 'airflow-kubernetes.k8s.yaml', 'airflow-migration.k8s.yaml', 'airflow-production.k8s.yaml', 'argocd-apps.k8s.yaml']);
  });

  // In one process this sees state that leaks between synths; an ordering that depends on input
  // order is pinned in airflow.test.ts ("the same settings in another insertion order"), and
  // check:dist compares a synth in a fresh process with the committed dist/.
  test('two synths are byte-identical', () => {
    const synthOnce = () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'determinism-'));
      buildDefaultApp(dir).synth();
      return Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    };
    expect(synthOnce()).toEqual(synthOnce());
  });

  test('the output contains no path of this checkout', () => {
    const text = JSON.stringify(examples);
    expect(text).not.toContain(process.cwd());
  });
});
