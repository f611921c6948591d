/**
 * Pod Security Standard "restricted" security contexts, shared by every pod this library emits.
 */
import { k8s } from 'cdk8s-plus-27';

/** The identity a container image expects to run as. */
export interface RunAsIdentity {
  /** UID of the main process. */
  readonly user: number;
  /** GID of the main process. */
  readonly group: number;
  /** GID that owns mounted volumes. */
  readonly fsGroup: number;
}

/** The official `apache/airflow` image: user `airflow` (50000) in group root (0). */
export const AIRFLOW_IDENTITY: RunAsIdentity = { user: 50000, group: 0, fsGroup: 0 };

/** The official `postgres` and `redis` images: their own user, UID and GID 999. */
export const DEBIAN_SERVICE_IDENTITY: RunAsIdentity = { user: 999, group: 999, fsGroup: 999 };

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
