/**
 * The report over a whole output folder: one entry per Airflow deployment file, the files that are
 * not deployments, and the Celery vs Kubernetes comparison when both executors are present (with
 * the deployment running both at once, when there is one).
 */
import { DeploymentReport, ManifestFile, deploymentReport, isAirflowDeployment } from './deployment-report';
import { ExecutorComparison, compareExecutors, pickExecutorPair } from './executor-comparison';
import { byText, kindOf, sortedBy } from './objects';

/** A file left out of the per-deployment report. */
export interface SkippedFile {
  readonly file: string;
  /** Kinds of its objects, sorted. */
  readonly kinds: readonly string[];
}

/** Everything the report says about an output folder. */
export interface OutputReport {
  /** Deployments sorted by file name. */
  readonly deployments: readonly DeploymentReport[];
  readonly skipped: readonly SkippedFile[];
  readonly comparison?: ExecutorComparison;
}

/** Builds the report from the parsed files of an output folder. */
export function buildOutputReport(manifests: readonly ManifestFile[]): OutputReport {
  const sorted = sortedBy(manifests, (m) => m.file);
  const deployments = sorted.filter((m) => isAirflowDeployment(m.objects)).map(deploymentReport);
  const skipped = sorted
    .filter((m) => !isAirflowDeployment(m.objects))
    .map((m) => ({ file: m.file, kinds: [...new Set(m.objects.map(kindOf))].sort(byText) }));
  const pair = pickExecutorPair(deployments, sorted);
  const objectsOf = (file: string) => sorted.find((m) => m.file === file)?.objects ?? [];
  return {
    deployments,
    skipped,
    comparison: pair && compareExecutors(
      pair.celery, objectsOf(pair.celery.file),
      pair.kubernetes, objectsOf(pair.kubernetes.file),
      pair.both && { report: pair.both, objects: objectsOf(pair.both.file) },
    ),
  };
}
