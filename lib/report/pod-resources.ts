/**
 * CPU and memory of one pod as the Kubernetes scheduler counts them: the effective request of a
 * pod is the larger of what its containers (and sidecars) need together and what its biggest init
 * container needs, plus the pod overhead.
 */
import { byteCount, cpuMillicores, isQuantity } from '../quantity';
import { Fields, asFields, asQuantityText, containersOf, initContainersOf } from './objects';

/** An amount of CPU and memory. */
export interface ResourceAmounts {
  /** CPU in millicores. */
  readonly cpuMillicores: number;
  /** Memory in bytes. */
  readonly memoryBytes: number;
}

/** Limits: `undefined` means unbounded (a container has no limit for that resource). */
export interface ResourceLimits {
  /** CPU limit in millicores, or undefined when unbounded. */
  readonly cpuMillicores?: number;
  /** Memory limit in bytes, or undefined when unbounded. */
  readonly memoryBytes?: number;
}

/** Requests and limits of one pod, or of several pods added up. */
export interface PodResources {
  readonly requests: ResourceAmounts;
  readonly limits: ResourceLimits;
}

/** Nothing requested, nothing allowed: the start of a sum. */
export const NO_RESOURCES: PodResources = {
  requests: { cpuMillicores: 0, memoryBytes: 0 },
  limits: { cpuMillicores: 0, memoryBytes: 0 },
};

type Resource = 'cpu' | 'memory';

/** One container's amount of `resource`; limits count as requests when only limits are set (Kubernetes defaulting). */
function containerAmount(container: Fields, resource: Resource, which: 'requests' | 'limits'): number | undefined {
  const resources = asFields(container.resources);
  const own = asQuantityText(asFields(resources[which])[resource]);
  const value = own ?? (which === 'requests' ? asQuantityText(asFields(resources.limits)[resource]) : undefined);
  if (value === undefined || !isQuantity(value)) return which === 'requests' ? 0 : undefined;
  return resource === 'cpu' ? cpuMillicores(value) : byteCount(value);
}

/** Init containers with `restartPolicy: Always` are sidecars: they keep running next to the containers. */
function isSidecar(initContainer: Fields): boolean {
  return initContainer.restartPolicy === 'Always';
}

/** Sum where undefined (unbounded) wins. */
function addBounded(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}

/** Max where undefined (unbounded) wins. */
function maxBounded(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : Math.max(a, b);
}

/**
 * The effective amount of one resource for a pod spec, following the Kubernetes rules:
 * max(sum of containers and sidecars, max over init containers of (init container + sidecars
 * started before it)) + pod overhead. For limits, any container without a limit makes the pod
 * unbounded (undefined).
 */
function effectiveAmount(podSpec: Fields, resource: Resource, which: 'requests' | 'limits'): number | undefined {
  let sidecars: number | undefined = 0;
  let initPeak: number | undefined = 0;
  for (const init of initContainersOf(podSpec)) {
    const amount = containerAmount(init, resource, which);
    if (isSidecar(init)) sidecars = addBounded(sidecars, amount);
    else initPeak = maxBounded(initPeak, addBounded(amount, sidecars));
  }
  let running: number | undefined = sidecars;
  for (const container of containersOf(podSpec)) running = addBounded(running, containerAmount(container, resource, which));
  const overheadValue = asQuantityText(asFields(podSpec.overhead)[resource]);
  const overhead = overheadValue !== undefined && isQuantity(overheadValue) ? (resource === 'cpu' ? cpuMillicores(overheadValue) : byteCount(overheadValue)) : 0;
  return addBounded(maxBounded(running, initPeak), overhead);
}

/** Effective requests and limits of one pod. */
export function podResources(podSpec: Fields): PodResources {
  return {
    requests: {
      cpuMillicores: effectiveAmount(podSpec, 'cpu', 'requests') ?? 0,
      memoryBytes: effectiveAmount(podSpec, 'memory', 'requests') ?? 0,
    },
    limits: {
      cpuMillicores: effectiveAmount(podSpec, 'cpu', 'limits'),
      memoryBytes: effectiveAmount(podSpec, 'memory', 'limits'),
    },
  };
}

/** `count` pods of the same size. */
export function timesPods(perPod: PodResources, count: number): PodResources {
  const scale = (v: number | undefined) => (v === undefined ? undefined : v * count);
  return {
    requests: { cpuMillicores: perPod.requests.cpuMillicores * count, memoryBytes: perPod.requests.memoryBytes * count },
    limits: count === 0 ? { cpuMillicores: 0, memoryBytes: 0 } : { cpuMillicores: scale(perPod.limits.cpuMillicores), memoryBytes: scale(perPod.limits.memoryBytes) },
  };
}

/** Two footprints added up. */
export function addResources(a: PodResources, b: PodResources): PodResources {
  return {
    requests: {
      cpuMillicores: a.requests.cpuMillicores + b.requests.cpuMillicores,
      memoryBytes: a.requests.memoryBytes + b.requests.memoryBytes,
    },
    limits: {
      cpuMillicores: addBounded(a.limits.cpuMillicores, b.limits.cpuMillicores),
      memoryBytes: addBounded(a.limits.memoryBytes, b.limits.memoryBytes),
    },
  };
}
