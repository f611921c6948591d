/**
 * An Argo CD Application that deploys one synthesized Airflow deployment from the committed
 * `dist/` folder of a Git repository.
 */
import { Construct } from 'constructs';
import { Application, ApplicationSpecIgnoreDifferences } from '../../imports/argocd-argoproj.io';
import { ValidationProblems } from '../errors';
import { isDnsLabel, isDnsSubdomain } from '../validation';

/** Argo CD's finalizer for cascading deletion (foreground). */
export const ARGOCD_RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

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

const PLAIN_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const EXAMPLE_REPO = 'https://github.com/acme/airflow-deploy.git';

/**
 * One argoproj.io/v1alpha1 Application syncing one file of synthesized manifests from Git.
 *
 * Argo CD 3.x tracks the objects it deploys with the `argocd.argoproj.io/tracking-id` annotation.
 * With the older `label` tracking method (the 2.x default), every object labelled
 * `app.kubernetes.io/instance: <Application name>` counts as part of the Application: that
 * includes the Secrets the bootstrap Job creates and the task pods the scheduler launches, so a
 * prune would delete them. Keep annotation tracking, or give the Application a name that differs
 * from the Airflow instance.
 */
export class AirflowArgoCdApplication extends Construct {
  /** The Application object, for overrides (`addJsonPatch`) that the props do not cover. */
  public readonly application: Application;

  /** Name of the Application, e.g. for `argocd app sync <name>`. */
  public readonly applicationName: string;

  constructor(scope: Construct, id: string, props: AirflowArgoCdApplicationProps) {
    super(scope, id);
    const problems = new ValidationProblems(this.node.path);
    const resolved = resolve(props, problems);
    problems.throwIfAny();
    this.applicationName = resolved.name;

    this.application = new Application(this, 'application', {
      metadata: {
        name: resolved.name,
        namespace: resolved.namespace,
        labels: {
          'app.kubernetes.io/name': 'airflow',
          'app.kubernetes.io/component': 'gitops',
          'app.kubernetes.io/part-of': 'airflow',
          'app.kubernetes.io/managed-by': 'cdk8s',
        },
        // Off by default: deleting, renaming or moving the Application (say, in an app of apps)
        // should not take Airflow down and kill running tasks. With the finalizer, deleting it
        // deletes every object in the file. What is not in the file stays: the PostgreSQL volume (a
        // StatefulSet claim, retained) and, under annotation tracking, the Secrets the bootstrap Job
        // generated, so a re-created Application finds its database and keys again.
        finalizers: resolved.cascadeDelete ? [ARGOCD_RESOURCES_FINALIZER] : undefined,
      },
      spec: {
        project: resolved.project,
        source: {
          repoUrl: resolved.repoUrl,
          targetRevision: resolved.targetRevision,
          path: resolved.path,
          directory: { include: resolved.manifestFile, recurse: false },
        },
        destination: { server: resolved.destinationServer, namespace: resolved.destinationNamespace },
        syncPolicy: {
          automated: resolved.automated,
          // No ServerSideApply: our objects are far below the size limit of client-side apply's
          // last-applied annotation, no other field manager co-owns them, and client-side apply is
          // what `kubectl apply -f dist/...` does, so both ways of deploying behave the same.
          syncOptions: ['CreateNamespace=true'],
        },
        ignoreDifferences: resolved.ignoreDifferences,
      },
    });
  }
}

interface ResolvedApplication {
  readonly name: string;
  readonly namespace: string;
  readonly project: string;
  readonly repoUrl: string;
  readonly targetRevision: string;
  readonly path: string;
  readonly manifestFile: string;
  readonly destinationServer: string;
  readonly destinationNamespace: string;
  readonly automated?: { prune: boolean; selfHeal: boolean };
  readonly cascadeDelete: boolean;
  readonly ignoreDifferences?: ApplicationSpecIgnoreDifferences[];
}

