/** Resources resolved over component defaults, and their checks. */
import { ValidationProblems } from '../errors';
import { ComputeResources, ResolvedResources } from '../model/resources';
import { isQuantity, parseQuantity } from '../quantity';

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
