/**
 * Pod Security Standard "restricted" security contexts, shared by every pod this library emits.
 */
import { k8s } from 'cdk8s-plus-27';
import { RunAsIdentity } from '../model/identity';

/** Pod-level context: non-root identity and the RuntimeDefault seccomp profile. */
export function restrictedPodSecurityContext(identity: RunAsIdentity): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: identity.user,
    runAsGroup: identity.group,
    fsGroup: identity.fsGroup,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * Container-level context: no privilege escalation, no capabilities, read-only root filesystem
 * (writable paths are emptyDir mounts), and the same seccomp profile so the container passes
 * "restricted" admission on its own.
 */
export function restrictedContainerSecurityContext(identity: RunAsIdentity): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: identity.user,
    runAsGroup: identity.group,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
