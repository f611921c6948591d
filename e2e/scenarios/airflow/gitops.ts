import * as fs from 'fs';
import * as path from 'path';
import type { Cluster } from '../../harness/cluster';
import { AirflowApi } from '../../harness/airflow-api';
import { K8sObject, readObjects } from '../../harness/dist';
import { deployRepository } from '../../harness/git-server';
import { deleteNamespace, tearDownCurrent } from '../../harness/instance';
import type { Scenario } from '../../harness/scenario';
import { Skip } from '../../harness/scenario';
import { runOk } from '../../harness/shell';
import { waitFor } from '../../harness/wait';
import { synthesizeFixture } from '../../fixtures/apps';
import { NAMESPACE } from './instances';

/** The release e2e/build/argocd.sh builds (its ARGOCD_VERSION). */
const VERSION = 'v3.6.1';
const ARGOCD_NAMESPACE = 'argocd';
const CHART = 'airflow-kubernetes';
const WAVE = 'argocd.argoproj.io/sync-wave';
const HOOK = 'argocd.argoproj.io/hook';

class Stop extends Error {}

/**
 * gitops.argocd: the GitOps path of the README. Argo CD's application controller and repo server
 * (built from their Go module by e2e/build/argocd.sh, run on the node like the other node
 * services, with a Redis pod as their cache) sync the committed `dist/airflow-kubernetes/` from a
 * Git repository on the node, through the Application main.ts's `ArgoCdApps` synthesizes (with
 * that repository's URL). Proves: Synced and Healthy without a manual step; the sync-wave order
 * holds (each wave starts only after the earlier waves' hooks completed and their workloads were
 * Ready: the bootstrap Job before PostgreSQL, PostgreSQL before the migration Job, the migration
 * before the Airflow Deployments); the generated password logs in.
 */
export const gitopsArgoCd: Scenario = {
  id: 'gitops.argocd',
  timeoutSeconds: 1800,
  async run(cluster) {
    const cache = process.env.CDK8S_AIRFLOW_E2E_CACHE ?? '/var/cache/cdk8s-airflow-e2e';
    const binary = path.join(cache, 'argocd', VERSION, 'bin', 'argocd');
    if (!fs.existsSync(binary)) {
      const log = path.join(cluster.repoDir, 'build/e2e/logs/steps/argocd.log');
      const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter((l) => l.trim()).slice(-3).join(' | ') : 'not built on this machine';
      throw new Skip(`Argo CD ${VERSION} could not be built from its Go module (bash e2e/build/argocd.sh): ${tail}`);
    }
    const module = path.join(cache, 'go', 'mod', 'github.com', 'argoproj', 'argo-cd', `v3@${VERSION}`);
    await tearDownCurrent(cluster);
    await deleteNamespace(cluster, NAMESPACE);
    const api = new AirflowApi(cluster, NAMESPACE, CHART);
    try {
      await installArgoCd(cluster, binary, module);
      // The user's GitOps repository: the committed dist/ folder of the chart.
      const repo = await deployRepository(cluster, [CHART]);
      const fixtureRoot = path.join(cluster.repoDir, 'build/e2e/fixtures');
      const appFile = synthesizeFixture('argocd-apps', { gitRepo: repo }, fixtureRoot, 'argocd-apps');
      const committed = path.join(cluster.repoDir, 'dist', CHART, `${CHART}.k8s.yaml`);
      if (fs.readFileSync(path.join(fixtureRoot, 'argocd-apps', CHART, `${CHART}.k8s.yaml`), 'utf8') !== fs.readFileSync(committed, 'utf8')) {
        throw new Error(`dist/${CHART} differs from a fresh synth: run npm run synth first`);
      }
      // README: create the namespace (Pod Security restricted), then hand the rest to Argo CD.
      await cluster.namespace(NAMESPACE, 'restricted');
      const started = Date.now();
      await cluster.kubectl(['apply', '-f', appFile]);
      const app = await waitFor('the Application to be Synced and Healthy', async () => {
        const a = await cluster.getJson(['-n', ARGOCD_NAMESPACE, 'application', CHART]);
        const op = a.status?.operationState;
        if (op?.phase === 'Failed' || op?.phase === 'Error') throw new Stop(`sync ${op.phase}: ${op.message}`);
        const sync = a.status?.sync?.status;
        const health = a.status?.health?.status;
        if (sync === 'Synced' && health === 'Healthy' && op?.phase === 'Succeeded') return a;
        const conditions = (a.status?.conditions ?? []).map((c: any) => `${c.type}: ${c.message}`).join('; ');
        throw new Error(`sync ${sync ?? '-'}, health ${health ?? '-'}, operation ${op?.phase ?? '-'} (${op?.message ?? ''})${conditions ? `; ${conditions}` : ''}`);
      }, { timeoutMs: 1_200_000, intervalMs: 5_000, stopOn: Stop });
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      const objects = readObjects(committed);
      const problems = [...missingFromApplication(app, objects), ...(await waveOrderProblems(cluster, objects))];
      if (problems.length) throw new Error(problems.join('; '));
      const password = await api.password();
      await api.login(password);
      const dags = ((await api.call('GET', '/api/v2/dags?limit=100')).dags as any[]).map((d) => d.dag_id).sort();
      const hooks = (app.status.operationState.syncResult.resources as any[]).filter((r) => r.hookType).map((r) => `${r.kind}/${r.name} ${r.hookType} ${r.hookPhase}`);
      return {
        detail: `Argo CD ${VERSION} synced dist/${CHART} from ${repo}: Synced and Healthy ${seconds} s after the Application was applied; hooks ${hooks.join(', ')}; waves ${waveSummary(objects)} in order; logged in, DAGs ${dags.join(', ')}`,
        data: { syncedHealthySeconds: seconds, hooks },
      };
    } finally {
      api.close();
      await tearDownArgoCd(cluster);
      await deleteNamespace(cluster, NAMESPACE);
    }
  },
};

