import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../../examples';
import { synthesizeInto } from '../../lib/synth/synthesize';
import {
  SAFE_MERMAID_ID, buildOutputReport, readManifests, renderMermaid, renderReportJson, renderReportMarkdown, reportJson,
} from '../../lib/report';
import { synthExamples } from '../support/app';
import { manifest } from './support';

const examples = synthExamples();
const manifests = () => Object.entries(examples).map(([file, objects]) => manifest(file, objects));
const markdown = renderReportMarkdown(buildOutputReport(manifests()));

/** Mermaid blocks of a Markdown text. */
function mermaidBlocks(text: string): string[] {
  return [...text.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]);
}

/** Declared node ids and edges of a Mermaid flowchart; fails on any line it does not understand. */
function parseFlowchart(block: string): { nodes: Set<string>; groups: Set<string>; edges: Array<[string, string]> } {
  const nodes = new Set<string>();
  const groups = new Set<string>();
  const edges: Array<[string, string]> = [];
  const [header, ...lines] = block.split('\n');
  expect(header).toBe('flowchart LR');
  for (const line of lines) {
    const node = /^\s+(\S+?)(\[\(|\(\[|\[\/|\[)"[^"]*"(\)\]|\]\)|\/\]|\])$/.exec(line);
    const group = /^\s+subgraph (\S+?)\["[^"]*"\]$/.exec(line);
    const edge = /^\s+(\S+) -->\|[^|]+\| (\S+)$/.exec(line);
    if (node) nodes.add(node[1]);
    else if (group) groups.add(group[1]);
    else if (edge) edges.push([edge[1], edge[2]]);
    else if (line.trim() !== 'end') throw new Error(`unexpected Mermaid line: ${line}`);
  }
  return { nodes, groups, edges };
}

describe('REPORT.md of the example deployments', () => {
  test('has the summary with the always-on footprint of each example', () => {
    expect(markdown).toContain('| `airflow-celery/airflow-celery.k8s.yaml` | CeleryExecutor | 7 | 1380m | 4512Mi | none / 9856Mi | 8Gi |');
    expect(markdown).toContain('| `airflow-kubernetes/airflow-kubernetes.k8s.yaml` | KubernetesExecutor | 5 | 820m | 2880Mi | none / 6400Mi | 8Gi |');
  });

  test('has one Mermaid flowchart per deployment, with safe ids and every edge between declared nodes', () => {
    const blocks = mermaidBlocks(markdown);
    expect(blocks).toHaveLength(4);
    for (const block of blocks) {
      const { nodes, groups, edges } = parseFlowchart(block);
      for (const id of [...nodes, ...groups]) expect(id).toMatch(SAFE_MERMAID_ID);
      for (const [from, to] of edges) {
        expect(nodes).toContain(from);
        expect(nodes).toContain(to);
      }
      expect(edges.length).toBeGreaterThan(0);
    }
  });

  test('draws only connections the manifests state', () => {
    const [celery, kubernetes] = mermaidBlocks(markdown).map(parseFlowchart);
    const pairs = (g: ReturnType<typeof parseFlowchart>) => g.edges.map(([a, b]) => `${a} -> ${b}`);
    expect(pairs(kubernetes)).toEqual([
      'svc_airflow_kubernetes_api_server -> wl_Deployment_airflow_kubernetes_api_server',
      'svc_airflow_kubernetes_postgresql -> wl_StatefulSet_airflow_kubernetes_postgresql',
      'wl_Deployment_airflow_kubernetes_api_server -> svc_airflow_kubernetes_postgresql',
      'wl_Deployment_airflow_kubernetes_dag_processor -> svc_airflow_kubernetes_postgresql',
      'wl_Deployment_airflow_kubernetes_scheduler -> svc_airflow_kubernetes_postgresql',
      'wl_Deployment_airflow_kubernetes_scheduler -> tpl_airflow_kubernetes_pod_templates_default',
      'wl_Deployment_airflow_kubernetes_scheduler -> tpl_airflow_kubernetes_pod_templates_highmem',
      'wl_Deployment_airflow_kubernetes_triggerer -> svc_airflow_kubernetes_postgresql',
      'wl_Deployment_airflow_kubernetes_triggerer -> tpl_airflow_kubernetes_pod_templates_hadoop',
      'wl_Deployment_airflow_kubernetes_triggerer -> tpl_airflow_kubernetes_pod_templates_python',
      'wl_Deployment_airflow_kubernetes_triggerer -> tpl_airflow_kubernetes_pod_templates_spark',
    ]);
    // Celery: the scheduler launches nothing; workers and the triggerer start operator templates; the worker talks to Redis.
    expect(pairs(celery).filter((e) => e.includes('tpl_') && e.includes('scheduler'))).toEqual([]);
    expect(pairs(celery)).toContain('wl_Deployment_airflow_celery_worker -> tpl_airflow_celery_pod_templates_spark');
    expect(pairs(celery)).toContain('wl_Deployment_airflow_celery_worker -> svc_airflow_celery_redis');
  });

  test('compares the executors: footprint side by side and the objects switching adds or removes', () => {
    expect(markdown).toContain('| always-on pods | 7 | 5 | -2 |');
    expect(markdown).toContain('| CPU requests | 1380m | 820m | -560m |');
    expect(markdown).toContain('| memory requests | 4512Mi | 2880Mi | -1632Mi |');
    expect(markdown).toContain('| removed | StatefulSet | redis | `airflow-celery-redis` | - |  |');
    expect(markdown).toContain('| removed | Deployment | worker | `airflow-celery-worker` | - |  |');
    expect(markdown).toContain('| removed | StatefulSet | redis | `airflow-celery-redis` | - |  |');
  });

  test('a deployment running both executors says so, and shows both paths in its topology', () => {
    expect(markdown).toContain('| `airflow-migration/airflow-migration.k8s.yaml` | CeleryExecutor + KubernetesExecutor | 7 | 1380m | 4512Mi | none / 9856Mi | 8Gi |');
    expect(markdown).toContain('Executors: **CeleryExecutor** (default), **KubernetesExecutor** · instance `airflow-migration`');
    const both = parseFlowchart(mermaidBlocks(markdown)[2]);
    const pairs = both.edges.map(([a, b]) => `${a} -> ${b}`);
    // The Kubernetes path: the scheduler starts executor task pods; the Celery path: workers take tasks from Redis.
    expect(pairs).toContain('wl_Deployment_airflow_migration_scheduler -> tpl_airflow_migration_pod_templates_default');
    expect(pairs).toContain('wl_Deployment_airflow_migration_worker -> svc_airflow_migration_redis');
    expect(pairs).toContain('wl_Deployment_airflow_migration_scheduler -> svc_airflow_migration_redis');
  });

  test('the comparison still pairs the single-executor deployments, and walks the move through the one running both', () => {
    expect(markdown).toContain('Compares `airflow-celery/airflow-celery.k8s.yaml` (CeleryExecutor) with `airflow-kubernetes/airflow-kubernetes.k8s.yaml` (KubernetesExecutor).');
    expect(markdown).toContain('### Step by step: both executors in `airflow-migration/airflow-migration.k8s.yaml`');
    expect(markdown).toContain('| always-on pods | 7 | 7 | 5 |');
    // Step 1 adds what KubernetesExecutor needs; step 2 removes what only Celery needed.
    expect(markdown).toContain('| added | Role | pod-log-reader | - | `airflow-migration-pod-log-reader` |  |');
    expect(markdown).toContain('| removed | StatefulSet | redis | `airflow-migration-redis` | - |  |');
    expect(markdown).toContain('| removed | Deployment | worker | `airflow-migration-worker` | - |  |');
    expect(reportJson(buildOutputReport(manifests())).deployments.find((d) => d.file === 'airflow-migration/airflow-migration.k8s.yaml')?.executors).toEqual(['CeleryExecutor', 'KubernetesExecutor']);
  });

  test('calls out objects that keep data when they are removed', () => {
    const objects = manifests();
    // A Celery side whose Redis keeps its data in a volumeClaimTemplate.
    const celery = objects[0].objects.map((o) =>
      o.kind === 'StatefulSet' && (o.metadata as any).name === 'airflow-celery-redis'
        ? { ...o, spec: { ...(o.spec as object), volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '1Gi' } } } }] } }
        : o,
    );
    const text = renderReportMarkdown(buildOutputReport([manifest(objects[0].file, celery), objects[1]]));
    expect(text).toMatch(/\| removed \| StatefulSet \| redis \| `airflow-celery-redis` \| - \| keeps data: .*\|/);
  });

  test('lists the Secrets generated in the cluster that a switch leaves behind, with the command that deletes them', () => {
    // The broker password exists only in the cluster (the bootstrap Job made it): no apply or sync deletes it.
    const leftover = '| removed | Secret | redis | `airflow-celery-redis` | - | generated in the cluster by the secret bootstrap Job, not in dist/: neither kubectl apply nor Argo CD deletes it (`kubectl delete secret airflow-celery-redis`) |';
    expect(markdown).toContain(leftover);
    // Dropping Celery from the deployment running both leaves its broker password too.
    expect(markdown).toContain('| removed | Secret | redis | `airflow-migration-redis` | - | generated in the cluster by the secret bootstrap Job, not in dist/: neither kubectl apply nor Argo CD deletes it (`kubectl delete secret airflow-migration-redis`) |');
    // Secrets both sides generate (fernet key, passwords, ...) are no change.
    expect(markdown).not.toMatch(/\| Secret \| fernet-key \|/);
  });

  test('is deterministic: the same for two renders and for objects in any order', () => {
    const shuffled = manifests().reverse().map((m) => manifest(m.file, [...m.objects].reverse()));
    expect(renderReportMarkdown(buildOutputReport(manifests()))).toBe(markdown);
    expect(renderReportMarkdown(buildOutputReport(shuffled))).toBe(markdown);
    expect(renderReportJson(buildOutputReport(shuffled))).toBe(renderReportJson(buildOutputReport(manifests())));
  });

  test('contains no date and no path of this machine', () => {
    expect(markdown).not.toContain(process.cwd());
    expect(markdown).not.toContain(os.tmpdir());
    expect(markdown).not.toMatch(/20\d\d-\d\d-\d\d/);
  });

  test('skips files that are not Airflow deployments, and says so', () => {
    const apps = manifest('argocd-apps/argocd-apps.k8s.yaml', [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'airflow-celery' }, spec: {} }]);
    const report = buildOutputReport([...manifests(), apps]);
    expect(report.deployments.map((d) => d.file)).toEqual(['airflow-celery/airflow-celery.k8s.yaml', 'airflow-kubernetes/airflow-kubernetes.k8s.yaml', 'airflow-migration/airflow-migration.k8s.yaml', 'airflow-production/airflow-production.k8s.yaml']);
    expect(renderReportMarkdown(report)).toContain('- `argocd-apps/argocd-apps.k8s.yaml`: not an Airflow deployment (Application), left out of this report.');
  });

  test('is written into the synthesized folder next to the manifests it describes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
    synthesizeInto(dir, buildExampleApp);
    expect(fs.readdirSync(dir)).toContain('REPORT.md');
    expect(fs.readFileSync(path.join(dir, 'REPORT.md'), 'utf8')).toBe(renderReportMarkdown(buildOutputReport(readManifests(dir))));
  });
});

