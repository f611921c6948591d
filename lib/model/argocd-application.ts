/** An Argo CD Application for one synthesized deployment. */

/** Automated sync: Argo CD applies every new commit without someone pressing "Sync". */
export interface ArgoCdAutomatedSync {
  /**
   * Delete objects that are no longer in the manifest file (for example the Celery worker and
   * Redis after switching to KubernetesExecutor).
   *
   * @default false - objects removed from the file stay in the cluster, shown as "requires pruning"
   */
  readonly prune?: boolean;

  /**
   * Revert changes made in the cluster (for example `kubectl scale`) to what the file says.
   *
   * @default false - live changes stay until the next commit touches the object
   */
  readonly selfHeal?: boolean;
}

/** A part of some objects that Argo CD should ignore when comparing Git with the cluster. */
export interface ArgoCdIgnoreDifference {
  /** Kind of the objects, e.g. `Deployment`. */
  readonly kind: string;

  /**
   * API group of the objects, e.g. `apps`.
   *
   * @default - the core group ("")
   */
  readonly group?: string;

  /**
   * Only the object with this name.
   *
   * @default - every object of the kind
   */
  readonly name?: string;

  /**
   * Only objects in this namespace.
   *
   * @default - every namespace
   */
  readonly namespace?: string;

  /**
   * JSON pointers (RFC 6901) to ignore, e.g. `/spec/replicas`.
   *
   * @default - none
   */
  readonly jsonPointers?: readonly string[];

  /**
   * jq path expressions to ignore, e.g. `.spec.template.spec.containers[].image`.
   *
   * @default - none
   */
  readonly jqPathExpressions?: readonly string[];

  /**
   * Ignore fields owned by these field managers, e.g. `kube-controller-manager`.
   *
   * @default - none
   */
  readonly managedFieldsManagers?: readonly string[];
}

/** Where the manifest lives and where Argo CD deploys it. */
export interface AirflowArgoCdApplicationProps {
  /** Git repository that holds the synthesized manifests, e.g. `https://github.com/acme/airflow-deploy.git`. */
  readonly repoUrl: string;

  /**
   * Branch, tag or commit to deploy.
   *
   * @default 'HEAD' - the repository's default branch
   */
  readonly targetRevision?: string;

  /**
   * Folder in the repository that holds the manifest file (`.` for the repository root).
   *
   * @default 'dist'
   */
  readonly path?: string;

  /**
   * File name, inside `path`, of the one deployment this Application syncs, e.g.
   * `airflow-celery.k8s.yaml`. Argo CD reads every `.yaml`, `.yml` and `.json` file of a directory
   * source, so the source includes exactly this file: the other deployments in the folder (which
   * are alternatives, not layers) and the file holding the Applications themselves are not read.
   */
  readonly manifestFile: string;

  /**
   * Namespace Argo CD deploys into, created if missing (`CreateNamespace=true`). Use the namespace
   * the manifest's objects are in: objects that name their namespace (all of ours do) go there
   * regardless.
   */
  readonly destinationNamespace: string;

  /**
   * API server of the cluster to deploy to.
   *
   * @default 'https://kubernetes.default.svc' - the cluster Argo CD runs in
   */
  readonly destinationServer?: string;

  /**
   * Argo CD project (AppProject) the Application belongs to.
   *
   * @default 'default'
   */
  readonly project?: string;

  /**
   * Name of the Application.
   *
   * @default - `manifestFile` without `.k8s.yaml` (or `.yaml` / `.yml`), e.g. `airflow-celery`
   */
  readonly name?: string;

  /**
   * Namespace of the Application object: the namespace Argo CD watches for Applications.
   *
   * @default 'argocd'
   */
  readonly namespace?: string;

  /**
   * Sync every new commit automatically.
   *
   * @default - no automated sync: Argo CD shows the Application OutOfSync until someone syncs it
   */
  readonly automated?: ArgoCdAutomatedSync;

  /**
   * Whether deleting the Application also deletes the objects it deployed (Argo CD's
   * `resources-finalizer.argocd.argoproj.io` finalizer, foreground deletion).
   *
   * @default false - deleting the Application leaves Airflow running and its data in place
   */
  readonly cascadeDelete?: boolean;

  /**
   * Differences between Git and the cluster that Argo CD should not report as OutOfSync.
   *
   * @default - none: nothing in our manifests is changed by the cluster in a way that needs it
   */
  readonly ignoreDifferences?: readonly ArgoCdIgnoreDifference[];
}
