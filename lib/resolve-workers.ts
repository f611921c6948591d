/** Resolves and checks the Celery worker settings (CeleryExecutor only). */
import { Duration } from 'cdk8s';
import { WorkerAutoscaling } from './autoscaling';
import { ValidationProblems } from './errors';
import { CeleryWorkerProps } from './executor';
import { ResolvedResources } from './resources';
import { checkInteger, resolveComponent } from './validation';
import { validateAutoscaling } from './validate-operations';
import { CeleryWorkerOptions, WORKER_DEFAULT_RESOURCES } from './components/celery-worker';

/** Resolved worker settings. */
export interface ResolvedWorkers extends Omit<CeleryWorkerOptions, 'launchesPods' | 'podTemplates'> {
  readonly concurrency: number;
  readonly queues: readonly string[];
  readonly autoscaling?: WorkerAutoscaling;
  readonly resources: ResolvedResources;
}

/** Fills in worker defaults and records every problem. */
export function resolveWorkers(problems: ValidationProblems, workers: CeleryWorkerProps, createNamespace: boolean): ResolvedWorkers {
  const autoscaling = workers.autoscaling;
  if (autoscaling) validateAutoscaling(problems, autoscaling, workers.replicas);
  const { replicas, resources } = resolveComponent(problems, 'executor.workers', autoscaling ? { ...workers, replicas: 1 } : workers, WORKER_DEFAULT_RESOURCES);
  const concurrency = workers.concurrency ?? 8;
  checkInteger(problems, 'executor.workers.concurrency', concurrency, 1);

  const gracePeriodMillis = (workers.gracePeriod ?? Duration.minutes(10)).toMilliseconds();
  if (gracePeriodMillis % 1000 !== 0) problems.add('executor.workers.gracePeriod', `must be a whole number of seconds, got ${gracePeriodMillis}ms`);
  const gracePeriodSeconds = Math.floor(gracePeriodMillis / 1000);
  if (workers.longestTaskDuration && workers.longestTaskDuration.toSeconds() > gracePeriodSeconds) {
    problems.add(
      'executor.workers.gracePeriod',
      `(${gracePeriodSeconds}s) is shorter than executor.workers.longestTaskDuration (${workers.longestTaskDuration.toSeconds()}s): ` +
        'a scale-down or rollout would kill running tasks; raise gracePeriod',
    );
  }

  const queues = workers.queues ?? ['default'];
  if (queues.length === 0) problems.add('executor.workers.queues', 'must name at least one queue');
  queues.forEach((q, i) => {
    if (!/^[A-Za-z0-9_.-]+$/.test(q)) problems.add(`executor.workers.queues[${i}]`, `must be a queue name (letters, digits, '_', '.', '-'), got ${JSON.stringify(q)}`);
  });

  let hostDockerSocket: CeleryWorkerOptions['hostDockerSocket'];
  if (workers.unsafeHostDockerSocket === true) {
    hostDockerSocket = { groupId: workers.unsafeHostDockerSocketGroupId };
    if (workers.unsafeHostDockerSocketGroupId !== undefined) {
      checkInteger(problems, 'executor.workers.unsafeHostDockerSocketGroupId', workers.unsafeHostDockerSocketGroupId, 0);
    }
    if (createNamespace) {
      problems.add('executor.workers.unsafeHostDockerSocket', 'cannot be used with createNamespace: the namespace enforces Pod Security "restricted", which rejects the hostPath volume');
    }
  } else if (workers.unsafeHostDockerSocketGroupId !== undefined) {
    problems.add('executor.workers.unsafeHostDockerSocketGroupId', 'does nothing without executor.workers.unsafeHostDockerSocket: true');
  }

  return {
    replicas: autoscaling ? undefined : replicas,
    resources,
    scheduling: workers,
    gracePeriodSeconds,
    hostDockerSocket,
    concurrency,
    queues,
    autoscaling,
  };
}
