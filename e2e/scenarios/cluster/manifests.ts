import * as path from 'path';
import type { Cluster } from '../../harness/cluster';
import type { Scenario } from '../../harness/scenario';
import { distFiles, isCustom, K8sObject, readObjects } from '../../harness/dist';
import { createNamespacesOf } from '../../harness/namespaces';

/** API groups served by CustomResourceDefinitions, and the CRDs that are not Established. */
async function crdState(cluster: Cluster) {
  const crds = (await cluster.getJson(['crd'])).items as any[];
  const notEstablished = crds.filter((c) => !c.status?.conditions?.some((k: any) => k.type === 'Established' && k.status === 'True'));
  return { groups: new Set(crds.map((c) => c.spec.group as string)), names: crds.map((c) => c.metadata.name as string), notEstablished };
}

/** Server-side dry-run apply of objects: kubectl's complaint (if it failed) and the server's warnings. */
async function dryRun(cluster: Cluster, objects: readonly K8sObject[]): Promise<{ complaint?: string; warnings: string[] }> {
  const input = objects.map((o) => JSON.stringify(o)).join('\n');
  const r = await cluster.kubectlRaw(['apply', '--server-side', '--dry-run=server', '--field-manager=cdk8s-airflow-e2e', '-f', '-'], { input, timeoutMs: 120_000 });
  const warnings = r.stderr.split('\n').filter((l) => l.startsWith('Warning:'));
  return { complaint: r.code === 0 ? undefined : r.stderr.trim(), warnings };
}

/** The CRDs our objects use are installed; the server accepts every custom object in dist/. */
export const crds: Scenario = {
  id: 'cluster.crds',
  async run(cluster) {
    const state = await crdState(cluster);
    if (state.notEstablished.length) throw new Error(`CRDs not Established: ${state.notEstablished.map((c) => c.metadata.name).join(', ')}`);
    const served = new Set((await cluster.kubectl(['api-versions'])).split('\n').filter(Boolean));
    const problems: string[] = [];
    let accepted = 0;
    for (const file of distFiles(cluster.repoDir)) {
      const objects = readObjects(file);
      for (const o of objects.filter((x) => !served.has(x.apiVersion))) {
        problems.push(`${path.basename(file)}: the server does not serve ${o.apiVersion} (${o.kind} ${o.metadata.name}); CRD missing?`);
      }
      const custom = objects.filter((o) => isCustom(o, state.groups));
      if (!custom.length) continue;
      await createNamespacesOf(cluster, objects);
      const { complaint } = await dryRun(cluster, custom);
      if (complaint) problems.push(`${path.basename(file)}: ${complaint}`);
      else accepted += custom.length;
    }
    if (problems.length) throw new Error(problems.join('; '));
    return `${state.names.length} CRDs Established; ${accepted} custom objects accepted (dry-run)`;
  },
};

/** Every dist/<chart>/<chart>.k8s.yaml passes `kubectl apply --server-side --dry-run=server`. */
export const serverSideApply: Scenario = {
  id: 'cluster.server-side-apply',
  async run(cluster) {
    const problems: string[] = [];
    const counts: string[] = [];
    const warnings: string[] = [];
    for (const file of distFiles(cluster.repoDir)) {
      const objects = readObjects(file);
      await createNamespacesOf(cluster, objects);
      const result = await dryRun(cluster, objects);
      if (result.complaint) problems.push(`${path.basename(file)}: ${result.complaint}`);
      else counts.push(`${path.basename(file)} (${objects.length})`);
      warnings.push(...result.warnings.map((w) => `${path.basename(file)}: ${w}`));
    }
    if (problems.length) throw new Error(problems.join('; '));
    // Warnings (Pod Security, deprecations) do not fail the dry-run; they are worth reading.
    return `accepted: ${counts.join(', ')}${warnings.length ? `; server warnings: ${warnings.join(' | ')}` : ''}`;
  },
};
