import { k8s } from 'cdk8s-plus-27';
import { ValidationProblems } from './errors';
import { isQuantity, parseQuantity } from './quantity';

/**
 * CPU and memory for one container. Every field is optional in props; unset fields keep the
 * component's default, so changing one value never means restating the others.
 */
export interface ComputeResources {
  /**
   * CPU request: what the scheduler reserves on a node.
   *
   * @default - the component's default
   */
  readonly cpu?: string;

  /**
   * Memory request.
   *
   * @default - the component's default
   */
  readonly memory?: string;

  /**
   * Memory limit: the container is killed when it uses more.
   *
   * @default - the component's default
   */
  readonly memoryLimit?: string;

  /**
   * CPU limit. Off by default on purpose: CPU limits throttle Airflow's Python processes during
   * start-up and make probes time out.
   *
   * @default - no CPU limit
   */
  readonly cpuLimit?: string;
}

/** Resources with every required field filled in. */
export interface ResolvedResources {
  readonly cpu: string;
  readonly memory: string;
  readonly memoryLimit: string;
  readonly cpuLimit?: string;
}

/** Overlays user resources on a component's defaults. */
export function resolveResources(defaults: ResolvedResources, overrides: ComputeResources = {}): ResolvedResources {
  return {
    cpu: overrides.cpu ?? defaults.cpu,
    memory: overrides.memory ?? defaults.memory,
    memoryLimit: overrides.memoryLimit ?? defaults.memoryLimit,
    cpuLimit: overrides.cpuLimit ?? defaults.cpuLimit,
  };
}

/** Checks quantities and that no request exceeds its limit. */
export function validateResources(resources: ResolvedResources, prop: string, problems: ValidationProblems): void {
  const fields: Array<keyof ResolvedResources> = ['cpu', 'memory', 'memoryLimit', 'cpuLimit'];
  let allValid = true;
  for (const field of fields) {
    const value = resources[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !isQuantity(value)) {
      allValid = false;
      problems.add(`${prop}.${field}`, `must be a Kubernetes quantity such as "250m" or "512Mi", got ${JSON.stringify(value)}`);
    }
  }
  if (!allValid) return;
  if (parseQuantity(resources.memory) > parseQuantity(resources.memoryLimit)) {
    problems.add(`${prop}.memory`, `(${resources.memory}) must not exceed ${prop}.memoryLimit (${resources.memoryLimit})`);
  }
  if (resources.cpuLimit !== undefined && parseQuantity(resources.cpu) > parseQuantity(resources.cpuLimit)) {
    problems.add(`${prop}.cpu`, `(${resources.cpu}) must not exceed ${prop}.cpuLimit (${resources.cpuLimit})`);
  }
}

/** The container `resources` block. */
export function toResourceRequirements(resources: ResolvedResources): k8s.ResourceRequirements {
  const limits: Record<string, k8s.Quantity> = { memory: k8s.Quantity.fromString(resources.memoryLimit) };
  if (resources.cpuLimit !== undefined) limits.cpu = k8s.Quantity.fromString(resources.cpuLimit);
  return {
    requests: {
      cpu: k8s.Quantity.fromString(resources.cpu),
      memory: k8s.Quantity.fromString(resources.memory),
    },
    limits,
  };
}
