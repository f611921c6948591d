import * as fs from 'fs';
import * as path from 'path';
import type { Cluster } from '../../harness/cluster';
import { AirflowApi, DagRun, secondsBetween, TaskInstance } from '../../harness/airflow-api';
import { Deployed, InstanceSpec, restartCounts, useInstance } from '../../harness/instance';
import { Outcome } from '../../harness/scenario';
import { waitFor } from '../../harness/wait';

interface AllowedRestart {
  readonly instance: string;
  readonly component: string;
  readonly container: string;
  readonly maxRestarts: number;
  readonly cause: string;
}

function allowlist(cluster: Cluster): AllowedRestart[] {
  const file = path.join(cluster.repoDir, 'e2e/restart-allowlist.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')).entries ?? []) as AllowedRestart[];
}

/**
 * `<executor>.ready`: a fresh `kubectl apply -f` of the instance, every Deployment and StatefulSet
 * Ready and both Jobs Complete, and no container restarted unless e2e/restart-allowlist.json says
 * why it may.
 */
export async function checkReady(cluster: Cluster, spec: InstanceSpec): Promise<Outcome> {
  const d = await useInstance(cluster, spec, true);
  const allowed = allowlist(cluster);
  const restarted = (await restartCounts(cluster, spec.namespace)).filter((c) => c.restarts > 0);
  const excused: string[] = [];
  const problems: string[] = [];
  for (const c of restarted) {
    const entry = allowed.find((a) => (a.instance === '*' || a.instance === spec.instance) && a.component === c.component && a.container === c.container && c.restarts <= a.maxRestarts);
    const what = `${c.pod}/${c.container} restarted ${c.restarts}x (last: ${c.lastReason ?? '?'}, exit ${c.lastExit ?? '?'})`;
    if (entry) excused.push(`${what}: allowed (${entry.cause})`);
    else problems.push(what);
  }
  if (problems.length) throw new Error(`restarts not on e2e/restart-allowlist.json: ${problems.join('; ')}`);
  const slowest = Object.entries(d.workloadSeconds).sort((a, b) => b[1] - a[1])[0];
  return {
    detail: `apply -> Ready ${d.readySeconds} s (${Object.keys(d.workloadSeconds).length} workloads; last: ${slowest?.[0]} at ${slowest?.[1]} s); ${excused.length ? excused.join('; ') : 'no container restarted'}`,
    data: { readySeconds: d.readySeconds, workloadSeconds: d.workloadSeconds, allowedRestarts: excused },
  };
}

/** `<executor>.login`: the README's password from the Secret, a token from /auth/token, DAGs listed. */
export async function checkLogin(cluster: Cluster, spec: InstanceSpec, expectDags: string[]): Promise<Outcome> {
  const d = await useInstance(cluster, spec);
  const password = await d.api.password();
  await d.api.login(password);
  for (const dag of expectDags) await d.api.waitForDag(dag);
  const listed = await d.api.call('GET', '/api/v2/dags?limit=100');
  const ids = (listed.dags as any[]).map((x) => x.dag_id as string).sort();
  const missing = expectDags.filter((x) => !ids.includes(x));
  if (missing.length) throw new Error(`GET /api/v2/dags lists ${ids.join(', ')}; missing ${missing.join(', ')}`);
  return { detail: `logged in as admin (password from ${spec.instance}-ui-passwords, ${password.length} characters; POST /auth/token -> JWT); GET /api/v2/dags: ${ids.join(', ')}`, data: { dags: ids } };
}

export interface FinishedRun {
  readonly dagId: string;
  readonly runId: string;
  readonly run: DagRun;
  readonly tis: TaskInstance[];
  readonly seconds?: number;
}

/** Triggers a DAG and waits (bounded) for the run; throws with the failed tasks' logs unless it succeeded. */
export async function runDag(api: AirflowApi, dagId: string, conf: Record<string, unknown> = {}, timeoutMs = 600_000,
  onPoll?: (run: DagRun, tis: TaskInstance[]) => Promise<void> | void): Promise<FinishedRun> {
  const runId = await api.trigger(dagId, conf);
  return finishRun(api, dagId, runId, timeoutMs, onPoll);
}