/** Argo CD's CRDs, its settings, the default project, a Redis pod, and the two host processes. */
async function installArgoCd(cluster: Cluster, binary: string, module: string): Promise<void> {
  const crds = path.join(module, 'manifests', 'crds');
  await cluster.kubectl(['apply', '--server-side', '-f', path.join(crds, 'application-crd.yaml'), '-f', path.join(crds, 'appproject-crd.yaml')], { timeoutMs: 120_000 });
  await cluster.kubectl(['wait', '--for=condition=Established', 'crd/applications.argoproj.io', 'crd/appprojects.argoproj.io', '--timeout=60s'], { timeoutMs: 70_000 });
  await cluster.namespace(ARGOCD_NAMESPACE, 'restricted');
  // Argo CD finds its settings by this label.
  const labels = { 'app.kubernetes.io/part-of': 'argocd' };
  const meta = (name: string) => ({ name, namespace: ARGOCD_NAMESPACE, labels });
  await cluster.apply([
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('argocd-cm'), data: {} },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('argocd-rbac-cm'), data: {} },
    { apiVersion: 'v1', kind: 'Secret', metadata: meta('argocd-secret'), type: 'Opaque' },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: meta('default'),
      spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] },
    },
    redisPod(),
  ]);
  await cluster.wait(ARGOCD_NAMESPACE, 'pod/argocd-redis', 'condition=Ready', 180);
  const ip = (await cluster.kubectl(['-n', ARGOCD_NAMESPACE, 'get', 'pod', 'argocd-redis', '-o', 'jsonpath={.status.podIP}'])).trim();
  await runOk('bash', [path.join(cluster.repoDir, 'e2e/cluster/host.sh'), 'argocd', binary, `${ip}:6379`, module], { timeoutMs: 180_000 });
}

/** Argo CD's cache, from the same Redis image the Celery example runs. */
function redisPod(): K8sObject {
  const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'argocd-redis', namespace: ARGOCD_NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'argocd', 'app.kubernetes.io/name': 'argocd-redis' } },
    spec: {
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'redis',
        image: 'redis:7.2.16',
        imagePullPolicy: 'IfNotPresent',
        command: ['redis-server'],
        args: ['--save', '', '--appendonly', 'no', '--protected-mode', 'no'],
        ports: [{ containerPort: 6379, name: 'redis' }],
        readinessProbe: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 2 },
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
        securityContext: restricted,
      }],
    },
  } as K8sObject;
}