describe('renderMermaid', () => {
  test('refuses an edge to an undeclared node and an unsafe id', () => {
    const node = { id: 'wl_a', lines: ['a'], shape: 'workload' as const };
    expect(() => renderMermaid({ groups: [], nodes: [node], edges: [{ from: 'wl_a', to: 'svc_b', label: 'env' }] })).toThrow('refers to an undeclared node');
    expect(() => renderMermaid({ groups: [], nodes: [{ ...node, id: 'a-b' }], edges: [] })).toThrow('unsafe Mermaid id: a-b');
  });

  test('escapes quotes and angle brackets in labels', () => {
    const text = renderMermaid({ groups: [], nodes: [{ id: 'n', lines: ['say "hi" <b>'], shape: 'service' }], edges: [] });
    expect(text).toBe('flowchart LR\n  n(["say #quot;hi#quot; #lt;b#gt;"])');
  });
});

describe('JSON report', () => {
  test('per deployment: always-on pods, CPU and memory as numbers and display strings, storage, images', () => {
    const json = reportJson(buildOutputReport(manifests()));
    expect(json.skipped).toEqual(['argocd-apps/argocd-apps.k8s.yaml']);
    const [celery, kubernetes] = json.deployments;
    expect(kubernetes).toMatchObject({
      file: 'airflow-kubernetes/airflow-kubernetes.k8s.yaml',
      executor: 'KubernetesExecutor',
      alwaysOnPods: 5,
      cpuRequests: { millicores: 820, display: '820m' },
      memoryRequests: { mebibytes: 2880, display: '2880Mi' },
      cpuLimits: null,
      memoryLimits: { mebibytes: 6400, display: '6400Mi' },
      storage: { mebibytes: 8192, display: '8Gi', claims: [{ owner: 'StatefulSet/airflow-kubernetes-postgresql', claim: 'data', count: 1, storageClass: null }] },
    });
    expect(celery).toMatchObject({ alwaysOnPods: 7, cpuRequests: { millicores: 1380 }, memoryRequests: { mebibytes: 4512 } });
    expect(kubernetes.images.map((i) => `${i.repository}:${i.tag}`)).toEqual([
      'apache/airflow:3.3.2',
      'apache/hadoop:3.4.1',
      'apache/spark:3.5.5',
      'postgres:17.5',
      'python:3.12.8-slim-bookworm',
    ]);
    expect(kubernetes.workloads.map((w) => [w.component, w.pods, w.perPod.cpuRequests?.millicores])).toEqual([
      ['api-server', 1, 250], ['dag-processor', 1, 110], ['scheduler', 1, 250], ['triggerer', 1, 110], ['postgresql', 1, 100],
    ]);
    expect(kubernetes.taskPodTemplates.map((t) => [t.name, t.kind, t.cpuRequests?.millicores])).toEqual([
      ['default', 'executor default', 100],
      ['hadoop', 'operator', 200],
      ['highmem', 'executor', 500],
      ['python', 'operator', 100],
      ['spark', 'operator', 200],
      ['driver-pod-template', 'spark driver', 0],
      ['executor-pod-template', 'spark executor', 0],
    ]);
    expect(kubernetes.taskPodTemplates[0]).toMatchObject({ path: '/opt/airflow/pod_templates/default.yaml', cpuRequests: { millicores: 100, display: '100m' } });
    expect(JSON.parse(renderReportJson(buildOutputReport(manifests())))).toEqual(json);
  });
});
