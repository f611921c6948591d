/** Resolves the settings a log choice implies, how local log files are bounded, and checks the log props. */
import { Duration } from 'cdk8s';
import { ValidationProblems, show } from '../errors';
import { AirflowSettings } from '../model/config';
import { LOG_RETENTION_DEFAULT, LOGS_SIZE_LIMIT_DEFAULT } from '../model/defaults';
import { RemoteLogs, SharedVolumeLogs, TaskLogs } from '../model/logs';
import { isQuantity, parseQuantity } from '../quantity';
import { isDnsSubdomain } from './checks';
import { validateLogCredentials } from './log-credentials';
import { checkStorageSize } from './resources';
import { urlCredentialReason } from './sensitive-names';

/** The env name Airflow reads a connection from. */
export function connectionEnvName(connectionId: string): string {
  return `AIRFLOW_CONN_${connectionId.toUpperCase()}`;
}

/** Settings a log choice implies. */
export function logSettings(logs: TaskLogs): AirflowSettings {
  if (!(logs instanceof RemoteLogs)) return {};
  return {
    logging: {
      remote_logging: true,
      remote_log_conn_id: logs.props.connectionId,
      remote_base_log_folder: logs.props.baseLogFolder,
      delete_local_logs: true,
    },
  };
}

/** Share of the log emptyDir's size limit the log groomer keeps usage under. */
export const LOG_VOLUME_BUDGET = 0.8;

/** How log files on a pod's disk are bounded, resolved. */
export interface ResolvedLocalLogs {
  /** Size limit of the log emptyDir; absent when logs live on a shared claim. */
  readonly sizeLimit?: string;
  /** Files older than this many minutes are deleted. */
  readonly retentionMinutes: number;
  /** The groomer deletes the oldest files while usage is above this many KiB (emptyDir only). */
  readonly budgetKiB?: number;
}

/** The bounds of local log files for a log choice. */
export function resolveLocalLogs(logs: TaskLogs): ResolvedLocalLogs {
  const retention = logs.props?.retention ?? LOG_RETENTION_DEFAULT;
  const retentionMinutes = Math.round(retention.toMinutes({ integral: false }));
  if (logs instanceof SharedVolumeLogs) return { retentionMinutes };
  const sizeLimit = logs.props.sizeLimit ?? LOGS_SIZE_LIMIT_DEFAULT;
  const budgetKiB = isQuantity(sizeLimit) ? Math.floor((parseQuantity(sizeLimit) * LOG_VOLUME_BUDGET) / 1024) : undefined;
  return { sizeLimit, retentionMinutes, budgetKiB };
}

const CONN_ID = /^[a-z0-9_]+$/;
const MIN_LOG_VOLUME_BYTES = 64 * 2 ** 20;

/** Checks where task logs go and how local log files are bounded. */
export function validateLogs(problems: ValidationProblems, logs: TaskLogs): void {
  const retention: Duration | undefined = logs.props?.retention;
  if (retention !== undefined && !(retention instanceof Duration && retention.toMinutes({ integral: false }) >= 1)) {
    problems.add('logs.retention', 'must be a Duration of at least one minute, e.g. Duration.days(7)');
  }
  if (!(logs instanceof SharedVolumeLogs) && logs.props.sizeLimit !== undefined) {
    const size = logs.props.sizeLimit;
    if (!isQuantity(size) || parseQuantity(size) < MIN_LOG_VOLUME_BYTES) {
      problems.add('logs.sizeLimit', `must be a quantity of at least 64Mi such as "5Gi", got ${show(size)}`);
    }
  }
  if (logs instanceof RemoteLogs) {
    if (typeof logs.props.connectionId !== 'string' || !CONN_ID.test(logs.props.connectionId)) {
      problems.add('logs.connectionId', `must be an Airflow connection id (a-z, 0-9, _), got ${show(logs.props.connectionId)}`);
    }
    const folder = logs.props.baseLogFolder;
    if (typeof folder !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/\S+$/.test(folder)) {
      problems.add('logs.baseLogFolder', `must be a URL such as "s3://bucket/prefix" or "gs://bucket/prefix", got ${show(folder)}`);
    } else if (urlCredentialReason(folder) !== undefined) {
      problems.add('logs.baseLogFolder', `embeds a credential (${urlCredentialReason(folder)}) and lands in airflow.cfg, a ConfigMap in dist/: give it with credentials: RemoteLogCredentials.connection(secret) (an Airflow connection from a Secret) instead`);
    }
    validateLogCredentials(problems, logs.props);
  }
  if (logs instanceof SharedVolumeLogs) {
    const mode = logs.props.accessMode ?? 'ReadWriteMany';
    if (mode !== 'ReadWriteMany') {
      problems.add('logs.accessMode', `must be "ReadWriteMany": every Airflow pod writes task logs to the shared volume, got ${show(mode)}`);
    }
    if (logs.props.size !== undefined) checkStorageSize(problems, 'logs.size', logs.props.size, '20Gi');
    if (logs.props.claimName !== undefined && !isDnsSubdomain(logs.props.claimName)) problems.add('logs.claimName', `must be a PersistentVolumeClaim name, got ${show(logs.props.claimName)}`);
    if (logs.props.storageClassName !== undefined && !isDnsSubdomain(logs.props.storageClassName)) {
      problems.add('logs.storageClassName', `must be a StorageClass name (lowercase RFC 1123 subdomain), got ${show(logs.props.storageClassName)}`);
    }
    if (logs.props.claimName !== undefined) {
      // Only a claim this library creates has a size and a class; an existing claim has its own.
      for (const prop of ['size', 'storageClassName'] as const) {
        if (logs.props[prop] !== undefined) problems.add(`logs.${prop}`, 'does nothing with logs.claimName: the existing claim keeps its own; remove it, or drop claimName to have the claim created');
      }
    }
  }
}