export async function finishRun(api: AirflowApi, dagId: string, runId: string, timeoutMs = 600_000,
  onPoll?: (run: DagRun, tis: TaskInstance[]) => Promise<void> | void): Promise<FinishedRun> {
  const run = await api.waitForRun(dagId, runId, timeoutMs, onPoll);
  const tis = await api.taskInstances(dagId, runId);
  if (run.state !== 'success') throw new Error(`${dagId} run ${runId} ended ${run.state}: ${await api.explainFailure(dagId, runId)}`);
  const bad = tis.filter((t) => t.state !== 'success');
  if (bad.length) throw new Error(`${dagId} run ${runId} succeeded but tasks ${bad.map((t) => `${t.task_id}=${t.state}`).join(', ')}`);
  return { dagId, runId, run, tis, seconds: secondsBetween(run.start_date, run.end_date) };
}

/** A task's end before a scenario could act on it while it ran. */
export class TaskEndedEarly extends Error {}

/**
 * Triggers `dagId` and waits (bounded) until its task `taskId` is running, so a scenario can act
 * while it runs (read its live log, delete a pod under it). A task that ends first throws
 * TaskEndedEarly at once instead of waiting out the timeout, unless `orEnded` accepts that (a
 * task too short to be seen running every time); `state` says which it was.
 */
export async function triggerUntilRunning(api: AirflowApi, dagId: string, taskId: string,
  options: { readonly conf?: Record<string, unknown>; readonly timeoutMs?: number; readonly intervalMs?: number; readonly orEnded?: boolean } = {},
): Promise<{ dagId: string; runId: string; state: string }> {
  const runId = await api.trigger(dagId, options.conf ?? {});
  const state = await waitFor(`${dagId}.${taskId} to be running`, async () => {
    const ti = await api.taskInstance(dagId, runId, taskId);
    if (ti.state === 'success' || ti.state === 'failed') {
      if (options.orEnded) return ti.state;
      throw new TaskEndedEarly(`${dagId}.${taskId} ended (${ti.state}) before the scenario saw it running`);
    }
    return ti.state === 'running' ? ti.state : undefined;
  }, { timeoutMs: options.timeoutMs ?? 300_000, intervalMs: options.intervalMs ?? 2_000, stopOn: TaskEndedEarly });
  return { dagId, runId, state };
}

/** Reads a task log through the API until it contains every marker (bounded); returns the log. */
export async function logWith(api: AirflowApi, r: { dagId: string; runId: string }, taskId: string, tryNumber: number, markers: string[], timeoutMs = 60_000): Promise<string> {
  return waitFor(`the log of ${r.dagId}.${taskId} to show ${markers.join(', ')}`, async () => {
    const log = await api.taskLog(r.dagId, r.runId, taskId, tryNumber);
    const missing = markers.filter((m) => !log.includes(m));
    if (missing.length) throw new Error(`missing ${missing.join(', ')} in: ${log.slice(-600)}`);
    return log;
  }, { timeoutMs, intervalMs: 3_000 });
}

/** IP of the one Ready pod of a component (the Celery worker, ...). */
export async function componentPods(cluster: Cluster, d: Deployed, component: string): Promise<any[]> {
  const items = (await cluster.getJson(['pods', '-n', d.spec.namespace, '-l', `app.kubernetes.io/instance=${d.spec.instance},app.kubernetes.io/component=${component}`])).items as any[];
  return items.filter((p) => !p.metadata.deletionTimestamp);
}

/** Task durations `task: Ns` of a finished run. */
export function durations(tis: TaskInstance[]): string {
  return tis.map((t) => `${t.task_id} ${secondsBetween(t.start_date, t.end_date) ?? '?'} s`).join(', ');
}

/** Env and volumes of a pod that would hand it Airflow's secrets or configuration. */
export function airflowLeaks(pod: any): string[] {
  const leaks: string[] = [];
  for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) {
    for (const e of c.env ?? []) {
      if (/^AIRFLOW|_CMD$|FERNET|JWT|SQL_ALCHEMY/i.test(e.name)) leaks.push(`${c.name}: env ${e.name}`);
      if (e.valueFrom?.secretKeyRef) leaks.push(`${c.name}: env ${e.name} from Secret ${e.valueFrom.secretKeyRef.name}`);
    }
    for (const f of c.envFrom ?? []) leaks.push(`${c.name}: envFrom ${JSON.stringify(f)}`);
  }
  for (const v of pod.spec.volumes ?? []) {
    if (v.secret) leaks.push(`volume ${v.name}: Secret ${v.secret.secretName}`);
    if (v.configMap && /-config$|airflow/.test(v.configMap.name)) leaks.push(`volume ${v.name}: ConfigMap ${v.configMap.name}`);
    if (v.projected) leaks.push(`volume ${v.name}: projected ${JSON.stringify(v.projected.sources?.map((s: any) => Object.keys(s)[0]))}`);
  }
  return leaks;
}
