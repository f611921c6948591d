/**
 * Resolves one executor: Celery's workers, broker and Flower, or the KubernetesExecutor's default
 * task pod. The list of executors an instance runs is resolved in `executor-list.ts`.
 */
import { ValidationProblems } from '../errors';
import { EXECUTOR_POD_DEFAULT_RESOURCES } from '../model/defaults';
import { CeleryBroker, CeleryExecutor, KubernetesExecutor } from '../model/executor';
import { PodMetadataProps } from '../model/extensions';
import { ResolvedResources } from '../model/resources';
import { ResolvedBroker, resolveBroker } from './broker';
import { resolveTaskPodMetadata } from './extensions';
import { checkLabelMap } from './k8s-rules';
import { resolveResources, validateResources } from './resources';
import { ResolvedWorkers, resolveWorkers } from './workers';

/** Props that only CeleryExecutor has; given to KubernetesExecutor they would silently do nothing. */
export const CELERY_ONLY_PROPS = ['workers', 'broker', 'redis', 'concurrency', 'flower', 'autoscaling'] as const;

/** Props that only KubernetesExecutor has; given to CeleryExecutor they would silently do nothing. */
export const KUBERNETES_ONLY_PROPS = ['taskPod'] as const;

/** CeleryExecutor, resolved. */
export interface ResolvedCelery {
  readonly executor: CeleryExecutor;
  readonly worker: ResolvedWorkers;
  readonly broker: ResolvedBroker;
  /** Whether Flower runs. */
  readonly flower: boolean;
}

/** KubernetesExecutor, resolved: the default task pod. */
export interface ResolvedKubernetes {
  readonly executor: KubernetesExecutor;
  readonly taskPod: {
    readonly resources: ResolvedResources;
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /** ServiceAccount annotations, pod labels and annotations the user adds. */
    readonly metadata: Required<PodMetadataProps>;
  };
}

/**
 * Resolves a CeleryExecutor. Problems name props under `executor`; a caller resolving an entry of
 * a list passes `problems.renamed('executor', 'executor[i]')`.
 */
export function resolveCelery(problems: ValidationProblems, executor: CeleryExecutor, instance: string, createNamespace: boolean): ResolvedCelery {
  rejectProps(problems, executor.props, KUBERNETES_ONLY_PROPS, 'a KubernetesExecutor setting and does nothing under CeleryExecutor, whose tasks run in the Celery workers: move it to new KubernetesExecutor({...}), or remove it');
  const worker = resolveWorkers(problems, executor.props.workers ?? {}, createNamespace);
  const broker = resolveBroker(problems, executor.props.broker ?? CeleryBroker.embeddedRedis(), instance);
  return { executor, worker, broker, flower: executor.props.flower ?? false };
}

/** Resolves a KubernetesExecutor (problems as in `resolveCelery`). */
export function resolveKubernetes(problems: ValidationProblems, executor: KubernetesExecutor): ResolvedKubernetes {
  rejectProps(problems, executor.props, CELERY_ONLY_PROPS, 'a CeleryExecutor setting and does nothing under KubernetesExecutor: remove it or use new CeleryExecutor({...})');
  const resources = resolveResources(EXECUTOR_POD_DEFAULT_RESOURCES, executor.props.taskPod?.resources);
  validateResources(resources, 'executor.taskPod.resources', problems);
  checkLabelMap(problems, 'executor.taskPod.nodeSelector', executor.props.taskPod?.nodeSelector);
  const metadata = resolveTaskPodMetadata(problems, 'executor.taskPod', executor.props.taskPod);
  return { executor, taskPod: { resources, nodeSelector: executor.props.taskPod?.nodeSelector, metadata } };
}

/** Props of the other executor, which would do nothing here. */
function rejectProps(problems: ValidationProblems, props: object, keys: readonly string[], why: string): void {
  for (const key of keys) {
    if (key in props) problems.add(`executor.${key}`, `is ${why}`);
  }
}
