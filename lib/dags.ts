/**
 * Where DAG files come from, as a typed choice: baked into the image (default), synced from Git
 * by git-sync v4, or read from an existing PersistentVolumeClaim. `[core] dags_folder` follows.
 */
import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { ResolvedResources, toResourceRequirements } from './resources';
import { restrictedContainerSecurityContext } from './security';

/** Where the DAG folder is mounted in Airflow containers. */
export const DAGS_MOUNT = '/opt/airflow/dags';
/** The pinned git-sync image. */
export const GIT_SYNC_DEFAULT_IMAGE = 'registry.k8s.io/git-sync/git-sync:v4.4.2';
/** git-sync runs as its own user. */
const GIT_SYNC_IDENTITY = { user: 65533, group: 65533, fsGroup: 65533 };
const GIT_SYNC_RESOURCES: ResolvedResources = { cpu: '20m', memory: '64Mi', memoryLimit: '256Mi' };
const GIT_ROOT = '/git';
const GIT_SECRET_DIR = '/etc/git-secret';

/** Credentials for an HTTPS Git remote, read from a Secret. */
export interface GitHttpsAuth {
  readonly kind: 'https';
  /** Secret holding the credentials. */
  readonly secretName: string;
  /** Key of the user name. @default 'username' */
  readonly usernameKey?: string;
  /** Key of the password or token. @default 'password' */
  readonly passwordKey?: string;
}

/** An SSH key for a Git remote and the host keys to trust, read from a Secret. */
export interface GitSshAuth {
  readonly kind: 'ssh';
  /** Secret holding the key and known_hosts. */
  readonly secretName: string;
  /** Key of the private key. @default 'ssh' */
  readonly privateKeyKey?: string;
  /**
   * Key of the known_hosts file. Required: without it git-sync would trust any server that
   * answers, and a spoofed remote could serve DAGs, which run as code in Airflow.
   */
  readonly knownHostsKey: string;
}

/** How git-sync authenticates. */
export type GitAuth = GitHttpsAuth | GitSshAuth;

/** Settings of git-sync. */
export interface GitSyncProps {
  /** Repository URL, e.g. `git@github.com:acme/dags.git` or `https://github.com/acme/dags.git`. */
  readonly repo: string;
  /** Branch, tag or commit. @default 'main' */
  readonly ref?: string;
  /** Folder of the repository holding the DAGs. @default - the repository root */
  readonly subPath?: string;
  /** Time between syncs. @default Duration.seconds(60) */
  readonly period?: Duration;
  /** Credentials. @default - none (a public HTTPS repository) */
  readonly auth?: GitAuth;
  /** git-sync image, pinned. @default 'registry.k8s.io/git-sync/git-sync:v4.4.2' */
  readonly image?: string;
}

/** DAGs baked into the Airflow image. */
export class BakedDags {
  public readonly kind = 'baked';
}

/** DAGs synced from Git. */
export class GitSyncDags {
  public readonly kind = 'git-sync';
  constructor(public readonly props: GitSyncProps) {}
}

/** DAGs on an existing PersistentVolumeClaim (filled by CI, an rsync job, ...). */
export class VolumeDags {
  public readonly kind = 'volume';
  constructor(public readonly props: { readonly claimName: string; readonly subPath?: string }) {}
}

/** Where DAG files come from. */
export type DagSource = BakedDags | GitSyncDags | VolumeDags;

/** Factories for `DagSource` and git credentials. */
export const DagSource = {
  /** DAGs are in the image at `/opt/airflow/dags` (build your own image `FROM apache/airflow`). */
  baked(): BakedDags {
    return new BakedDags();
  },
  /** git-sync v4: a sidecar in DAG-reading components, a one-shot init container in task pods. */
  gitSync(props: GitSyncProps): GitSyncDags {
    return new GitSyncDags(props);
  },
  /** An existing PersistentVolumeClaim (ReadOnlyMany or ReadWriteMany), mounted read-only. */
  persistentVolumeClaim(claimName: string, subPath?: string): VolumeDags {
    return new VolumeDags({ claimName, subPath });
  },
};

/** Factories for `GitAuth`. */
export const GitAuth = {
  https(props: Omit<GitHttpsAuth, 'kind'>): GitHttpsAuth {
    return { kind: 'https', ...props };
  },
  ssh(props: Omit<GitSshAuth, 'kind'>): GitSshAuth {
    return { kind: 'ssh', ...props };
  },
};

