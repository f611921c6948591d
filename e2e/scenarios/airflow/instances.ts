/**
 * The Airflow deployments the scenarios run on, one at a time (see harness/instance.ts): the
 * committed examples in dist/ as users apply them, and fixture apps (e2e/fixtures/apps.ts)
 * synthesized into build/e2e/fixtures/ where a scenario needs other props.
 */
import * as path from 'path';
import type { Cluster } from '../../harness/cluster';
import { dagRepository } from '../../harness/git-server';
import { InstanceSpec } from '../../harness/instance';
import { FixtureName, synthesizeFixture } from '../../fixtures/apps';

export const NAMESPACE = 'airflow';

const dist = (chart: string) => async (cluster: Cluster) => path.join(cluster.repoDir, 'dist', chart, `${chart}.k8s.yaml`);

/** Synthesizes a fixture (DAGs from the node's git daemon) into build/e2e/fixtures/<folder>/. */
export const fixture = (name: FixtureName, folder: string = name) => async (cluster: Cluster) =>
  synthesizeFixture(name, { gitRepo: await dagRepository(cluster) }, path.join(cluster.repoDir, 'build/e2e/fixtures'), folder);

/** dist/airflow-celery: CeleryExecutor, embedded Redis and PostgreSQL, the example DAGs in a ConfigMap. */
export const CELERY: InstanceSpec = { key: 'celery', namespace: NAMESPACE, instance: 'airflow-celery', manifest: dist('airflow-celery') };

/** dist/airflow-kubernetes: KubernetesExecutor, embedded PostgreSQL, the example DAGs in a ConfigMap. */
export const KUBERNETES: InstanceSpec = { key: 'kubernetes', namespace: NAMESPACE, instance: 'airflow-kubernetes', manifest: dist('airflow-kubernetes') };

/** The KubernetesExecutor example with DAGs from Git (git-sync against the node's git daemon). */
export const KUBERNETES_GIT: InstanceSpec = { key: 'kubernetes-git', namespace: NAMESPACE, instance: 'airflow-kubernetes', manifest: fixture('kubernetes-git') };

/** dist/airflow-migration: both executors, Celery the default. */
export const MIGRATION: InstanceSpec = { key: 'migration', namespace: NAMESPACE, instance: 'airflow-migration', manifest: dist('airflow-migration') };

/** switch.executor's instance before the switch: the Celery example as `airflow-switch`, DAGs from Git. */
export const SWITCH_CELERY: InstanceSpec = { key: 'switch-celery', namespace: NAMESPACE, instance: 'airflow-switch', manifest: fixture('switch-celery', 'switch') };
