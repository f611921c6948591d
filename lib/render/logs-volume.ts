/** The `logs` volume of Airflow pods for a log choice. */
import { k8s } from 'cdk8s-plus-27';
import { SharedVolumeLogs, TaskLogs } from '../model/logs';
import { ResolvedLocalLogs } from '../resolve/logs';

/**
 * The `logs` volume of Airflow pods for a log choice: the shared claim, or an emptyDir with a size
 * limit (the log groomer keeps usage under it, so the kubelet never evicts the pod for logs).
 */
export function logsVolume(logs: TaskLogs, instance: string, local?: ResolvedLocalLogs): k8s.Volume {
  if (logs instanceof SharedVolumeLogs) {
    return { name: 'logs', persistentVolumeClaim: { claimName: logs.props.claimName ?? `${instance}-logs` } };
  }
  return { name: 'logs', emptyDir: local?.sizeLimit ? { sizeLimit: k8s.Quantity.fromString(local.sizeLimit) } : {} };
}
