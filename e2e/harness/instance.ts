import * as fs from 'fs';
import * as path from 'path';
import type { Cluster } from './cluster';
import { AirflowApi } from './airflow-api';
import { K8sObject, readObjects } from './dist';
import { sleep, waitFor } from './wait';

/**
 * One Airflow deployment a group of scenarios shares. The node has 2 CPUs, so only one runs at a
 * time: deploying another first deletes the namespace of the current one and waits until it is
 * gone.
 */
export interface InstanceSpec {
  /** Scenarios naming the same key share one deployment. */
  readonly key: string;
  /** Namespace the manifest deploys into (the examples' `airflow`). */
  readonly namespace: string;
  /** The `instance` prop: object names start with it. */
  readonly instance: string;
  /** Path of the manifest to `kubectl apply -f` (a fixture is synthesized here). */
  manifest(cluster: Cluster): Promise<string>;
  /** What a user creates before applying (e.g. a Secret the manifest names). */
  prepare?(cluster: Cluster): Promise<void>;
}

export interface Deployed {
  readonly spec: InstanceSpec;
  readonly file: string;
  readonly objects: readonly K8sObject[];
  readonly api: AirflowApi;
  /** From the start of `kubectl apply` to every Deployment/StatefulSet Ready and Job Complete. */
  readonly readySeconds: number;
  /** Per workload: seconds from apply until it was Ready/Complete. */
  readonly workloadSeconds: Record<string, number>;
}

let current: Deployed | undefined;

/** The deployment of `spec`, deployed now unless it is the current one (or `fresh` is asked). */
export async function useInstance(cluster: Cluster, spec: InstanceSpec, fresh = false): Promise<Deployed> {
  if (!fresh && current?.spec.key === spec.key) {
    const ns = await cluster.kubectlRaw(['get', 'namespace', spec.namespace, '-o', 'name']);
    if (ns.code === 0) return current;
  }
  await tearDownCurrent(cluster);
  current = await deploy(cluster, spec);
  return current;
}

/** The deployment in place, if any (for scenarios that only observe, such as resources.observed). */
export function currentInstance(): Deployed | undefined {
  return current;
}

/** Deletes the current deployment's namespace (and waits, bounded); frees its volumes. */
export async function tearDownCurrent(cluster: Cluster): Promise<void> {
  if (!current) return;
  const ns = current.spec.namespace;
  current.api.close();
  current = undefined;
  await deleteNamespace(cluster, ns);
}

/**
 * Deletes a namespace and waits until it is gone (bounded), then makes the volumes its claims
 * had bound Available again (their folders emptied): the e2e PersistentVolumes are `Retain`.
 */
export async function deleteNamespace(cluster: Cluster, ns: string): Promise<void> {
  const exists = await cluster.kubectlRaw(['get', 'namespace', ns, '-o', 'name']);
  if (exists.code !== 0) return;
  // Pods first, then the namespace. Deleted together, every pod gets SIGTERM at once, so a Celery
  // worker may find Redis gone and sit out its whole grace period (10 min) in its warm shutdown;
  // and a namespace whose content outlives the first deletion attempts is retried by the
  // namespace controller with a growing back-off (minutes) after the content is gone. Tearing
  // down between scenarios is not under test: pods still there after 2 minutes are removed at once.
  const workloads = await cluster.kubectlRaw(['delete', 'deployments,statefulsets,jobs,pods', '--all', '-n', ns, '--wait=true', '--timeout=120s'], { timeoutMs: 140_000 });
  if (workloads.code !== 0) {
    await cluster.kubectlRaw(['delete', 'pods', '--all', '-n', ns, '--grace-period=0', '--force', '--wait=false'], { timeoutMs: 60_000 });
  }
  const r = await cluster.kubectlRaw(['delete', 'namespace', ns, '--wait=true', '--timeout=120s'], { timeoutMs: 140_000 });
  if (r.code !== 0) await finalizeEmptyNamespace(cluster, ns, r.stderr.trim());
  await recycleVolumes(cluster, ns);
}