async function tearDownArgoCd(cluster: Cluster): Promise<void> {
  // The Application has no deletion finalizer: deleting it leaves the synced objects alone.
  await cluster.kubectlRaw(['-n', ARGOCD_NAMESPACE, 'delete', 'application', CHART, '--ignore-not-found', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
  await runOk('bash', [path.join(cluster.repoDir, 'e2e/cluster/host.sh'), 'argocd-stop'], { timeoutMs: 60_000 }).catch(() => undefined);
  await deleteNamespace(cluster, ARGOCD_NAMESPACE);
}

const key = (o: { kind: string; name?: string; metadata?: { name: string } }) => `${o.kind}/${o.name ?? o.metadata!.name}`;
const waveOf = (o: K8sObject) => Number(o.metadata.annotations?.[WAVE] ?? 0);

/** Every non-hook object of the manifest is a resource of the Application, and Synced. */
function missingFromApplication(app: any, objects: readonly K8sObject[]): string[] {
  const status = new Map<string, string>((app.status.resources ?? []).map((r: any) => [key(r), r.status]));
  const hooks = new Map<string, string>((app.status.operationState.syncResult.resources ?? []).filter((r: any) => r.hookType).map((r: any) => [key(r), r.hookPhase]));
  return objects.flatMap((o) => {
    if (o.metadata.annotations?.[HOOK]) return hooks.get(key(o)) === 'Succeeded' ? [] : [`hook ${key(o)} ${hooks.get(key(o)) ?? 'never ran'}`];
    return status.get(key(o)) === 'Synced' ? [] : [`${key(o)} ${status.get(key(o)) ?? 'not in the Application'}`];
  });
}

/**
 * Argo CD applies a wave only once every earlier wave is healthy: a hook Job has completed, a
 * StatefulSet or Deployment has its pods Ready. Checked on the objects' own timestamps (seconds):
 * nothing of wave w was created before the last earlier-wave object was created, completed or Ready.
 */
async function waveOrderProblems(cluster: Cluster, objects: readonly K8sObject[]): Promise<string[]> {
  const live = new Map<string, any>();
  for (const kinds of ['jobs', 'statefulsets', 'deployments', 'services', 'configmaps', 'serviceaccounts', 'roles', 'rolebindings', 'networkpolicies', 'poddisruptionbudgets']) {
    for (const o of (await cluster.getJson([kinds, '-n', NAMESPACE])).items as any[]) live.set(key(o), o);
  }
  const pods = (await cluster.getJson(['pods', '-n', NAMESPACE])).items as any[];
  const readyAt = (o: any): number => {
    const t = Date.parse(o.metadata.creationTimestamp);
    if (o.kind === 'Job') return Date.parse(o.status?.completionTime ?? o.metadata.creationTimestamp);
    if (o.kind !== 'StatefulSet' && o.kind !== 'Deployment') return t;
    const mine = pods.filter((p) => p.metadata.name.startsWith(`${o.metadata.name}-`) && p.metadata.labels?.['app.kubernetes.io/component'] === o.spec.template.metadata.labels?.['app.kubernetes.io/component']);
    const ready = mine.map((p) => (p.status.conditions ?? []).find((c: any) => c.type === 'Ready' && c.status === 'True')).filter(Boolean);
    return ready.length ? Math.min(...ready.map((c: any) => Date.parse(c.lastTransitionTime))) : Number.POSITIVE_INFINITY;
  };
  const problems: string[] = [];
  const byWave = [...new Set(objects.map(waveOf))].sort((a, b) => a - b);
  for (const wave of byWave) {
    const earlier = objects.filter((o) => waveOf(o) < wave && live.has(key(o)));
    const current = objects.filter((o) => waveOf(o) === wave && live.has(key(o)));
    if (!earlier.length || !current.length) continue;
    const last = earlier.map((o) => ({ o, at: readyAt(live.get(key(o))) })).sort((a, b) => b.at - a.at)[0];
    for (const o of current) {
      const created = Date.parse(live.get(key(o)).metadata.creationTimestamp);
      if (created < last.at) problems.push(`${key(o)} (wave ${wave}) created at ${new Date(created).toISOString()}, before ${key(last.o)} (wave ${waveOf(last.o)}) was done at ${new Date(last.at).toISOString()}`);
    }
  }
  const absent = objects.filter((o) => !live.has(key(o)) && ['Job', 'StatefulSet', 'Deployment'].includes(o.kind));
  if (absent.length) problems.push(`not in the cluster: ${absent.map(key).join(', ')}`);
  return problems;
}

function waveSummary(objects: readonly K8sObject[]): string {
  const waves = new Map<number, string[]>();
  for (const o of objects) if (['Job', 'StatefulSet', 'Deployment'].includes(o.kind)) waves.set(waveOf(o), [...(waves.get(waveOf(o)) ?? []), o.metadata.name.replace(`${CHART}-`, '')]);
  return [...waves.entries()].sort((a, b) => a[0] - b[0]).map(([w, names]) => `${w}: ${names.join(' ')}`).join(' < ');
}
