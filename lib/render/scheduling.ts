/** Where a pod may run, as pod spec fields: node selector, tolerations, affinity, priority class. */
import { k8s } from 'cdk8s-plus-27';
import { SchedulingProps } from '../model/component';

/** The pod spec fields of `scheduling`; unset props stay unset, so nothing is written for them. */
export function schedulingFields(scheduling: SchedulingProps): Pick<k8s.PodSpec, 'nodeSelector' | 'tolerations' | 'affinity' | 'priorityClassName'> {
  return {
    nodeSelector: scheduling.nodeSelector ? { ...scheduling.nodeSelector } : undefined,
    tolerations: scheduling.tolerations ? [...scheduling.tolerations] : undefined,
    affinity: scheduling.affinity,
    priorityClassName: scheduling.priorityClassName,
  };
}
