/** Resolves and checks the Celery worker settings (CeleryExecutor only). */
import { Duration } from 'cdk8s';
import { ValidationProblems, show } from '../errors';
import { WorkerAutoscaling, replicaRange } from '../model/autoscaling';
import { SchedulingProps } from '../model/component';
import { WORKER_DEFAULT_RESOURCES } from '../model/defaults';
import { CeleryWorkerProps } from '../model/executor';
import { ResolvedResources } from '../model/resources';
import { checkInteger, checkWholeSeconds, secondsOf, showDuration } from './checks';
import { resolveComponent } from './components';
import { ResolvedExtensions } from './extensions';

/** Resolved worker settings. */
export interface ResolvedWorkers {
  /** Number of workers; undefined when an autoscaler owns it. */
  readonly replicas?: number;
  readonly scheduling: SchedulingProps;
  /** Seconds running tasks get to finish after SIGTERM. */
  readonly gracePeriodSeconds: number;
  /** The node's Docker socket (unsafe opt-in), with the group that may open it. */
  readonly hostDockerSocket?: { readonly groupId?: number };
  readonly concurrency: number;
  readonly queues: readonly string[];
  readonly autoscaling?: WorkerAutoscaling;
  readonly resources: ResolvedResources;
  /** What the user adds to the worker pods. */
  readonly extensions: ResolvedExtensions;
}

/** Fills in worker defaults and records every problem. */
export function resolveWorkers(problems: ValidationProblems, workers: CeleryWorkerProps, createNamespace: boolean): ResolvedWorkers {
  const autoscaling = workers.autoscaling;
  if (autoscaling) validateAutoscaling(problems, autoscaling, workers.replicas);
  const { replicas, resources, extensions } = resolveComponent(problems, 'executor.workers', autoscaling ? { ...workers, replicas: 1 } : workers, WORKER_DEFAULT_RESOURCES);
  const concurrency = workers.concurrency ?? 8;
  checkInteger(problems, 'executor.workers.concurrency', concurrency, 1);

  const gracePeriod = workers.gracePeriod ?? Duration.minutes(10);
  const graceSeconds = secondsOf(gracePeriod);
  const wholeGrace = graceSeconds !== undefined && Number.isInteger(graceSeconds) && graceSeconds >= 0;
  if (!wholeGrace) problems.add('executor.workers.gracePeriod', `must be a whole number of seconds, got ${showDuration(gracePeriod)}`);
  const gracePeriodSeconds = wholeGrace ? graceSeconds : 0;
  const longest = workers.longestTaskDuration;
  if (longest !== undefined) {
    const longestSeconds = secondsOf(longest);
    if (longestSeconds === undefined || !Number.isFinite(longestSeconds)) {
      problems.add('executor.workers.longestTaskDuration', `must be a finite Duration such as Duration.minutes(25), got ${showDuration(longest)}`);
    } else if (wholeGrace && longestSeconds > gracePeriodSeconds) {
      problems.add(
        'executor.workers.gracePeriod',
        `(${gracePeriodSeconds}s) is shorter than executor.workers.longestTaskDuration (${showDuration(longest)}): ` +
          'a scale-down or rollout would kill running tasks; raise gracePeriod',
      );
    }
  }

  const queues = workers.queues ?? ['default'];
  if (queues.length === 0) problems.add('executor.workers.queues', 'must name at least one queue');
  queues.forEach((q, i) => {
    if (!/^[A-Za-z0-9_.-]+$/.test(q)) problems.add(`executor.workers.queues[${i}]`, `must be a queue name (letters, digits, '_', '.', '-'), got ${show(q)}`);
  });

  let hostDockerSocket: ResolvedWorkers['hostDockerSocket'];
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
    extensions,
    scheduling: workers,
    gracePeriodSeconds,
    hostDockerSocket,
    concurrency,
    queues,
    autoscaling,
  };
}

/** Checks worker autoscaling against the other worker settings. */
export function validateAutoscaling(
  problems: ValidationProblems,
  autoscaling: WorkerAutoscaling,
  replicas: number | undefined,
): void {
  if (replicas !== undefined) {
    problems.add('executor.workers.replicas', 'cannot be set together with executor.workers.autoscaling: the autoscaler owns the replica count; use autoscaling minReplicas/maxReplicas');
  }
  const { min, max } = replicaRange(autoscaling);
  checkInteger(problems, 'executor.workers.autoscaling.minReplicas', min, 0);
  checkInteger(problems, 'executor.workers.autoscaling.maxReplicas', max, 1);
  if (min > max) problems.add('executor.workers.autoscaling.minReplicas', `(${min}) must not exceed maxReplicas (${max})`);
  if (autoscaling.kind === 'keda') {
    const cooldown = autoscaling.props.cooldownPeriod ?? Duration.minutes(5);
    const cooldownSeconds = checkWholeSeconds(problems, 'executor.workers.autoscaling.cooldownPeriod', cooldown, 0);
    if (cooldownSeconds !== undefined && cooldownSeconds < 30) {
      problems.add('executor.workers.autoscaling.cooldownPeriod', `must be at least 30s so workers are not removed between two polls, got ${cooldownSeconds}s`);
    }
    if (autoscaling.props.pollingInterval !== undefined) checkWholeSeconds(problems, 'executor.workers.autoscaling.pollingInterval', autoscaling.props.pollingInterval, 1);
  } else {
    const target = autoscaling.props.targetCpuUtilization ?? 80;
    if (!Number.isInteger(target) || target < 1 || target > 100) problems.add('executor.workers.autoscaling.targetCpuUtilization', `must be an integer percentage 1-100, got ${target}`);
  }
}