/** Applies defaults and records every problem with the props. */
function resolve(props: AirflowArgoCdApplicationProps, problems: ValidationProblems): ResolvedApplication {
  const repoUrl = props.repoUrl;
  if (typeof repoUrl !== 'string' || repoUrl.trim() === '') {
    problems.add('repoUrl', `must be set, e.g. "${EXAMPLE_REPO}"`);
  } else if (/\s/.test(repoUrl)) {
    problems.add('repoUrl', `must not contain whitespace, got ${JSON.stringify(repoUrl)}`);
  }

  const targetRevision = props.targetRevision ?? 'HEAD';
  problems.check(
    typeof targetRevision === 'string' && targetRevision !== '' && !/\s/.test(targetRevision),
    'targetRevision',
    `must be a branch, tag or commit such as "main" or "v1.2.0", got ${JSON.stringify(targetRevision)}`,
  );

  const path = props.path ?? 'dist';
  const pathOk = typeof path === 'string' && path !== '' && !path.startsWith('/') && !path.split('/').includes('..') && !/\s/.test(path);
  problems.check(pathOk, 'path', `must be a folder relative to the repository root such as "dist" ("." for the root), got ${JSON.stringify(path)}`);

  const manifestFile = props.manifestFile;
  const fileOk = typeof manifestFile === 'string' && PLAIN_FILE_NAME.test(manifestFile) && /\.ya?ml$/.test(manifestFile);
  if (manifestFile === undefined || manifestFile === '') {
    problems.add('manifestFile', 'must be set to the file name of one deployment inside "path", e.g. "airflow-celery.k8s.yaml"');
  } else if (!fileOk) {
    problems.add(
      'manifestFile',
      `must be the name of a .yaml or .yml file inside "path" (no folders or glob characters), e.g. "airflow-celery.k8s.yaml", got ${JSON.stringify(manifestFile)}`,
    );
  }

  const name = props.name ?? (fileOk ? manifestFile.replace(/(\.k8s)?\.ya?ml$/, '') : '');
  if (props.name !== undefined) {
    problems.check(isDnsSubdomain(name), 'name', `must be a valid Application name (lowercase RFC 1123 subdomain), got ${JSON.stringify(name)}`);
  } else if (fileOk && !isDnsSubdomain(name)) {
    problems.add('name', `defaults to manifestFile without its extension, ${JSON.stringify(name)}, which is not a valid Application name (lowercase RFC 1123 subdomain): set name`);
  }

  const namespace = props.namespace ?? 'argocd';
  problems.check(isDnsLabel(namespace), 'namespace', `must be a valid namespace (lowercase RFC 1123 label), got ${JSON.stringify(namespace)}`);
  const project = props.project ?? 'default';
  problems.check(isDnsSubdomain(project), 'project', `must be a valid AppProject name (lowercase RFC 1123 subdomain), got ${JSON.stringify(project)}`);
  if (props.destinationNamespace === undefined || props.destinationNamespace === '') {
    problems.add('destinationNamespace', 'must be set to the namespace of the deployment\'s objects, e.g. "airflow"');
  } else if (!isDnsLabel(props.destinationNamespace)) {
    problems.add('destinationNamespace', `must be a valid namespace (lowercase RFC 1123 label) such as "airflow", got ${JSON.stringify(props.destinationNamespace)}`);
  }
  const destinationServer = props.destinationServer ?? 'https://kubernetes.default.svc';
  problems.check(
    typeof destinationServer === 'string' && /^https?:\/\/[^\s/]+(\/\S*)?$/.test(destinationServer),
    'destinationServer',
    `must be the URL of a Kubernetes API server such as "https://kubernetes.default.svc", got ${JSON.stringify(destinationServer)}`,
  );

  const automated = props.automated;
  for (const key of ['prune', 'selfHeal'] as const) {
    const value = automated?.[key];
    problems.check(value === undefined || typeof value === 'boolean', `automated.${key}`, `must be true or false, got ${JSON.stringify(value)}`);
  }
  const cascadeDelete = props.cascadeDelete ?? false;
  problems.check(typeof cascadeDelete === 'boolean', 'cascadeDelete', `must be true or false, got ${JSON.stringify(cascadeDelete)}`);

  (props.ignoreDifferences ?? []).forEach((diff, i) => checkIgnoreDifference(diff, `ignoreDifferences[${i}]`, problems));

  return {
    name,
    namespace,
    project,
    repoUrl,
    targetRevision,
    path,
    manifestFile,
    destinationServer,
    destinationNamespace: props.destinationNamespace,
    automated: automated ? { prune: automated.prune ?? false, selfHeal: automated.selfHeal ?? false } : undefined,
    cascadeDelete,
    ignoreDifferences: props.ignoreDifferences?.map((d) => ({
      group: d.group,
      kind: d.kind,
      name: d.name,
      namespace: d.namespace,
      jsonPointers: d.jsonPointers ? [...d.jsonPointers] : undefined,
      jqPathExpressions: d.jqPathExpressions ? [...d.jqPathExpressions] : undefined,
      managedFieldsManagers: d.managedFieldsManagers ? [...d.managedFieldsManagers] : undefined,
    })),
  };
}

function checkIgnoreDifference(diff: ArgoCdIgnoreDifference, prop: string, problems: ValidationProblems): void {
  problems.check(typeof diff.kind === 'string' && diff.kind !== '', `${prop}.kind`, 'must be set, e.g. "Deployment"');
  const what = [diff.jsonPointers, diff.jqPathExpressions, diff.managedFieldsManagers].some((list) => (list?.length ?? 0) > 0);
  problems.check(what, prop, 'must list jsonPointers, jqPathExpressions or managedFieldsManagers: otherwise it ignores nothing');
  (diff.jsonPointers ?? []).forEach((pointer, j) =>
    problems.check(
      typeof pointer === 'string' && pointer.startsWith('/'),
      `${prop}.jsonPointers[${j}]`,
      `must be a JSON pointer starting with "/", e.g. "/spec/replicas", got ${JSON.stringify(pointer)}`,
    ),
  );
}
