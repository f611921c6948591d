/**
 * Availability objects: PodDisruptionBudgets for long-running components, and the default
 * preferred anti-affinity that spreads replicas of one component across nodes.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ComponentName } from '../../labels';
import { DisruptionBudget } from '../../model/availability';
import { AirflowContext, metadataFor } from '../context';

/** A PodDisruptionBudget for one component. */
export class ComponentDisruptionBudget extends Construct {
  public readonly budget: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, ctx: AirflowContext, component: ComponentName, budget: DisruptionBudget = {}) {
    super(scope, id);
    const limit = budget.minAvailable !== undefined
      ? { minAvailable: k8s.IntOrString.fromNumber(budget.minAvailable) }
      : { maxUnavailable: k8s.IntOrString.fromNumber(budget.maxUnavailable ?? 1) };
    this.budget = new k8s.KubePodDisruptionBudget(this, 'budget', {
      metadata: metadataFor(ctx, component),
      spec: { selector: { matchLabels: ctx.labels.selector(component) }, ...limit },
    });
  }
}

/**
 * The affinity of a component: the user's, or, for a component that may run several pods, a
 * preferred anti-affinity that puts its pods on different nodes when the cluster can.
 */
export function componentAffinity(ctx: AirflowContext, component: ComponentName, maxPods: number, affinity?: k8s.Affinity): k8s.Affinity | undefined {
  if (affinity !== undefined || maxPods <= 1) return affinity;
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: ctx.labels.selector(component) } },
        },
      ],
    },
  };
}
