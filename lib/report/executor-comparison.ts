/**
 * Celery vs Kubernetes: the idle footprint of a CeleryExecutor deployment next to a
 * KubernetesExecutor one, and the objects that appear or disappear when switching. Instances have
 * different names, so objects are compared by kind and component label.
 */
import { DeploymentReport, ManifestFile } from './deployment-report';
import { K8sObject, byText, componentOf, fieldAt, kindOf, nameOf, sortedBy } from './objects';
import { PodResources } from './pod-resources';

/** Objects of one kind and component, on one side of the switch. */
export interface ObjectGroupChange {
  readonly kind: string;
  /** The component label, or an empty string. */
  readonly component: string;
  /** Objects on the Celery side. */
  readonly celery: readonly string[];
  /** Objects on the Kubernetes side. */
  readonly kubernetes: readonly string[];
  /** True when the objects claim persistent volumes: their PVCs (and data) stay when the objects are deleted. */
  readonly keepsData: boolean;
}

/** Idle footprint of one side. */
export interface IdleFootprint {
  readonly file: string;
  readonly pods: number;
  readonly resources: PodResources;
  readonly storageBytes: number;
}

/** The comparison of a Celery and a Kubernetes deployment. */
export interface ExecutorComparison {
  readonly celery: IdleFootprint;
  readonly kubernetes: IdleFootprint;
  /** Kind/component groups only on the Celery side: removed when switching to KubernetesExecutor. */
  readonly removed: readonly ObjectGroupChange[];
  /** Kind/component groups only on the Kubernetes side: added when switching to KubernetesExecutor. */
  readonly added: readonly ObjectGroupChange[];
  /** Groups on both sides with a different number of objects. */
  readonly changedCount: readonly ObjectGroupChange[];
}

const keyOf = (o: K8sObject) => `${kindOf(o)}\u0000${componentOf(o)}`;

/** True when the object claims persistent volumes. */
export function claimsPersistentVolumes(obj: K8sObject): boolean {
  if (kindOf(obj) === 'PersistentVolumeClaim') return true;
  const templates = fieldAt(obj, 'spec', 'volumeClaimTemplates');
  return Array.isArray(templates) && templates.length > 0;
}

/** Kind/component groups of both sides. */
export function objectGroupChanges(celery: readonly K8sObject[], kubernetes: readonly K8sObject[]): ObjectGroupChange[] {
  const keys = [...new Set([...celery, ...kubernetes].map(keyOf))].sort(byText);
  return keys.map((key) => {
    const left = celery.filter((o) => keyOf(o) === key);
    const right = kubernetes.filter((o) => keyOf(o) === key);
    const sample = left[0] ?? right[0];
    return {
      kind: kindOf(sample),
      component: componentOf(sample),
      celery: left.map(nameOf).sort(byText),
      kubernetes: right.map(nameOf).sort(byText),
      keepsData: [...left, ...right].some(claimsPersistentVolumes),
    };
  });
}

function idle(report: DeploymentReport): IdleFootprint {
  return { file: report.file, pods: report.alwaysOn.pods, resources: report.alwaysOn.total, storageBytes: report.storage.totalBytes };
}

/** Number of objects per kind/component group. */
function groupCounts(objects: readonly K8sObject[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(keyOf(o), (counts.get(keyOf(o)) ?? 0) + 1);
  return counts;
}

/** Number of kind/component groups whose object count differs. */
function groupDistance(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let distance = 0;
  for (const key of new Set([...a.keys(), ...b.keys()])) if (a.get(key) !== b.get(key)) distance++;
  return distance;
}

/**
 * Picks the Celery and Kubernetes deployments to compare: of all pairs, the one whose object
 * groups differ least (the same app with the other executor), ties broken by file name.
 *
 * @returns undefined unless there is at least one deployment of each executor
 */
export function pickExecutorPair(
  reports: readonly DeploymentReport[],
  manifests: readonly ManifestFile[],
): { readonly celery: DeploymentReport; readonly kubernetes: DeploymentReport } | undefined {
  const counts = new Map(manifests.map((m) => [m.file, groupCounts(m.objects)]));
  const countsOf = (r: DeploymentReport) => counts.get(r.file) ?? new Map<string, number>();
  const celery = sortedBy(reports.filter((r) => r.executor === 'CeleryExecutor'), (r) => r.file);
  const kubernetes = sortedBy(reports.filter((r) => r.executor === 'KubernetesExecutor'), (r) => r.file);
  let best: { celery: DeploymentReport; kubernetes: DeploymentReport; distance: number } | undefined;
  for (const c of celery) {
    for (const k of kubernetes) {
      const distance = groupDistance(countsOf(c), countsOf(k));
      if (best === undefined || distance < best.distance) best = { celery: c, kubernetes: k, distance };
    }
  }
  return best;
}

/** Compares two deployments that differ in executor. */
export function compareExecutors(
  celery: DeploymentReport,
  celeryObjects: readonly K8sObject[],
  kubernetes: DeploymentReport,
  kubernetesObjects: readonly K8sObject[],
): ExecutorComparison {
  const groups = objectGroupChanges(celeryObjects, kubernetesObjects);
  return {
    celery: idle(celery),
    kubernetes: idle(kubernetes),
    removed: groups.filter((g) => g.kubernetes.length === 0),
    added: groups.filter((g) => g.celery.length === 0),
    changedCount: groups.filter((g) => g.celery.length > 0 && g.kubernetes.length > 0 && g.celery.length !== g.kubernetes.length),
  };
}
