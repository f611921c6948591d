/** `argocd-apps`: one Argo CD Application per deployment, each reading only its own manifest. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AirflowArgoCdApplication } from '../lib';
import { EXAMPLE_NAMESPACE } from './shared';

/**
 * The Git repository Argo CD reads `dist/` from. Replace it with the repository you commit this
 * project to before applying the Applications.
 */
export const GITOPS_REPO_URL = 'https://github.com/example-org/airflow-deploy.git';

/**
 * One Application per deployment chart. Each reads the folder `npm run synth` writes for that
 * chart, `dist/<chart>/`, and only its manifest file.
 */
export class ArgoCdApps extends Chart {
  /**
   * @param repoUrl the Git repository holding `dist/` (the e2e scenario `gitops.argocd` points it
   *   at a repository on the test node)
   */
  constructor(scope: Construct, deployments: readonly Chart[], id = 'argocd-apps', repoUrl = GITOPS_REPO_URL) {
    super(scope, id, { disableResourceNameHashes: true });
    for (const deployment of deployments) {
      new AirflowArgoCdApplication(this, deployment.node.id, {
        repoUrl,
        targetRevision: 'main',
        path: `dist/${deployment.node.id}`,
        manifestFile: `${deployment.node.id}.k8s.yaml`,
        destinationNamespace: deployment.namespace ?? EXAMPLE_NAMESPACE,
        automated: { prune: true, selfHeal: true },
      });
    }
  }
}
