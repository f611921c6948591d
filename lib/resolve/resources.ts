/** Resources resolved over component defaults, and their checks. */
import { ValidationProblems, show } from '../errors';
import { ComputeResources, ResolvedResources } from '../model/resources';
import { isQuantity, parseQuantity } from '../quantity';

/** Overlays user resources on a component's defaults (a missing or null override keeps them all). */
export function resolveResources(defaults: ResolvedResources, overrides: ComputeResources | null = {}): ResolvedResources {
  const given: ComputeResources = overrides ?? {};
  return {
    cpu: given.cpu ?? defaults.cpu,
    memory: given.memory ?? defaults.memory,
    memoryLimit: given.memoryLimit ?? defaults.memoryLimit,
    cpuLimit: given.cpuLimit ?? defaults.cpuLimit,
  };
}

/**
 * Checks quantities and that no request exceeds its limit. Memory is counted in bytes, so a
 * fraction of a byte (`512m` is 0.512 bytes: `m` means milli) is refused, and a limit of 0 is
 * refused because Kubernetes reads it as no limit at all.
 */
export function validateResources(resources: ResolvedResources, prop: string, problems: ValidationProblems): void {
  const fields: Array<keyof ResolvedResources> = ['cpu', 'memory', 'memoryLimit', 'cpuLimit'];
  let allValid = true;
  for (const field of fields) {
    const value = resources[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !isQuantity(value)) {
      allValid = false;
      problems.add(`${prop}.${field}`, `must be a Kubernetes quantity such as "250m" or "512Mi", got ${show(value)}`);
    } else if (!Number.isFinite(parseQuantity(value))) {
      allValid = false;
      problems.add(`${prop}.${field}`, `is too large to be a quantity, got ${show(value)}`);
    } else if (field === 'memory' || field === 'memoryLimit') {
      if (!checkBytes(problems, `${prop}.${field}`, value, field === 'memoryLimit' ? 'a memory limit' : undefined)) allValid = false;
    } else if (field === 'cpuLimit' && parseQuantity(value) === 0) {
      allValid = false;
      problems.add(`${prop}.cpuLimit`, 'must be above 0: Kubernetes reads a CPU limit of 0 as no limit; leave cpuLimit unset for that');
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

/**
 * Records a problem unless `value` (already a valid quantity) is a whole number of bytes, and
 * above 0 when `nonZero` names what a 0 would be; returns whether it is fine.
 */
function checkBytes(problems: ValidationProblems, prop: string, value: string, nonZero: string | undefined): boolean {
  const bytes = parseQuantity(value);
  if (/[0-9.](m|u|n)$/.test(value) && bytes !== 0) {
    problems.add(prop, `is ${bytes} bytes: "${value.slice(-1)}" means thousandths (milli), not mega; write "${value.slice(0, -1)}Mi" for mebibytes`);
    return false;
  }
  if (!Number.isInteger(bytes)) {
    problems.add(prop, `must be a whole number of bytes, got ${show(value)} (${bytes} bytes)`);
    return false;
  }
  if (nonZero !== undefined && bytes === 0) {
    problems.add(prop, `must be above 0: Kubernetes reads ${nonZero} of 0 as no limit at all`);
    return false;
  }
  return true;
}

/** Records a problem unless `value` is a storage size: a quantity of whole bytes above 0. */
export function checkStorageSize(problems: ValidationProblems, prop: string, value: unknown, example: string): void {
  if (typeof value !== 'string' || !isQuantity(value) || !Number.isFinite(parseQuantity(value))) {
    problems.add(prop, `must be a Kubernetes quantity such as "${example}", got ${show(value)}`);
  } else if (checkBytes(problems, prop, value, undefined) && parseQuantity(value) === 0) {
    problems.add(prop, `must be above 0, such as "${example}"`);
  }
}
