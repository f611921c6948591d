import type { Scenario } from '../harness/scenario';
import { authFabTwice } from './airflow/auth';
import { celeryDagRun, celeryLogin, celeryReady } from './airflow/celery';
import { gitopsArgoCd } from './airflow/gitops';
import { kpoCelery, kpoPythonFamily, kubernetesDagRun, kubernetesLogin, kubernetesReady } from './airflow/kubernetes';
import { reapplyIdempotent, restartPasswordStable, schedulerKill, workerDrain } from './airflow/lifecycle';
import { multiExecutor, specialPassword } from './airflow/multi';
import { resourcesObserved } from './airflow/observed';
import { sparkFamily } from './airflow/spark';
import { switchExecutor } from './airflow/switch';

/**
 * Airflow on the cluster, in the order that deploys each instance once (one at a time, see
 * harness/instance.ts): dist/airflow-celery, dist/airflow-kubernetes, the Kubernetes example with
 * DAGs from Git, the switch fixture, dist/airflow-migration, the special-password fixture, the FAB fixture.
 * resources.observed comes last: it reports what every earlier scenario ran.
 */
export const airflowScenarios: Scenario[] = [
  celeryReady,
  celeryLogin,
  celeryDagRun,
  kpoCelery,
  reapplyIdempotent,
  restartPasswordStable,
  kubernetesReady,
  kubernetesLogin,
  kpoPythonFamily,
  kubernetesDagRun,
  sparkFamily,
  schedulerKill,
  workerDrain,
  switchExecutor,
  multiExecutor,
  specialPassword,
  authFabTwice,
  gitopsArgoCd,
  resourcesObserved,
];
