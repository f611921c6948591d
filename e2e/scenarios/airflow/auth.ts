import type { Cluster } from '../../harness/cluster';
import type { Scenario } from '../../harness/scenario';
import { K8sObject, readObjects } from '../../harness/dist';
import { InstanceSpec, useInstance, waitReady } from '../../harness/instance';
import { componentPods } from './common';
import { fixture, NAMESPACE } from './instances';

/** The Kubernetes example with AirflowAuth.fab({ admin }) as instance `airflow-fab`. */
const FAB: InstanceSpec = { key: 'fab', namespace: NAMESPACE, instance: 'airflow-fab', manifest: fixture('fab-auth', 'fab') };

/** The name of the file's migration Job (it ends in a hash of what the Job runs). */
function migrationJob(objects: readonly K8sObject[]): string {
  const jobs = objects.filter((o) => o.kind === 'Job' && o.metadata.labels?.['app.kubernetes.io/component'] === 'migrate-database');
  if (jobs.length !== 1) throw new Error(`expected one migration Job in the file, found ${jobs.length}`);
  return jobs[0].metadata.name;
}

/** One key of a Secret, decoded, as the README reads it with kubectl. */
async function secretValue(cluster: Cluster, ns: string, name: string, key: string): Promise<string> {
  const encoded = await cluster.kubectl(['-n', ns, 'get', 'secret', name, '-o', `jsonpath={.data.${key}}`]);
  return Buffer.from(encoded.trim(), 'base64').toString('utf8');
}

/** The JSON list a CLI printed among log or warning lines. */
function jsonListIn(output: string): unknown[] {
  const start = output.search(/^\[/m);
  const end = output.lastIndexOf(']');
  try {
    if (start >= 0 && end > start) return JSON.parse(output.slice(start, end + 1)) as unknown[];
  } catch {
    // reported below with the output
  }
  throw new Error(`no JSON list in: ${output.slice(0, 600)}`);
}

/**
 * auth.fab-twice (issue 12): with `AirflowAuth.fab({ admin })` the migration Job completes twice
 * in a row (apply, then a setting changed, which renames the Job, apply again): the second
 * `airflow users create` leaves the existing admin alone, there is still one admin, and it logs in
 * with the same password through the FAB auth manager's `/auth/token`.
 */
export const authFabTwice: Scenario = {
  id: 'auth.fab-twice',
  timeoutSeconds: 2400,
  async run(cluster) {
    const d = await useInstance(cluster, FAB);
    const ns = d.spec.namespace;
    const instance = d.spec.instance;
    const password = await secretValue(cluster, ns, `${instance}-fab-admin`, 'password');
    if (!password) throw new Error(`${instance}-fab-admin holds no password`);
    await d.api.login(password);
    const firstJob = migrationJob(d.objects);
    const firstLog = await cluster.kubectl(['-n', ns, 'logs', `job/${firstJob}`, '--tail=200']);

    // The user changes a setting and applies again: the migration Job has a new name and runs again.
    const file = await fixture('fab-auth-changed', 'fab')(cluster);
    if (file !== d.file) throw new Error(`the changed app wrote ${file}, not ${d.file}`);
    const objects = readObjects(file);
    const secondJob = migrationJob(objects);
    if (secondJob === firstJob) throw new Error(`the setting change did not rename the migration Job (${firstJob})`);
    const started = Date.now();
    await cluster.kubectl(['apply', '-f', file], { timeoutMs: 180_000 });
    await waitReady(cluster, ns, objects, started, 900);
    const rolloutSeconds = Math.round((Date.now() - started) / 1000);
    const secondLog = await cluster.kubectl(['-n', ns, 'logs', `job/${secondJob}`, '--tail=200']);
    const job = await cluster.getJson(['-n', ns, `job/${secondJob}`]);
    const retries = job.status?.failed ?? 0;
    if (retries) throw new Error(`${secondJob} failed ${retries} time(s) before it completed: ${secondLog.slice(-600)}`);
    if (!/already exist/i.test(secondLog)) throw new Error(`${secondJob} did not report the existing admin: ${secondLog.slice(-600)}`);

    // Still one admin, the password unchanged, and it logs in again.
    const scheduler = (await componentPods(cluster, d, 'scheduler'))[0].metadata.name;
    const users = jsonListIn(await cluster.exec(ns, scheduler, ['airflow', 'users', 'list', '-o', 'json'], 180_000)) as Array<{ username: string; roles?: string }>;
    const admins = users.filter((u) => u.username === 'admin');
    if (admins.length !== 1) throw new Error(`airflow users list shows ${admins.length} users named admin: ${JSON.stringify(users)}`);
    if ((await secretValue(cluster, ns, `${instance}-fab-admin`, 'password')) !== password) throw new Error(`${instance}-fab-admin holds another password after the second apply`);
    await d.api.login(password);
    const dags = await d.api.call('GET', '/api/v2/dags?limit=5');
    const created = firstLog.split('\n').find((l) => /created with role|user .* created/i.test(l))?.trim() ?? 'no line about the admin';
    const kept = secondLog.split('\n').find((l) => /already exist/i.test(l))?.trim() ?? '?';
    return {
      detail: `${firstJob}: "${created.slice(0, 120)}"; after a setting change ${secondJob} completed with no retry (rollout ${rolloutSeconds} s): "${kept.slice(0, 120)}"; one admin (${admins[0].roles ?? '?'}), same password, POST /auth/token -> JWT, ${dags.total_entries} DAGs listed`,
      data: { firstJob, secondJob, rolloutSeconds },
    };
  },
};
