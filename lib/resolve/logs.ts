/** Resolves the settings a log choice implies and checks the log props. */
import { ValidationProblems, show } from '../errors';
import { AirflowSettings } from '../model/config';
import { RemoteLogs, SharedVolumeLogs, TaskLogs } from '../model/logs';
import { isDnsSubdomain } from './checks';
import { checkStorageSize } from './resources';
import { checkSecret } from './secrets';
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

const CONN_ID = /^[a-z0-9_]+$/;

/** Checks where task logs go. */
export function validateLogs(problems: ValidationProblems, logs: TaskLogs): void {
  if (logs instanceof RemoteLogs) {
    if (typeof logs.props.connectionId !== 'string' || !CONN_ID.test(logs.props.connectionId)) {
      problems.add('logs.connectionId', `must be an Airflow connection id (a-z, 0-9, _), got ${show(logs.props.connectionId)}`);
    }
    const folder = logs.props.baseLogFolder;
    if (typeof folder !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/\S+$/.test(folder)) {
      problems.add('logs.baseLogFolder', `must be a URL such as "s3://bucket/prefix" or "gs://bucket/prefix", got ${show(folder)}`);
    } else if (urlCredentialReason(folder) !== undefined) {
      problems.add('logs.baseLogFolder', `embeds a credential (${urlCredentialReason(folder)}) and lands in airflow.cfg, a ConfigMap in dist/: give it with "connection" (an Airflow connection from a Secret) instead`);
    }
    if (logs.props.connection !== undefined) checkSecret(problems, 'logs.connection', logs.props.connection, false);
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
