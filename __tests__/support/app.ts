/** Synthesizes the default app's charts in memory. */
import { App, Testing } from 'cdk8s';
import { ArgoCdApps, CeleryExample, KubernetesExample, ProductionExample } from '../../lib/examples/default-app';
import { K8sObject } from './chart';

/** Objects of every example deployment, by output file name. */
export function synthExamples(): Record<string, K8sObject[]> {
  const app = new App({ outdir: Testing.app().outdir });
  const celery = new CeleryExample(app);
  const kubernetes = new KubernetesExample(app);
  const production = new ProductionExample(app);
  const argocd = new ArgoCdApps(app, [celery, kubernetes, production]);
  return {
    'airflow-celery.k8s.yaml': Testing.synth(celery) as K8sObject[],
    'airflow-kubernetes.k8s.yaml': Testing.synth(kubernetes) as K8sObject[],
    'airflow-production.k8s.yaml': Testing.synth(production) as K8sObject[],
    'argocd-apps.k8s.yaml': Testing.synth(argocd) as K8sObject[],
  };
}
