import { k8s } from 'cdk8s-plus-27';
import { DisruptionBudget } from './availability';
import { ComponentExtensionProps } from './extensions';
import { ComputeResources } from './resources';

/** Where a component's pods may be scheduled. */
export interface SchedulingProps {
  /**
   * Node labels the pods require.
   *
   * @default - any node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;

  /**
   * Taints the pods tolerate.
   *
   * @default - none
   */
  readonly tolerations?: readonly k8s.Toleration[];

  /**
   * Node and pod affinity rules.
   *
   * @default - none
   */
  readonly affinity?: k8s.Affinity;

  /**
   * PriorityClass of the pods.
   *
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
}

/**
 * Settings every long-running component accepts: replicas, resources and placement, and what you
 * add to its pods (ServiceAccount annotations, env, volumes, sidecars, ...; see `./extensions`).
 */
export interface ComponentProps extends SchedulingProps, ComponentExtensionProps {
  /**
   * Number of pods.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * CPU and memory of the main container; unset fields keep the component's defaults.
   *
   * @default - the component's defaults, listed in the README
   */
  readonly resources?: ComputeResources;

  /**
   * The PodDisruptionBudget, when `availability.podDisruptionBudgets` is on.
   *
   * @default - maxUnavailable 1
   */
  readonly disruptionBudget?: DisruptionBudget;
}