/**
 * The namespace controller retries a namespace whose content took long to go with a back-off of
 * up to 16 minutes, even once nothing is left. When the namespace itself reports its content
 * removed, finish the deletion through the `finalize` subresource, as the controller would.
 */
async function finalizeEmptyNamespace(cluster: Cluster, ns: string, why: string): Promise<void> {
  const got = await cluster.kubectlRaw(['get', 'namespace', ns, '-o', 'json']);
  if (got.code !== 0) return;
  const namespace = JSON.parse(got.stdout);
  const remaining = (namespace.status?.conditions ?? []).find((c: any) => c.type === 'NamespaceContentRemaining');
  if (remaining?.status !== 'False') throw new Error(`deleting namespace ${ns}: ${why}; ${remaining?.message ?? 'content remains'}`);
  namespace.spec.finalizers = [];
  await cluster.kubectl(['replace', '--raw', `/api/v1/namespaces/${ns}/finalize`, '-f', '-'], { input: JSON.stringify(namespace) });
  await cluster.kubectl(['wait', '--for=delete', `namespace/${ns}`, '--timeout=60s'], { timeoutMs: 70_000 });
}

async function recycleVolumes(cluster: Cluster, ns: string): Promise<void> {
  const pvs = (await cluster.getJson(['pv'])).items as any[];
  for (const pv of pvs) {
    if (pv.status?.phase !== 'Released' || pv.spec?.claimRef?.namespace !== ns) continue;
    const dir = pv.spec?.local?.path as string | undefined;
    // Only the harness's own volumes, below the cluster's state folder.
    if (!dir || !path.resolve(dir).startsWith(path.join(cluster.facts.stateDir, 'volumes') + path.sep)) continue;
    for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    await cluster.kubectl(['patch', 'pv', pv.metadata.name, '--type=json', '-p', '[{"op":"remove","path":"/spec/claimRef"}]']);
  }
}

async function deploy(cluster: Cluster, spec: InstanceSpec): Promise<Deployed> {
  const file = await spec.manifest(cluster);
  const objects = readObjects(file);
  // A clean namespace enforcing Pod Security `restricted` (the README: kubectl create namespace airflow).
  await deleteNamespace(cluster, spec.namespace);
  await cluster.namespace(spec.namespace, 'restricted');
  if (spec.prepare) await spec.prepare(cluster);
  const started = Date.now();
  // Exactly as the README tells users: client-side `kubectl apply -f <file>`.
  await cluster.kubectl(['apply', '-f', file], { timeoutMs: 180_000 });
  const workloadSeconds = await waitReady(cluster, spec.namespace, objects, started, 900);
  const readySeconds = Math.round((Date.now() - started) / 100) / 10;
  return { spec, file, objects, api: new AirflowApi(cluster, spec.namespace, spec.instance), readySeconds, workloadSeconds };
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'Job']);

export function workloadsOf(objects: readonly K8sObject[]): K8sObject[] {
  return objects.filter((o) => WORKLOAD_KINDS.has(o.kind) && /^(apps|batch)\/v1$/.test(o.apiVersion));
}

class Stop extends Error {}

/**
 * Waits (bounded) until every Deployment and StatefulSet of the file is Ready and every Job
 * Complete; returns when each became so, in seconds from `started`. A failed Job stops the wait.
 */
