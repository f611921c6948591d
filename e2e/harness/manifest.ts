import * as path from 'path';
import type { Cluster } from './cluster';
import { forbiddenFor, serviceAccountUser } from './audit';
import { fullImageName, imagesOf, K8sObject, readObjects } from './dist';
import { createNamespacesOf } from './namespaces';
import { Scenario, Skip } from './scenario';
import { waitFor } from './wait';

const WORKLOADS = ['Deployment', 'StatefulSet', 'Job'];

/**
 * The generic checks of one synthesized file, as scenarios: apply it for real, then every
 * Deployment and StatefulSet Ready and every Job Complete, then no 403 for its ServiceAccounts.
 */
export function manifestScenarios(file: string, workloadTimeoutSeconds = 600): Scenario[] {
  const objects = readObjects(file);
  const base = `manifest.${path.basename(file).replace(/\.k8s\.yaml$|\.ya?ml$/, '')}`;
  const workloads = objects.filter((o) => WORKLOADS.includes(o.kind) && o.apiVersion.match(/^(apps|batch)\/v1$/));
  return [
    { id: `${base}.apply`, run: (cluster) => applyFile(cluster, file, objects) },
    ...workloads.map((w) => ({
      id: `${base}.${w.kind.toLowerCase()}.${w.metadata.name}`,
      timeoutSeconds: workloadTimeoutSeconds + 30,
      run: (cluster: Cluster) => checkWorkload(cluster, w, workloadTimeoutSeconds),
    })),
    { id: `${base}.rbac`, run: (cluster) => noForbidden(cluster, objects) },
  ];
}

async function applyFile(cluster: Cluster, file: string, objects: readonly K8sObject[]): Promise<string> {
  const namespaces = await createNamespacesOf(cluster, objects);
  await cluster.kubectl(['apply', '--server-side', '--field-manager=cdk8s-airflow-e2e', '-f', file], { timeoutMs: 120_000 });
  return `${objects.length} objects applied in ${namespaces.join(', ') || 'no namespace'}`;
}

async function checkWorkload(cluster: Cluster, w: K8sObject, timeoutSeconds: number): Promise<string> {
  const present = new Set((await cluster.host('images')).split('\n'));
  const missing = imagesOf(w).filter((i) => !present.has(fullImageName(i)));
  if (missing.length) throw new Skip(`image unavailable: ${missing.join(', ')}`);
  const ns = w.metadata.namespace ?? 'default';
  const target = `${w.kind.toLowerCase()}/${w.metadata.name}`;
  return waitFor(`${target} to be ${w.kind === 'Job' ? 'Complete' : 'Ready'}`, async () => {
    const o = await cluster.getJson(['-n', ns, target]);
    if (w.kind === 'Job') {
      const failed = o.status?.conditions?.find((c: any) => c.type === 'Failed' && c.status === 'True');
      if (failed) throw new StopWaiting(`Job failed: ${failed.message}; ${await podProblems(cluster, ns, o.spec.selector)}`);
      return o.status?.conditions?.some((c: any) => c.type === 'Complete' && c.status === 'True') ? 'Complete' : undefined;
    }
    const want = o.spec.replicas ?? 1;
    if ((o.status?.readyReplicas ?? 0) >= want && (o.status?.updatedReplicas ?? 0) >= want) return `${want}/${want} Ready`;
    throw new Error(await podProblems(cluster, ns, o.spec.selector));
  }, { timeoutMs: timeoutSeconds * 1000, intervalMs: 3_000, stopOn: StopWaiting });
}

class StopWaiting extends Error {}

/** Why a workload's pods are not ready: waiting reasons and restarts, for the failure detail. */
async function podProblems(cluster: Cluster, ns: string, selector: any): Promise<string> {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = (await cluster.getJson(['pods', '-n', ns, '-l', labels])).items as any[];
  if (!pods.length) return 'no pods (see build/e2e/logs/events.txt)';
  return pods.map((p) => {
    const states = [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])]
      .filter((c: any) => !c.ready)
      .map((c: any) => `${c.name}: ${c.state.waiting?.reason ?? c.state.terminated?.reason ?? 'running, not ready'}${c.restartCount ? ` (${c.restartCount} restarts)` : ''}`);
    return `${p.metadata.name} ${p.status.phase}${states.length ? ` [${states.join('; ')}]` : ''}`;
  }).join(', ');
}

/** No request of the file's ServiceAccounts was answered 403 (the audit log of this run). */
async function noForbidden(cluster: Cluster, objects: readonly K8sObject[]): Promise<string> {
  const accounts = objects.filter((o) => o.kind === 'ServiceAccount').map((o) => serviceAccountUser(o.metadata.namespace ?? 'default', o.metadata.name));
  const hits = forbiddenFor(cluster.facts.auditLog, new Set(accounts));
  if (hits.length) throw new Error(`403 for: ${hits.slice(0, 10).join('; ')}${hits.length > 10 ? ` (+${hits.length - 10} more)` : ''}`);
  return `no 403 for ${accounts.length} ServiceAccounts`;
}
