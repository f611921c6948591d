import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildDefaultApp } from '../../examples/default-app';
import { synthExamples } from '../support/app';
import { allContainers, taskPodTemplates } from '../support/chart';
import { validateK8sObject } from '../support/schema';

const examples = synthExamples();

describe.each(Object.keys(examples))('example %s', (file) => {
  const objects = examples[file];

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every object validates against the Kubernetes schema, unknown fields rejected', () => {
    const problems = objects.flatMap((o) => validateK8sObject(o));
    expect(problems).toEqual([]);
  });

  test('every container has requests, a memory limit and a restricted security context', () => {
    const problems = allContainers(objects).flatMap(({ where, container, pod }) => {
      const sc = container.securityContext ?? {};
      const issues = [
        container.resources?.requests?.cpu === undefined && 'no CPU request',
        container.resources?.requests?.memory === undefined && 'no memory request',
        container.resources?.limits?.memory === undefined && 'no memory limit',
        sc.allowPrivilegeEscalation !== false && 'privilege escalation allowed',
        sc.runAsNonRoot !== true && 'may run as root',
        JSON.stringify(sc.capabilities) !== JSON.stringify({ drop: ['ALL'] }) && 'capabilities not dropped',
        pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault' && 'no RuntimeDefault seccomp',
      ].filter(Boolean);
      return issues.map((issue) => `${where}: ${issue}`);
    });
    expect(problems).toEqual([]);
  });

  test('every task pod template validates as a Pod', () => {
    const problems = taskPodTemplates(objects).flatMap(({ pod }) => validateK8sObject(pod));
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

test('argocd-apps holds one Application per deployment, each reading only its own file', () => {
  const apps = examples['argocd-apps.k8s.yaml'];
  const deployments = Object.keys(examples).filter((f) => f !== 'argocd-apps.k8s.yaml');
  expect(apps.map((a) => a.kind)).toEqual(deployments.map(() => 'Application'));
  expect(apps.map((a) => a.spec.source.directory.include).sort()).toEqual(deployments.sort());
  for (const app of apps) expect(app.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
});

describe('default app', () => {
  test('writes one file per example deployment', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'default-app-'));
    buildDefaultApp(dir).synth();
    expect(fs.readdirSync(dir).sort()).toEqual(['airflow-celery.k8s.yaml', 'airflow-kubernetes.k8s.yaml', 'airflow-production.k8s.yaml', 'argocd-apps.k8s.yaml']);
  });

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
