/** Housekeeping CronJobs, each off unless asked for. */

/** Settings of the cleanup CronJobs; each is off unless given. */
export interface CleanupProps {
  /**
   * Delete finished task pods (`airflow kubernetes cleanup-pods`), KubernetesExecutor only.
   *
   * @default - off
   */
  readonly taskPods?: { readonly schedule?: string };
  /**
   * Delete metadata rows older than `retentionDays` (`airflow db clean`).
   *
   * @default - off
   */
  readonly database?: { readonly schedule?: string; readonly retentionDays?: number };
}
