import type { Scenario } from '../harness/scenario';
import { airflowScenarios } from './airflow';
import { clusterScenarios } from './cluster';

/** Every scenario, in run order. A new group: add e2e/scenarios/<group>.ts and list it here. */
export const allScenarios: Scenario[] = [...clusterScenarios, ...airflowScenarios];
