/** Container resources as Kubernetes writes them. */
/** The container `resources` block. */
import { k8s } from 'cdk8s-plus-27';
import { ResolvedResources } from '../model/resources';
export function toResourceRequirements(resources: ResolvedResources): k8s.ResourceRequirements {
  const limits: Record<string, k8s.Quantity> = { memory: k8s.Quantity.fromString(resources.memoryLimit) };
  if (resources.cpuLimit !== undefined) limits.cpu = k8s.Quantity.fromString(resources.cpuLimit);
  return {
    requests: {
      cpu: k8s.Quantity.fromString(resources.cpu),
      memory: k8s.Quantity.fromString(resources.memory),
    },
    limits,
  };
}
