import type { Scenario } from '../harness/scenario';
import { dns } from './cluster/dns';
import { networkIsolated } from './cluster/isolation';
import { crds, serverSideApply } from './cluster/manifests';
import { networkPolicy } from './cluster/networkpolicy';
import { psaRestricted } from './cluster/psa';
import { rbac } from './cluster/rbac';
import { smoke } from './cluster/smoke';
import { storage } from './cluster/storage';
import { yamlStrings } from './cluster/yaml-strings';

/** The cluster itself: what every later scenario (Airflow's) relies on. */
export const clusterScenarios: Scenario[] = [
  smoke,
  dns,
  storage,
  psaRestricted,
  rbac,
  networkPolicy,
  crds,
  serverSideApply,
  yamlStrings,
  networkIsolated,
];
