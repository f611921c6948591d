/**
 * Celery vs Kubernetes: the idle footprint of a CeleryExecutor deployment next to a
 * KubernetesExecutor one, and the objects that appear or disappear when switching; when a
 * deployment runs both, the two steps of a gradual move through it. Instances have different
 * names, so objects are compared by kind and component label.
 */
import { DeploymentReport, ManifestFile } from './deployment-report';
import { COMPONENT_LABEL, INSTANCE_LABEL, K8sObject, byText, componentOf, configMapData, fieldAt, kindOf, labelsOf, nameOf, sortedBy } from './objects';
import { PodResources } from './pod-resources';
import { bootstrapSecretNames } from './secrets';

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
  /**
   * True for Secrets the secret bootstrap Job generates in the cluster: they are not in `dist/`,
   * so neither `kubectl apply` nor Argo CD ever deletes them.
   */
  readonly generatedInCluster: boolean;
}

/** Idle footprint of one side. */
export interface IdleFootprint {
  readonly file: string;
  readonly pods: number;
  readonly resources: PodResources;
  readonly storageBytes: number;
}

/** The object groups that change from one deployment (`celery` side) to another (`kubernetes` side). */
export interface ObjectChanges {
  /** Kind/component groups only on the first side: removed by the step. */
  readonly removed: readonly ObjectGroupChange[];
  /** Kind/component groups only on the second side: added by the step. */
  readonly added: readonly ObjectGroupChange[];
  /** Groups on both sides with a different number of objects. */
  readonly changedCount: readonly ObjectGroupChange[];
}

/** A deployment running both executors: the middle of a gradual move, and its two steps. */
export interface MigrationSteps {
  readonly both: IdleFootprint;
  /** Its executors by class name, the default first. */
  readonly executors: readonly string[];
  /** Step 1: from the Celery deployment to the one running both (what adding KubernetesExecutor adds). */
  readonly addKubernetes: ObjectChanges;
  /** Step 2: from the one running both to the Kubernetes deployment (what dropping CeleryExecutor removes). */
  readonly dropCelery: ObjectChanges;
}

/** The comparison of a Celery and a Kubernetes deployment (removed/added: switching to KubernetesExecutor). */
export interface ExecutorComparison extends ObjectChanges {
  readonly celery: IdleFootprint;
  readonly kubernetes: IdleFootprint;
  /** The deployment running both executors that is closest to the Celery one, if any. */
  readonly migration?: MigrationSteps;
}

const keyOf = (o: K8sObject) => `${kindOf(o)}\u0000${componentOf(o)}`;

/** Marks the Secrets `generatedSecrets` makes up from the bootstrap's list. */
const GENERATED_IN_CLUSTER = 'cdk8s-airflow.report/generated-in-cluster';

/**
 * The Secrets the secret bootstrap Job generates, from the list in its ConfigMap, as objects the
 * comparison can match across instances. Generated Secrets carry no component of their own, so
 * their component is their name without the instance prefix (`redis` for `airflow-celery-redis`).
 */
export function generatedSecrets(objects: readonly K8sObject[]): K8sObject[] {
  return objects.flatMap((obj) => {
    if (kindOf(obj) !== 'ConfigMap' || componentOf(obj) !== 'secret-bootstrap') return [];
    const prefix = `${labelsOf(obj)[INSTANCE_LABEL] ?? ''}-`;
    return bootstrapSecretNames(configMapData(obj)['secrets.json']).map((name) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        labels: { [COMPONENT_LABEL]: name.startsWith(prefix) ? name.slice(prefix.length) : name },
        annotations: { [GENERATED_IN_CLUSTER]: 'true' },
      },
    }));
  });
}

const isGenerated = (o: K8sObject) => fieldAt(o, 'metadata', 'annotations', GENERATED_IN_CLUSTER) === 'true';

/** True when the object claims persistent volumes. */
export function claimsPersistentVolumes(obj: K8sObject): boolean {
  if (kindOf(obj) === 'PersistentVolumeClaim') return true;
  const templates = fieldAt(obj, 'spec', 'volumeClaimTemplates');
  return Array.isArray(templates) && templates.length > 0;
}

/** Kind/component groups of both sides. */
export function objectGroupChanges(celery: readonly K8sObject[], kubernetes: readonly K8sObject[]): ObjectGroupChange[] {
  const celeryGroups = groupedByKey(celery);
  const kubernetesGroups = groupedByKey(kubernetes);
  const keys = [...new Set([...celeryGroups.keys(), ...kubernetesGroups.keys()])].sort(byText);
  return keys.map((key) => {
    const left = celeryGroups.get(key) ?? [];
    const right = kubernetesGroups.get(key) ?? [];
    const sample = left[0] ?? right[0];
    return {
      kind: kindOf(sample),
      component: componentOf(sample),
      celery: left.map(nameOf).sort(byText),
      kubernetes: right.map(nameOf).sort(byText),
      keepsData: [...left, ...right].some(claimsPersistentVolumes),
      generatedInCluster: [...left, ...right].some(isGenerated),
    };
  });
}

