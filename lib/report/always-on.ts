/**
 * Always-on pods: what a deployment costs while no task runs. Every Deployment and StatefulSet
 * counts with its replicas; one whose replicas an autoscaler owns counts with the autoscaler's
 * minimum.
 */
import { K8sObject, asFields, asNumber, asString, componentOf, fieldAt, kindOf, nameOf, namespaceOf, podSpecOf, refOf, sortedBy } from './objects';
import { NO_RESOURCES, PodResources, addResources, podResources, timesPods } from './pod-resources';

/** Kinds whose pods run all the time. */
const ALWAYS_ON_KINDS = new Set(['Deployment', 'StatefulSet']);

/** Kinds that own a workload's replica count. */
const AUTOSCALER_KINDS = new Set(['HorizontalPodAutoscaler', 'ScaledObject']);

/** An autoscaler that owns a workload's replica count. */
export interface AutoscalerFacts {
  /** `HorizontalPodAutoscaler/<name>` or `ScaledObject/<name>`. */
  readonly ref: string;
  /** Fewest replicas it keeps (its documented default when not set: 1 for an HPA, 0 for KEDA). */
  readonly minReplicas: number;
  /** Most replicas it may start, when set. */
  readonly maxReplicas?: number;
}

/** One always-running workload. */
export interface AlwaysOnWorkload {
  readonly kind: string;
  readonly name: string;
  /** The `app.kubernetes.io/component` label, or an empty string. */
  readonly component: string;
  /** Pods running while idle. */
  readonly replicas: number;
  /** The autoscaler that owns the replica count, if any. */
  readonly autoscaler?: AutoscalerFacts;
  /** Requests and limits of one pod. */
  readonly perPod: PodResources;
  /** `replicas` × `perPod`. */
  readonly total: PodResources;
}

/** The always-on footprint of one deployment. */
export interface AlwaysOnFootprint {
  /** Workloads sorted by kind and name. */
  readonly workloads: readonly AlwaysOnWorkload[];
  /** Pods running while idle. */
  readonly pods: number;
  /** Sum over workloads. */
  readonly total: PodResources;
}

/** The autoscaler targeting `workload` (same namespace, matching kind and name), if any. */
export function autoscalerFor(workload: K8sObject, objects: readonly K8sObject[]): AutoscalerFacts | undefined {
  const namespace = namespaceOf(workload);
  const candidates = objects.filter((o) => AUTOSCALER_KINDS.has(kindOf(o)) && namespaceOf(o) === namespace);
  for (const candidate of sortedBy(candidates, refOf)) {
    const kind = kindOf(candidate);
    const spec = asFields(candidate.spec);
    const target = asFields(spec.scaleTargetRef);
    if (asString(target.name) !== nameOf(workload)) continue;
    if (kind === 'HorizontalPodAutoscaler' && target.kind === kindOf(workload)) {
      return { ref: refOf(candidate), minReplicas: asNumber(spec.minReplicas) ?? 1, maxReplicas: asNumber(spec.maxReplicas) };
    }
    // KEDA defaults the target kind to Deployment and the minimum to 0 (scale to zero).
    if (kind === 'ScaledObject' && (asString(target.kind) ?? 'Deployment') === kindOf(workload)) {
      return { ref: refOf(candidate), minReplicas: asNumber(spec.minReplicaCount) ?? 0, maxReplicas: asNumber(spec.maxReplicaCount) };
    }
  }
  return undefined;
}

/** Facts about one Deployment or StatefulSet; a missing `replicas` means 1, as in Kubernetes. */
export function alwaysOnWorkload(workload: K8sObject, objects: readonly K8sObject[]): AlwaysOnWorkload {
  const autoscaler = autoscalerFor(workload, objects);
  const replicas = autoscaler?.minReplicas ?? asNumber(fieldAt(workload, 'spec', 'replicas')) ?? 1;
  const perPod = podResources(podSpecOf(workload) ?? {});
  return {
    kind: kindOf(workload),
    name: nameOf(workload),
    component: componentOf(workload),
    replicas,
    autoscaler,
    perPod,
    total: timesPods(perPod, replicas),
  };
}

/** The always-on footprint of a deployment's objects. */
export function alwaysOnFootprint(objects: readonly K8sObject[]): AlwaysOnFootprint {
  const workloads = sortedBy(
    objects.filter((o) => ALWAYS_ON_KINDS.has(kindOf(o))),
    refOf,
  ).map((w) => alwaysOnWorkload(w, objects));
  return {
    workloads,
    pods: workloads.reduce((sum, w) => sum + w.replicas, 0),
    total: workloads.reduce((sum, w) => addResources(sum, w.total), NO_RESOURCES),
  };
}
