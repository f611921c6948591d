/**
 * Where DAG files come from, as a typed choice: baked into the image (default), synced from Git
 * by git-sync v4, read from an existing PersistentVolumeClaim, or shipped in a ConfigMap.
 * `[core] dags_folder` follows.
 */
import { Duration } from 'cdk8s';

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

/**
 * DAG files shipped with the manifests in a ConfigMap: no image build, no Git server, no volume.
 * For small deployments and examples; bounded to 200 KiB in total (client-side `kubectl apply`
 * keeps a copy of every object in a 256 KiB annotation). Edits reach running pods within about a
 * minute (the kubelet refreshes ConfigMap volumes).
 */
export class FileDags {
  public readonly kind = 'files';
  /** @param files file name (no folders) -> content, e.g. `{ 'etl.py': '...' }` */
  constructor(public readonly files: Readonly<Record<string, string>>) {}
}

/** Where DAG files come from. */
export type DagSource = BakedDags | GitSyncDags | VolumeDags | FileDags;

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
  /**
   * DAG files in a ConfigMap `<instance>-dags`, mounted read-only where DAGs are read (at most
   * 200 KiB in total): small deployments and examples without a Git server.
   *
   * @param files file name -> content; read them in your app, e.g. with `fs.readFileSync`
   */
  files(files: Readonly<Record<string, string>>): FileDags {
    return new FileDags(files);
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
