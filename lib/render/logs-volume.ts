/** The `logs` volume of Airflow pods for a log choice. */
import { k8s } from 'cdk8s-plus-27';
import { SharedVolumeLogs, TaskLogs } from '../model/logs';

/** The `logs` volume of Airflow pods for a log choice. */
export function logsVolume(logs: TaskLogs, instance: string): k8s.Volume {
  if (logs instanceof SharedVolumeLogs) {
    return { name: 'logs', persistentVolumeClaim: { claimName: logs.props.claimName ?? `${instance}-logs` } };
  }
  return { name: 'logs', emptyDir: {} };
}
