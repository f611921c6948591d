import * as fs from 'fs';
import * as path from 'path';
import type { Scenario } from '../../harness/scenario';
import { Skip } from '../../harness/scenario';

const VERSION = 'v3.6.1';

/**
 * gitops.argocd: Argo CD's application controller and repo server, built from their Go module
 * (e2e/build/argocd.sh), syncing the KubernetesExecutor instance from a local Git repository.
 * Skipped, with the build's own words, when the module cannot be built here.
 */
export const gitopsArgoCd: Scenario = {
  id: 'gitops.argocd',
  timeoutSeconds: 60,
  async run(cluster) {
    const cache = process.env.CDK8S_AIRFLOW_E2E_CACHE ?? '/var/cache/cdk8s-airflow-e2e';
    const binary = path.join(cache, 'argocd', VERSION, 'bin', 'argocd');
    const log = path.join(cluster.repoDir, 'build/e2e/logs/steps/argocd.log');
    if (!fs.existsSync(binary)) {
      const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter((l) => l.trim()).slice(-3).join(' | ') : 'no build attempted in this checkout';
      throw new Skip(`Argo CD ${VERSION} could not be built from github.com/argoproj/argo-cd/v3 (bash e2e/build/argocd.sh): ${tail}`);
    }
    throw new Skip(`Argo CD ${VERSION} built (${binary}), but the sync scenario is not written yet`);
  },
};