export async function waitReady(cluster: Cluster, ns: string, objects: readonly K8sObject[], started: number, timeoutSeconds: number): Promise<Record<string, number>> {
  const wanted = workloadsOf(objects).map((o) => `${o.kind}/${o.metadata.name}`);
  const seen: Record<string, number> = {};
  await waitFor('every Deployment and StatefulSet Ready and every Job Complete', async () => {
    const items = (await cluster.getJson(['deployments,statefulsets,jobs', '-n', ns])).items as any[];
    const byName = new Map(items.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
    const pending: string[] = [];
    for (const key of wanted) {
      if (seen[key] !== undefined) continue;
      const o = byName.get(key);
      const ready = o && (o.kind === 'Job' ? jobComplete(o) : workloadReady(o));
      if (o?.kind === 'Job' && jobFailed(o)) throw new Stop(`${key} failed: ${jobFailed(o)}; ${await podProblems(cluster, ns)}`);
      if (ready) seen[key] = Math.round((Date.now() - started) / 100) / 10;
      else pending.push(key);
    }
    if (pending.length === 0) return true;
    throw new Error(`not yet: ${pending.join(', ')}; ${await podProblems(cluster, ns)}`);
  }, { timeoutMs: timeoutSeconds * 1000, intervalMs: 3_000, stopOn: Stop });
  return seen;
}

/** Rolled out: every replica of the current template Ready and no pod of an older one left. */
export function workloadReady(o: any): boolean {
  const want = o.spec?.replicas ?? 1;
  const s = o.status ?? {};
  if ((s.observedGeneration ?? 0) < (o.metadata.generation ?? 0)) return false;
  if ((s.readyReplicas ?? 0) < want || (s.updatedReplicas ?? 0) < want || (s.replicas ?? 0) > want) return false;
  if (o.kind === 'StatefulSet' && s.updateRevision && s.currentRevision !== s.updateRevision) return false;
  return true;
}

export function jobComplete(o: any): boolean {
  return (o.status?.conditions ?? []).some((c: any) => c.type === 'Complete' && c.status === 'True');
}

function jobFailed(o: any): string | undefined {
  const c = (o.status?.conditions ?? []).find((x: any) => x.type === 'Failed' && x.status === 'True');
  return c ? `${c.reason}: ${c.message}` : undefined;
}

/** Pods not ready and why (waiting reasons, restarts), for failure messages. */
export async function podProblems(cluster: Cluster, ns: string): Promise<string> {
  const pods = (await cluster.getJson(['pods', '-n', ns])).items as any[];
  const lines = pods.flatMap((p) => {
    const states = [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])]
      .filter((c: any) => !c.ready && !(c.state?.terminated?.reason === 'Completed'))
      .map((c: any) => `${c.name}: ${c.state.waiting?.reason ?? c.state.terminated?.reason ?? 'running, not ready'}${c.restartCount ? ` (${c.restartCount} restarts)` : ''}`);
    return states.length && p.status.phase !== 'Succeeded' ? [`${p.metadata.name} [${states.join('; ')}]`] : [];
  });
  return lines.length ? lines.join(', ') : 'all pods ready';
}

/** Every container's restart count (init containers too), by `<pod>/<container>`. */
export async function restartCounts(cluster: Cluster, ns: string): Promise<Array<{ pod: string; component: string; container: string; restarts: number; lastReason?: string; lastExit?: number; pod_uid: string }>> {
  const pods = (await cluster.getJson(['pods', '-n', ns])).items as any[];
  return pods.flatMap((p) => [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])].map((c: any) => ({
    pod: p.metadata.name,
    pod_uid: p.metadata.uid,
    component: p.metadata.labels?.['app.kubernetes.io/component'] ?? '',
    container: c.name,
    restarts: c.restartCount ?? 0,
    lastReason: c.lastState?.terminated?.reason,
    lastExit: c.lastState?.terminated?.exitCode,
  })));
}

/** Waits (bounded) until the namespace's pods with a label selector are gone. */
export async function waitPodsGone(cluster: Cluster, ns: string, selector: string, timeoutMs = 120_000): Promise<void> {
  await waitFor(`pods ${selector} to be gone`, async () => {
    const items = (await cluster.getJson(['pods', '-n', ns, '-l', selector])).items as any[];
    return items.length === 0 ? true : undefined;
  }, { timeoutMs, intervalMs: 2_000 });
}

export { sleep };
