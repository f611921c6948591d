/** Checks the cleanup CronJob props. */
import { ValidationProblems, show } from '../errors';
import { CleanupProps } from '../model/cleanup';
import { checkInteger } from './checks';
import { cronProblem } from './cron';

/** Checks the cleanup CronJobs (`kubernetesExecutor`: whether KubernetesExecutor is among the executors). */
export function validateCleanup(problems: ValidationProblems, cleanup: CleanupProps, kubernetesExecutor: boolean): void {
  if (cleanup.taskPods) {
    if (!kubernetesExecutor) problems.add('cleanup.taskPods', 'only applies to KubernetesExecutor (Celery tasks run in the workers, not in task pods)');
    checkSchedule(problems, 'cleanup.taskPods.schedule', cleanup.taskPods.schedule);
  }
  if (cleanup.database) {
    if (cleanup.database.retentionDays !== undefined) checkInteger(problems, 'cleanup.database.retentionDays', cleanup.database.retentionDays, 1);
    checkSchedule(problems, 'cleanup.database.schedule', cleanup.database.schedule);
  }
}

function checkSchedule(problems: ValidationProblems, prop: string, schedule: string | undefined): void {
  if (schedule === undefined) return;
  const problem = cronProblem(schedule);
  if (problem !== undefined) problems.add(prop, `must be a cron expression with 5 fields such as "0 3 * * *" (${problem}), got ${show(schedule)}`);
}