function idle(report: DeploymentReport): IdleFootprint {
  return { file: report.file, pods: report.alwaysOn.pods, resources: report.alwaysOn.total, storageBytes: report.storage.totalBytes };
}

/** The objects of each kind/component group, in their order. */
function groupedByKey(objects: readonly K8sObject[]): Map<string, K8sObject[]> {
  const groups = new Map<string, K8sObject[]>();
  for (const o of objects) {
    const key = keyOf(o);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [o]);
    else group.push(o);
  }
  return groups;
}

/** Number of objects per kind/component group. */
function groupCounts(objects: readonly K8sObject[]): Map<string, number> {
  return new Map([...groupedByKey(objects)].map(([key, group]) => [key, group.length]));
}

/** Number of kind/component groups whose object count differs. */
function groupDistance(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let distance = 0;
  for (const key of new Set([...a.keys(), ...b.keys()])) if (a.get(key) !== b.get(key)) distance++;
  return distance;
}

/** True when the deployment runs exactly these executors, in any order. */
const runs = (report: DeploymentReport, ...executors: string[]) =>
  report.executors.length === executors.length && executors.every((e) => report.executors.includes(e));

/**
 * Picks the Celery and Kubernetes deployments to compare: of all pairs, the one whose object
 * groups differ least (the same app with the other executor), ties broken by file name; and the
 * deployment running both that is closest to that Celery one.
 *
 * @returns undefined unless there is at least one deployment of each executor
 */
export function pickExecutorPair(
  reports: readonly DeploymentReport[],
  manifests: readonly ManifestFile[],
): { readonly celery: DeploymentReport; readonly kubernetes: DeploymentReport; readonly both?: DeploymentReport } | undefined {
  const counts = new Map(manifests.map((m) => [m.file, groupCounts(m.objects)]));
  const countsOf = (r: DeploymentReport) => counts.get(r.file) ?? new Map<string, number>();
  const byFile = (list: DeploymentReport[]) => sortedBy(list, (r) => r.file);
  const celery = byFile(reports.filter((r) => runs(r, 'CeleryExecutor')));
  const kubernetes = byFile(reports.filter((r) => runs(r, 'KubernetesExecutor')));
  let best: { celery: DeploymentReport; kubernetes: DeploymentReport; distance: number } | undefined;
  for (const c of celery) {
    for (const k of kubernetes) {
      const distance = groupDistance(countsOf(c), countsOf(k));
      if (best === undefined || distance < best.distance) best = { celery: c, kubernetes: k, distance };
    }
  }
  if (!best) return undefined;
  let both: { report: DeploymentReport; distance: number } | undefined;
  for (const b of byFile(reports.filter((r) => runs(r, 'CeleryExecutor', 'KubernetesExecutor')))) {
    const distance = groupDistance(countsOf(best.celery), countsOf(b));
    if (both === undefined || distance < both.distance) both = { report: b, distance };
  }
  return { celery: best.celery, kubernetes: best.kubernetes, both: both?.report };
}

/** The object groups that change from the `from` objects to the `to` objects, generated Secrets included. */
export function objectChanges(from: readonly K8sObject[], to: readonly K8sObject[]): ObjectChanges {
  const groups = objectGroupChanges([...from, ...generatedSecrets(from)], [...to, ...generatedSecrets(to)]);
  return {
    removed: groups.filter((g) => g.kubernetes.length === 0),
    added: groups.filter((g) => g.celery.length === 0),
    changedCount: groups.filter((g) => g.celery.length > 0 && g.kubernetes.length > 0 && g.celery.length !== g.kubernetes.length),
  };
}

/**
 * Compares two deployments that differ in executor and, given a deployment running both, the two
 * steps of moving through it.
 */
export function compareExecutors(
  celery: DeploymentReport,
  celeryObjects: readonly K8sObject[],
  kubernetes: DeploymentReport,
  kubernetesObjects: readonly K8sObject[],
  both?: { readonly report: DeploymentReport; readonly objects: readonly K8sObject[] },
): ExecutorComparison {
  return {
    celery: idle(celery),
    kubernetes: idle(kubernetes),
    ...objectChanges(celeryObjects, kubernetesObjects),
    migration: both && {
      both: idle(both.report),
      executors: both.report.executors,
      addKubernetes: objectChanges(celeryObjects, both.objects),
      dropCelery: objectChanges(both.objects, kubernetesObjects),
    },
  };
}