/** `[core] dags_folder` for a source. */
export function dagsFolder(source: DagSource): string {
  if (source instanceof GitSyncDags) return joinPath(`${DAGS_MOUNT}/repo`, source.props.subPath);
  return DAGS_MOUNT;
}

/** What pods reading DAGs get: a volume, the mount, and the git-sync containers. */
export interface DagDelivery {
  readonly volumes: k8s.Volume[];
  readonly mount?: k8s.VolumeMount;
  /** git-sync sidecar for long-running components. */
  readonly sidecar?: k8s.Container;
  /** One-shot git-sync init container for task pods. */
  readonly initContainer?: k8s.Container;
}

/** The volumes and containers that deliver DAGs to a pod. */
export function dagDelivery(source: DagSource): DagDelivery {
  if (source instanceof VolumeDags) {
    return {
      volumes: [{ name: 'dags', persistentVolumeClaim: { claimName: source.props.claimName, readOnly: true } }],
      mount: { name: 'dags', mountPath: DAGS_MOUNT, subPath: source.props.subPath, readOnly: true },
    };
  }
  if (!(source instanceof GitSyncDags)) return { volumes: [] };
  const auth = source.props.auth;
  const volumes: k8s.Volume[] = [{ name: 'dags', emptyDir: {} }, { name: 'git-sync-tmp', emptyDir: {} }];
  if (auth?.kind === 'ssh') {
    volumes.push({
      name: 'git-secret',
      // Group-readable for the pod's fsGroup; owned by root, so ssh does not reject the key.
      secret: { secretName: auth.secretName, defaultMode: 0o440 },
    });
  }
  return {
    volumes,
    mount: { name: 'dags', mountPath: DAGS_MOUNT, readOnly: true },
    sidecar: gitSyncContainer(source.props, false),
    initContainer: gitSyncContainer(source.props, true),
  };
}

function gitSyncContainer(props: GitSyncProps, oneTime: boolean): k8s.Container {
  const env: k8s.EnvVar[] = [
    { name: 'GITSYNC_REPO', value: props.repo },
    { name: 'GITSYNC_REF', value: props.ref ?? 'main' },
    { name: 'GITSYNC_ROOT', value: GIT_ROOT },
    { name: 'GITSYNC_LINK', value: 'repo' },
    { name: 'GITSYNC_DEPTH', value: '1' },
    { name: 'GITSYNC_PERIOD', value: `${(props.period ?? Duration.seconds(60)).toSeconds()}s` },
    { name: 'HOME', value: '/tmp' },
  ];
  if (oneTime) env.push({ name: 'GITSYNC_ONE_TIME', value: 'true' });
  const mounts: k8s.VolumeMount[] = [
    { name: 'dags', mountPath: GIT_ROOT },
    { name: 'git-sync-tmp', mountPath: '/tmp' },
  ];
  const auth = props.auth;
  if (auth?.kind === 'https') {
    env.push({ name: 'GITSYNC_USERNAME', valueFrom: { secretKeyRef: { name: auth.secretName, key: auth.usernameKey ?? 'username' } } });
    env.push({ name: 'GITSYNC_PASSWORD', valueFrom: { secretKeyRef: { name: auth.secretName, key: auth.passwordKey ?? 'password' } } });
  } else if (auth?.kind === 'ssh') {
    env.push(
      { name: 'GITSYNC_SSH_KEY_FILE', value: `${GIT_SECRET_DIR}/${auth.privateKeyKey ?? 'ssh'}` },
      { name: 'GITSYNC_SSH_KNOWN_HOSTS', value: 'true' },
      { name: 'GITSYNC_SSH_KNOWN_HOSTS_FILE', value: `${GIT_SECRET_DIR}/${auth.knownHostsKey}` },
    );
    mounts.push({ name: 'git-secret', mountPath: GIT_SECRET_DIR, readOnly: true });
  }
  return {
    name: oneTime ? 'git-sync-init' : 'git-sync',
    image: props.image ?? GIT_SYNC_DEFAULT_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    env,
    resources: toResourceRequirements(GIT_SYNC_RESOURCES),
    securityContext: restrictedContainerSecurityContext(GIT_SYNC_IDENTITY),
    volumeMounts: mounts,
  };
}

function joinPath(base: string, sub: string | undefined): string {
  const trimmed = (sub ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed ? `${base}/${trimmed}` : base;
}
