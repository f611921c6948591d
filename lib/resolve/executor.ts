/** Resolves the executor: which objects it needs and their settings. */
import { ValidationProblems } from '../errors';
import { EXECUTOR_POD_DEFAULT_RESOURCES } from '../model/defaults';
import { CeleryBroker, CeleryExecutor, Executor, KubernetesExecutor } from '../model/executor';
import { ResolvedResources } from '../model/resources';
import { ResolvedBroker, resolveBroker } from './broker';
import { checkLabelMap } from './k8s-rules';
import { resolveResources, validateResources } from './resources';
import { ResolvedWorkers, resolveWorkers } from './workers';

/** Props that only CeleryExecutor has; given to KubernetesExecutor they would silently do nothing. */
export const CELERY_ONLY_PROPS = ['workers', 'broker', 'redis', 'concurrency', 'flower', 'autoscaling'] as const;

/** Props that only KubernetesExecutor has; given to CeleryExecutor they would silently do nothing. */
export const KUBERNETES_ONLY_PROPS = ['taskPod'] as const;

/** The executor, resolved: Celery workers and broker, or the KubernetesExecutor's default task pod. */
export interface ResolvedExecutor {
  readonly executor: Executor;
  /** Celery workers (CeleryExecutor). */
  readonly worker?: ResolvedWorkers;
  /** The broker (CeleryExecutor). */
  readonly broker?: ResolvedBroker;
  /** The default task pod (KubernetesExecutor). */
  readonly taskPod?: { readonly resources: ResolvedResources; readonly nodeSelector?: Readonly<Record<string, string>> };
}

/** Resolves the `executor` prop. */
export function resolveExecutor(problems: ValidationProblems, executor: Executor, instance: string, createNamespace: boolean): ResolvedExecutor {
  if (executor instanceof CeleryExecutor) {
    for (const key of KUBERNETES_ONLY_PROPS) {
      if (key in (executor.props as object)) {
        problems.add(`executor.${key}`, 'is a KubernetesExecutor setting and does nothing under CeleryExecutor, whose tasks run in the Celery workers: remove it, or use new KubernetesExecutor({...})');
      }
    }
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
    checkLabelMap(problems, 'executor.taskPod.nodeSelector', executor.props.taskPod?.nodeSelector);
    return { executor, taskPod: { resources, nodeSelector: executor.props.taskPod?.nodeSelector } };
  }
  problems.add('executor', 'must be new CeleryExecutor(...) or new KubernetesExecutor(...)');
  return { executor };
}
