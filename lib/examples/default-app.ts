/**
 * The example deployments `npm run synth` writes to `dist/`: the same Airflow with each executor,
 * with embedded PostgreSQL (and Redis for Celery) so they run on an empty cluster.
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Airflow } from '../airflow';
import { CeleryExecutor, KubernetesExecutor } from '../executor';
import { AirflowArgoCdApplication } from '../gitops/argocd-application';
import { TaskPodPresets } from '../pod-templates/presets';
import { TaskPodFamily } from '../pod-templates/task-pod-family';

/** The job families both examples offer to DAG authors: Spark, Hadoop and Python images. */
export function exampleTaskPodFamilies(): TaskPodFamily[] {
  return [TaskPodPresets.spark(), TaskPodPresets.hadoop(), TaskPodPresets.python()];
}

/** Namespace of the examples. */
export const EXAMPLE_NAMESPACE = 'airflow';

/** `dist/airflow-celery.k8s.yaml`: CeleryExecutor with one worker and embedded Redis. */
export class CeleryExample extends Chart {
  public readonly airflow: Airflow;
  constructor(scope: Construct, id = 'airflow-celery') {
    super(scope, id, { namespace: EXAMPLE_NAMESPACE, disableResourceNameHashes: true });
    this.airflow = new Airflow(this, 'airflow', {
      instance: 'airflow-celery',
      executor: new CeleryExecutor({ workers: { replicas: 1, concurrency: 8 } }),
      taskPods: { families: exampleTaskPodFamilies() },
    });
  }
}

/** `dist/airflow-kubernetes.k8s.yaml`: KubernetesExecutor, one pod per task, no broker. */
export class KubernetesExample extends Chart {
  public readonly airflow: Airflow;
  constructor(scope: Construct, id = 'airflow-kubernetes') {
    super(scope, id, { namespace: EXAMPLE_NAMESPACE, disableResourceNameHashes: true });
    this.airflow = new Airflow(this, 'airflow', {
      instance: 'airflow-kubernetes',
      executor: new KubernetesExecutor(),
      taskPods: {
        families: [
          ...exampleTaskPodFamilies(),
          // For Airflow tasks that need more memory: executor_config={"pod_template_file": ".../highmem.yaml"}.
          TaskPodFamily.executor({
            name: 'highmem',
            image: 'apache/airflow:3.1.7',
            resources: { cpu: '500m', memory: '2Gi', memoryLimit: '4Gi' },
          }),
        ],
      },
    });
  }
}

/**
 * The Git repository Argo CD reads `dist/` from. Replace it with the repository you commit this
 * project to before applying `dist/argocd-apps.k8s.yaml`.
 */
export const GITOPS_REPO_URL = 'https://github.com/example-org/airflow-deploy.git';

/** `dist/argocd-apps.k8s.yaml`: one Argo CD Application per deployment, each reading only its file. */
export class ArgoCdApps extends Chart {
  constructor(scope: Construct, deployments: readonly Chart[], id = 'argocd-apps') {
    super(scope, id, { disableResourceNameHashes: true });
    for (const deployment of deployments) {
      new AirflowArgoCdApplication(this, deployment.node.id, {
        repoUrl: GITOPS_REPO_URL,
        targetRevision: 'main',
        path: 'dist',
        manifestFile: `${deployment.node.id}.k8s.yaml`,
        destinationNamespace: EXAMPLE_NAMESPACE,
        automated: { prune: true, selfHeal: true },
      });
    }
  }
}

/** Builds the default app writing into `outdir`. */
export function buildDefaultApp(outdir: string): App {
  const app = new App({ outdir });
  const deployments = [new CeleryExample(app), new KubernetesExample(app)];
  new ArgoCdApps(app, deployments);
  return app;
}
