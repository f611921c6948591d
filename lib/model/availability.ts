/**
 * Availability: PodDisruptionBudgets for the long-running components and a default preferred
 * anti-affinity that spreads replicas of one component across nodes.
 */

/** How many pods of a component voluntary disruptions (drains, upgrades) may take at once. */
export interface DisruptionBudget {
  /** Pods that must stay up; at most the replicas. @default - unset, maxUnavailable applies */
  readonly minAvailable?: number;
  /** Pods that may be down at once. @default 1 */
  readonly maxUnavailable?: number;
}
