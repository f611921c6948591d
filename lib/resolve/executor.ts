/** Resolves the executor: which objects it needs and their settings. */
/** Props that only CeleryExecutor has; given to KubernetesExecutor they would silently do nothing. */
import { ValidationProblems } from '../errors';
import { EXECUTOR_POD_DEFAULT_RESOURCES } from '../model/defaults';
import { CeleryBroker, CeleryExecutor, Executor, KubernetesExecutor } from '../model/executor';
import { PodMetadataProps } from '../model/extensions';
import { ResolvedResources } from '../model/resources';
import { ResolvedBroker, resolveBroker } from './broker';
import { resolveTaskPodMetadata } from './extensions';
import { resolveResources, validateResources } from './resources';
import { ResolvedWorkers, resolveWorkers } from './workers';
export const CELERY_ONLY_PROPS = ['workers', 'broker', 'redis', 'concurrency', 'flower', 'autoscaling'] as const;

/** The executor, resolved: Celery workers and broker, or the KubernetesExecutor's default task pod. */
export interface ResolvedExecutor {
  readonly executor: Executor;
  /** Celery workers (CeleryExecutor). */
  readonly worker?: ResolvedWorkers;
  /** The broker (CeleryExecutor). */
  readonly broker?: ResolvedBroker;
  /** The default task pod (KubernetesExecutor). */
  readonly taskPod?: {
    readonly resources: ResolvedResources;
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /** ServiceAccount annotations, pod labels and annotations the user adds. */
    readonly metadata: Required<PodMetadataProps>;
  };
}

/** Resolves the `executor` prop. */
export function resolveExecutor(problems: ValidationProblems, executor: Executor, instance: string, createNamespace: boolean): ResolvedExecutor {
  if (executor instanceof CeleryExecutor) {
    const worker = resolveWorkers(problems, executor.props.workers ?? {}, createNamespace);
    const broker = resolveBroker(problems, executor.props.broker ?? CeleryBroker.embeddedRedis(), instance);
    return { executor, worker, broker };
  }
  if (executor instanceof KubernetesExecutor) {
    for (const key of CELERY_ONLY_PROPS) {
      if (key in (executor.props as object)) {
        problems.add(`executor.${key}`, 'is a CeleryExecutor setting and does nothing under KubernetesExecutor: remove it or use new CeleryExecutor({...})');
      }
    }
    const resources = resolveResources(EXECUTOR_POD_DEFAULT_RESOURCES, executor.props.taskPod?.resources);
    validateResources(resources, 'executor.taskPod.resources', problems);
    const metadata = resolveTaskPodMetadata(problems, 'executor.taskPod', executor.props.taskPod);
    return { executor, taskPod: { resources, nodeSelector: executor.props.taskPod?.nodeSelector, metadata } };
  }
  problems.add('executor', 'must be new CeleryExecutor(...) or new KubernetesExecutor(...)');
  return { executor };
}
