/** Resolves the settings a log choice implies and checks the log props. */
import { ValidationProblems } from '../errors';
import { AirflowSettings } from '../model/config';
import { RemoteLogs, SharedVolumeLogs, TaskLogs } from '../model/logs';
import { isQuantity } from '../quantity';
import { isDnsSubdomain } from './checks';
import { checkSecret } from './secrets';

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
      problems.add('logs.connectionId', `must be an Airflow connection id (a-z, 0-9, _), got ${JSON.stringify(logs.props.connectionId)}`);
    }
    if (typeof logs.props.baseLogFolder !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/./.test(logs.props.baseLogFolder)) {
      problems.add('logs.baseLogFolder', `must be a URL such as "s3://bucket/prefix" or "gs://bucket/prefix", got ${JSON.stringify(logs.props.baseLogFolder)}`);
    }
    if (logs.props.connection !== undefined) checkSecret(problems, 'logs.connection', logs.props.connection, false);
  }
  if (logs instanceof SharedVolumeLogs) {
    const mode = logs.props.accessMode ?? 'ReadWriteMany';
    if (mode !== 'ReadWriteMany') {
      problems.add('logs.accessMode', `must be "ReadWriteMany": every Airflow pod writes task logs to the shared volume, got ${JSON.stringify(mode)}`);
    }
    if (logs.props.size !== undefined && !isQuantity(logs.props.size)) problems.add('logs.size', `must be a quantity such as "20Gi", got ${JSON.stringify(logs.props.size)}`);
    if (logs.props.claimName !== undefined && !isDnsSubdomain(logs.props.claimName)) problems.add('logs.claimName', `must be a PersistentVolumeClaim name, got ${JSON.stringify(logs.props.claimName)}`);
  }
}
