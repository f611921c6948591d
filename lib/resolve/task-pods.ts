/** Checks the task pod families of an instance and reports every problem with its prop path. */
import { ValidationProblems } from '../errors';
import { TaskPodFamily, TaskPodsProps } from '../model/task-pod-family';
import { SparkTaskPodFamily } from '../model/task-pod-presets';
import { DEFAULT_TASK_POD_TEMPLATE } from './addresses';
import { checkImage, checkInteger, isDnsLabel } from './checks';
import { resolveTaskPodMetadata } from './extensions';
import { resolveResources, validateResources } from './resources';

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Validates `taskPods` and returns the families and the operator namespace. */
export function validateTaskPods(
  problems: ValidationProblems,
  props: TaskPodsProps | undefined,
  executorKind: string,
  namespace: string,
): { families: readonly TaskPodFamily[]; operatorNamespace: string } {
  const families = props?.families ?? [];
  const operatorNamespace = props?.operatorNamespace ?? namespace;
  if (props?.operatorNamespace !== undefined && !isDnsLabel(operatorNamespace)) {
    problems.add('taskPods.operatorNamespace', `must be a lowercase RFC 1123 label (a-z, 0-9, '-'), got ${JSON.stringify(operatorNamespace)}`);
  }
  const seen = new Map<string, string>();
  if (executorKind === 'KubernetesExecutor') seen.set(DEFAULT_TASK_POD_TEMPLATE, 'the KubernetesExecutor\'s default template');
  let sparkFamilies = 0;

  families.forEach((family, i) => {
    const prop = `taskPods.families[${i}]`;
    if (!(family instanceof TaskPodFamily)) {
      problems.add(prop, 'must be created with TaskPodFamily.executor(...), TaskPodFamily.operator(...) or a TaskPodPresets factory');
      return;
    }
    const { name, image } = family.options;
    if (!isDnsLabel(name)) {
      problems.add(`${prop}.name`, `must be a lowercase RFC 1123 label (it names the file <name>.yaml and the ServiceAccount), got ${JSON.stringify(name)}`);
    } else if (seen.has(name)) {
      problems.add(`${prop}.name`, `"${name}" is already used by ${seen.get(name)}; family names must be unique`);
    } else {
      seen.set(name, prop);
    }
    if (family.kind === 'executor' && (image === undefined || image === '')) {
      problems.add(`${prop}.image`, 'is required: executor templates run "airflow tasks run", so give an image that contains Airflow, e.g. "apache/airflow:3.1.7"');
    } else {
      checkImage(problems, `${prop}.image`, image);
    }
    if (family.kind === 'executor' && executorKind !== 'KubernetesExecutor') {
      problems.add(prop, `("${name}") is an executor template, which only KubernetesExecutor uses: use TaskPodFamily.operator(...) or switch to KubernetesExecutor`);
    }
    if (asksForDockerSocket(family)) {
      problems.add(prop, `("${name}") asks for the Docker socket: task pods never mount the node's Docker socket; run the tool's image as a KubernetesPodOperator family instead (README: "Leaving the Docker socket behind")`);
    }
    validateResources(resolveResources(family.defaultResources, family.options.resources), `${prop}.resources`, problems);
    resolveTaskPodMetadata(problems, prop, family.options);
    if (family.options.runAs) {
      checkInteger(problems, `${prop}.runAs.user`, family.options.runAs.user, 1);
      checkInteger(problems, `${prop}.runAs.group`, family.options.runAs.group, 0);
    }
    (family.options.writablePaths ?? []).forEach((path, j) => {
      if (!path.startsWith('/')) problems.add(`${prop}.writablePaths[${j}]`, `must be an absolute path, got ${JSON.stringify(path)}`);
    });
    for (const key of Object.keys(family.options.env ?? {})) {
      if (!ENV_NAME.test(key)) problems.add(`${prop}.env.${key}`, 'is not a valid environment variable name');
    }
    (family.options.volumes ?? []).forEach((volume, j) => {
      const sources = [volume.configMapName, volume.secretName, volume.claimName, volume.emptyDir].filter((s) => s !== undefined && s !== false);
      if (sources.length !== 1) {
        problems.add(`${prop}.volumes[${j}]`, `("${volume.name}") must set exactly one of configMapName, secretName, claimName, emptyDir`);
      }
    });
    if (family instanceof SparkTaskPodFamily) {
      sparkFamilies++;
      for (const key of Object.keys(family.sparkOptions.sparkConf ?? {})) {
        if (key === SPARK_PULL_SECRETS) {
          problems.add(`${prop}.sparkConf.${key}`, 'is set by cdk8s-airflow from the instance\'s imagePullSecrets: set imagePullSecrets instead');
        } else if (OWNED_SPARK_CONF.includes(key)) {
          problems.add(`${prop}.sparkConf.${key}`, 'is set by cdk8s-airflow (derived from the namespace, image and pod templates) and cannot be overridden');
        }
      }
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

/** The Spark setting that carries the instance's `imagePullSecrets` to driver and executors. */
export const SPARK_PULL_SECRETS = 'spark.kubernetes.container.image.pullSecrets';

/** `spark-defaults.conf` entries derived from the wiring; users cannot override them. */
export const OWNED_SPARK_CONF = [
  'spark.master',
  'spark.submit.deployMode',
  'spark.kubernetes.namespace',
  'spark.kubernetes.container.image',
  'spark.kubernetes.authenticate.driver.serviceAccountName',
  'spark.kubernetes.driver.podTemplateFile',
  'spark.kubernetes.executor.podTemplateFile',
  'spark.kubernetes.driver.podTemplateContainerName',
  'spark.kubernetes.executor.podTemplateContainerName',
  SPARK_PULL_SECRETS,
];
