/** Resolves the settings every long-running component has: replicas, resources, scheduling, budget. */
/** Resolves and checks the props every long-running component has; returns the resolved values. */
import { ValidationProblems } from '../errors';
import { DisruptionBudget } from '../model/availability';
import { ComponentProps, SchedulingProps } from '../model/component';
import { ComputeResources, ResolvedResources } from '../model/resources';
import { checkInteger } from './checks';
import { ResolvedExtensions, resolveExtensions } from './extensions';
import { resolveResources, validateResources } from './resources';
import { checkScheduling } from './scheduling';
export function resolveComponent(
  problems: ValidationProblems,
  prop: string,
  props: ComponentProps | undefined,
  defaults: ResolvedResources,
): { replicas: number; resources: ResolvedResources; extensions: ResolvedExtensions } {
  const replicas = props?.replicas ?? 1;
  checkInteger(problems, `${prop}.replicas`, replicas, 0);
  checkScheduling(problems, prop, props ?? undefined);
  const resources = resolveResources(defaults, props?.resources as ComputeResources | undefined);
  validateResources(resources, `${prop}.resources`, problems);
  return { replicas, resources, extensions: resolveExtensions(problems, prop, props) };
}

/** A long-running component's settings, resolved. */
export interface ResolvedComponent {
  readonly replicas: number;
  readonly resources: ResolvedResources;
  readonly scheduling: SchedulingProps;
  readonly disruptionBudget?: DisruptionBudget;
  /** What the user adds to the pods (ServiceAccount annotations, env, volumes, sidecars, ...). */
  readonly extensions: ResolvedExtensions;
}

/**
 * Checks a component's disruption budget: only with `availability.podDisruptionBudgets`, and never
 * above the pods that run.
 */
export function checkComponentBudget(problems: ValidationProblems, prop: string, props: ComponentProps | undefined, pods: number, budgetsOn: boolean): void {
  if (props?.disruptionBudget && !budgetsOn) problems.add(`${prop}.disruptionBudget`, 'does nothing unless availability.podDisruptionBudgets is true');
  else validateDisruptionBudget(problems, `${prop}.disruptionBudget`, props?.disruptionBudget, pods);
}

/** Resolves one long-running component (api-server, scheduler, DAG processor, triggerer). */
export function resolveLongRunning(problems: ValidationProblems, prop: string, props: ComponentProps | undefined, defaults: ResolvedResources, budgetsOn: boolean): ResolvedComponent {
  const resolved = resolveComponent(problems, prop, props, defaults);
  checkComponentBudget(problems, prop, props, resolved.replicas, budgetsOn);
  return { ...resolved, scheduling: props ?? {}, disruptionBudget: props?.disruptionBudget };
}

/** Checks a PodDisruptionBudget against the pods it protects. */
export function validateDisruptionBudget(problems: ValidationProblems, prop: string, budget: DisruptionBudget | undefined, minPods: number): void {
  if (!budget) return;
  if (budget.minAvailable !== undefined && budget.maxUnavailable !== undefined) {
    problems.add(prop, 'sets both minAvailable and maxUnavailable: a PodDisruptionBudget takes one');
  }
  if (budget.minAvailable !== undefined) {
    checkInteger(problems, `${prop}.minAvailable`, budget.minAvailable, 0);
    if (budget.minAvailable > minPods) {
      problems.add(`${prop}.minAvailable`, `(${budget.minAvailable}) is above the ${minPods} pod(s) that run: no node could ever be drained; lower it or add replicas`);
    }
  }
  if (budget.maxUnavailable !== undefined) checkInteger(problems, `${prop}.maxUnavailable`, budget.maxUnavailable, 1);
}
