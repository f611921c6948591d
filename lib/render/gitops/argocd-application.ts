/**
 * An Argo CD Application that deploys one synthesized Airflow deployment from the committed
 * `dist/` folder of a Git repository.
 */
import { Construct } from 'constructs';
import { Application } from '../../../imports/argocd-argoproj.io';
import { ValidationProblems } from '../../errors';
import { AirflowArgoCdApplicationProps } from '../../model/argocd-application';
import { resolveArgoCdApplication } from '../../resolve/argocd-application';

/** Argo CD's finalizer for cascading deletion (foreground). */
export const ARGOCD_RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

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
    const resolved = resolveArgoCdApplication(props, problems);
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
