/** Checks the task pod families of an instance and reports every problem with its prop path. */
import { ValidationProblems, show } from '../errors';
import { DagSource } from '../model/dags';
import { TaskPodFamily, TaskPodsProps } from '../model/task-pod-family';
import { SparkTaskPodFamily } from '../model/task-pod-presets';
import { DEFAULT_TASK_POD_TEMPLATE } from './addresses';
import { checkImage, checkInteger, isDnsLabel } from './checks';
import { resolveTaskPodMetadata } from './extensions';
import { resolveResources, validateResources } from './resources';
import { checkScheduling } from './scheduling';
import { checkSparkConf } from './spark-conf';
import { checkFamilyEnv } from './task-pod-env';
import { checkFamilyVolumes } from './task-pod-volumes';

export { OWNED_SPARK_CONF, SPARK_PULL_SECRETS } from './spark-conf';

/** What the families are checked against besides their own props. */
export interface TaskPodsContext {
  /** Where DAGs come from: executor templates then mount them. @default DagSource.baked() */
  readonly dags?: DagSource;
  /** Env the library sets in executor templates, with the prop it comes from. @default - none */
  readonly reservedEnv?: ReadonlyMap<string, string>;
}

/**
 * Validates `taskPods` and returns the families and the operator namespace.
 *
 * @param executors the kind of the executor (`'KubernetesExecutor'`), or the kinds of all of them
 */
export function validateTaskPods(
  problems: ValidationProblems,
  props: TaskPodsProps | undefined,
  executors: string | readonly string[],
  namespace: string,
  context: TaskPodsContext = {},
): { families: readonly TaskPodFamily[]; operatorNamespace: string } {
  const kubernetesExecutor = (typeof executors === 'string' ? [executors] : executors).includes('KubernetesExecutor');
  const families = props?.families ?? [];
  const operatorNamespace = props?.operatorNamespace ?? namespace;
  if (props?.operatorNamespace !== undefined && !isDnsLabel(operatorNamespace)) {
    problems.add('taskPods.operatorNamespace', `must be a lowercase RFC 1123 label (a-z, 0-9, '-'), got ${show(operatorNamespace)}`);
  }
  const seen = new Map<string, string>();
  if (kubernetesExecutor) seen.set(DEFAULT_TASK_POD_TEMPLATE, 'the KubernetesExecutor\'s default template');
  let sparkFamilies = 0;

  families.forEach((family, i) => {
    const prop = `taskPods.families[${i}]`;
    if (!(family instanceof TaskPodFamily)) {
      problems.add(prop, 'must be created with TaskPodFamily.executor(...), TaskPodFamily.operator(...) or a TaskPodPresets factory');
      return;
    }
    const { name, image } = family.options;
    if (!isDnsLabel(name)) {
      problems.add(`${prop}.name`, `must be a lowercase RFC 1123 label (it names the file <name>.yaml and the ServiceAccount), got ${show(name)}`);
    } else if (seen.has(name)) {
      problems.add(`${prop}.name`, `"${name}" is already used by ${seen.get(name)}; family names must be unique`);
    } else {
      seen.set(name, prop);
    }
    if (family.kind === 'executor' && (image === undefined || image === '')) {
      problems.add(`${prop}.image`, 'is required: executor templates run "airflow tasks run", so give an image that contains Airflow, e.g. "apache/airflow:3.3.2"');
    } else {
      checkImage(problems, `${prop}.image`, image);
    }
    if (family.kind === 'executor' && !kubernetesExecutor) {
      problems.add(prop, `("${name}") is an executor template, which only KubernetesExecutor uses: use TaskPodFamily.operator(...) or switch to KubernetesExecutor`);
    }
    if (asksForDockerSocket(family)) {
      problems.add(prop, `("${name}") asks for the Docker socket: task pods never mount the node's Docker socket; run the tool's image as a KubernetesPodOperator family instead (README: "Leaving the Docker socket behind")`);
    }
    validateResources(resolveResources(family.defaultResources, family.options.resources), `${prop}.resources`, problems);
    checkScheduling(problems, prop, family.options);
    resolveTaskPodMetadata(problems, prop, family.options);
    if (family.options.runAs) {
      checkInteger(problems, `${prop}.runAs.user`, family.options.runAs.user, 1);
      checkInteger(problems, `${prop}.runAs.group`, family.options.runAs.group, 0);
    }
    checkFamilyVolumes(problems, prop, family, context.dags ?? DagSource.baked());
    checkFamilyEnv(problems, prop, family, context.reservedEnv ?? new Map());
    if (family instanceof SparkTaskPodFamily) {
      sparkFamilies++;
      checkSparkConf(problems, `${prop}.sparkConf`, family.sparkOptions.sparkConf);
    }
  });
  if (sparkFamilies > 1) problems.add('taskPods.families', `may contain at most one Spark family, got ${sparkFamilies}`);
  return { families, operatorNamespace };
}

/** A hostPath, a socket mount or the Celery worker's opt-in given to a task pod family. */
function asksForDockerSocket(family: TaskPodFamily): boolean {
  const options = family.options as unknown as Record<string, unknown>;
  if ('unsafeHostDockerSocket' in options || 'hostPath' in options) return true;
  return (family.options.volumes ?? []).some(
    (v) => 'hostPath' in (v as unknown as Record<string, unknown>) || /docker\.sock$/.test(v.mountPath),
  );
}
