/**
 * Checks of where pods may run (nodeSelector, tolerations, priorityClassName): the pod validation
 * of the API server, which the schema does not express. Task pod templates are only validated when
 * a pod is launched from them, so a mistake there would surface as failed tasks, not at apply.
 */
import { ValidationProblems, show } from '../errors';
import { SchedulingProps } from '../model/component';
import { isDnsSubdomain } from './checks';
import { checkLabelMap, isLabelValue, isQualifiedName } from './k8s-rules';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Records every problem with the scheduling props at `prop` (e.g. `scheduler`). */
export function checkScheduling(problems: ValidationProblems, prop: string, scheduling: SchedulingProps | undefined): void {
  if (!scheduling) return;
  checkLabelMap(problems, `${prop}.nodeSelector`, scheduling.nodeSelector);
  if (scheduling.priorityClassName !== undefined && !isDnsSubdomain(scheduling.priorityClassName)) {
    problems.add(`${prop}.priorityClassName`, `must be a PriorityClass name (lowercase RFC 1123 subdomain), got ${show(scheduling.priorityClassName)}`);
  }
  const tolerations: unknown = scheduling.tolerations;
  if (tolerations === undefined) return;
  if (!Array.isArray(tolerations)) {
    problems.add(`${prop}.tolerations`, `must be a list of tolerations, got ${show(tolerations)}`);
    return;
  }
  tolerations.forEach((toleration, i) => checkToleration(problems, `${prop}.tolerations[${i}]`, toleration));
}

function checkToleration(problems: ValidationProblems, prop: string, toleration: Record<string, unknown>): void {
  const { key, operator = 'Equal', value, effect, tolerationSeconds } = toleration ?? {};
  if (key !== undefined && key !== '' && !isQualifiedName(key)) problems.add(`${prop}.key`, `must be a taint key (a label key such as "dedicated" or "example.com/gpu"), got ${show(key)}`);
  if (operator !== 'Equal' && operator !== 'Exists') {
    problems.add(`${prop}.operator`, `must be "Equal" or "Exists", got ${show(operator)}`);
  } else if (operator === 'Exists' && value !== undefined && value !== '') {
    problems.add(`${prop}.value`, `must be empty with operator "Exists", got ${show(value)}`);
  } else if (operator === 'Equal' && (key === undefined || key === '')) {
    problems.add(`${prop}.key`, 'is required with operator "Equal" (only "Exists" may match every taint)');
  }
  if (value !== undefined && !isLabelValue(value)) problems.add(`${prop}.value`, `must be a label value (at most 63 letters, digits, '-', '_' or '.'), got ${show(value)}`);
  if (effect !== undefined && effect !== '' && !EFFECTS.includes(effect as string)) problems.add(`${prop}.effect`, `must be one of ${EFFECTS.join(', ')}, got ${show(effect)}`);
  if (tolerationSeconds !== undefined) {
    if (typeof tolerationSeconds !== 'number' || !Number.isInteger(tolerationSeconds)) problems.add(`${prop}.tolerationSeconds`, `must be a whole number of seconds, got ${show(tolerationSeconds)}`);
    else if (effect !== 'NoExecute') problems.add(`${prop}.tolerationSeconds`, 'only applies with effect "NoExecute" (Kubernetes refuses it otherwise)');
  }
}
