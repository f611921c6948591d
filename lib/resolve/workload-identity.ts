/**
 * Puts what a workload identity for remote logs needs onto the pods that write or read logs: the
 * cloud's ServiceAccount annotations (IRSA's role ARN, GKE's Google service account, Azure's client
 * id) and pod labels (Azure's webhook selects pods by label), through the same per-component
 * additions users set (`serviceAccountAnnotations`, `podLabels`). A value the user set differently
 * is a problem naming both props: one of them would silently lose.
 */
import { ValidationProblems } from '../errors';
import { PodMetadataProps } from '../model/extensions';
import { TaskPodFamily } from '../model/task-pod-family';
import { ResolvedExtensions, addServiceAccountAnnotations } from './extensions';
import { ResolvedWorkloadIdentity } from './log-credentials';

/** The prop the identity comes from, for messages. */
const FROM = 'logs.credentials (workload identity)';

/** A long-running component's additions with the identity's annotations and labels. */
export function componentWithIdentity(problems: ValidationProblems, extensions: ResolvedExtensions, identity: ResolvedWorkloadIdentity | undefined): ResolvedExtensions {
  if (!identity) return extensions;
  const annotated = addServiceAccountAnnotations(problems, extensions, identity.serviceAccountAnnotations, FROM);
  return { ...annotated, podLabels: merged(problems, `${extensions.prop}.podLabels`, extensions.podLabels, identity.podLabels) };
}

/** Task pod metadata (an executor template) with the identity's annotations and labels. */
export function taskPodWithIdentity(problems: ValidationProblems, prop: string, metadata: Required<PodMetadataProps>, identity: ResolvedWorkloadIdentity | undefined): Required<PodMetadataProps> {
  if (!identity) return metadata;
  return {
    ...metadata,
    serviceAccountAnnotations: merged(problems, `${prop}.serviceAccountAnnotations`, metadata.serviceAccountAnnotations, identity.serviceAccountAnnotations),
    podLabels: merged(problems, `${prop}.podLabels`, metadata.podLabels, identity.podLabels),
  };
}

/**
 * Checks that executor families (their tasks write logs too) set no annotation or label the
 * identity needs to another value; the renderer then adds the identity's to theirs.
 */
export function checkFamiliesAgainstIdentity(problems: ValidationProblems, families: readonly TaskPodFamily[], identity: ResolvedWorkloadIdentity | undefined): void {
  if (!identity) return;
  families.forEach((family, i) => {
    if (family.kind !== 'executor') return;
    const prop = `taskPods.families[${i}]`;
    merged(problems, `${prop}.serviceAccountAnnotations`, family.options.serviceAccountAnnotations ?? {}, identity.serviceAccountAnnotations);
    merged(problems, `${prop}.podLabels`, family.options.podLabels ?? {}, identity.podLabels);
  });
}

function merged(problems: ValidationProblems, prop: string, user: Readonly<Record<string, string>>, needed: Readonly<Record<string, string>>): Record<string, string> {
  for (const [key, value] of Object.entries(needed)) {
    if (user[key] !== undefined && user[key] !== value) {
      problems.add(`${prop}["${key}"]`, `(${JSON.stringify(user[key])}) conflicts with ${JSON.stringify(value)} from ${FROM}: set it in one place`);
    }
  }
  return { ...user, ...needed };
}
