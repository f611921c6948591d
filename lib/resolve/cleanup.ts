/** Checks the cleanup CronJob props. */
import { ValidationProblems } from '../errors';
import { CleanupProps } from '../model/cleanup';
import { checkInteger } from './checks';

const CRON = /^(\S+\s+){4}\S+$/;

/** Checks the cleanup CronJobs (`kubernetesExecutor`: whether KubernetesExecutor is among the executors). */
export function validateCleanup(problems: ValidationProblems, cleanup: CleanupProps, kubernetesExecutor: boolean): void {
  if (cleanup.taskPods) {
    if (!kubernetesExecutor) problems.add('cleanup.taskPods', 'only applies to KubernetesExecutor (Celery tasks run in the workers, not in task pods)');
    if (cleanup.taskPods.schedule !== undefined && !CRON.test(cleanup.taskPods.schedule)) problems.add('cleanup.taskPods.schedule', `must be a cron expression with 5 fields, got ${JSON.stringify(cleanup.taskPods.schedule)}`);
  }
  if (cleanup.database) {
    if (cleanup.database.retentionDays !== undefined) checkInteger(problems, 'cleanup.database.retentionDays', cleanup.database.retentionDays, 1);
    if (cleanup.database.schedule !== undefined && !CRON.test(cleanup.database.schedule)) problems.add('cleanup.database.schedule', `must be a cron expression with 5 fields, got ${JSON.stringify(cleanup.database.schedule)}`);
  }
}
