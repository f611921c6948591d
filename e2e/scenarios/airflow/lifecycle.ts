import * as crypto from 'crypto';
import type { Cluster } from '../../harness/cluster';
import type { Scenario } from '../../harness/scenario';
import { useInstance, waitReady, workloadReady } from '../../harness/instance';
import { sleep, waitFor } from '../../harness/wait';
import { CELERY, KUBERNETES_GIT, SWITCH_CELERY } from './instances';
import { componentPods, durations, finishRun, logWith, triggerUntilRunning } from './common';

interface Snapshot {
  jobs: Map<string, string>;
  secrets: Map<string, { rv: string; data: string }>;
  pods: Map<string, { uid: string; restarts: number }>;
  generations: Map<string, number>;
}

async function snapshot(cluster: Cluster, ns: string): Promise<Snapshot> {
  const jobs = (await cluster.getJson(['jobs', '-n', ns])).items as any[];
  const secrets = (await cluster.getJson(['secrets', '-n', ns])).items as any[];
  const pods = (await cluster.getJson(['pods', '-n', ns])).items as any[];
  const workloads = (await cluster.getJson(['deployments,statefulsets', '-n', ns])).items as any[];
  const hash = (o: unknown) => crypto.createHash('sha256').update(JSON.stringify(o ?? {})).digest('hex').slice(0, 16);
  return {
    jobs: new Map(jobs.map((j) => [j.metadata.name, j.metadata.uid])),
    secrets: new Map(secrets.map((s) => [s.metadata.name, { rv: s.metadata.resourceVersion, data: hash(s.data) }])),
    pods: new Map(pods.map((p) => [p.metadata.name, { uid: p.metadata.uid, restarts: [...(p.status.containerStatuses ?? [])].reduce((n: number, c: any) => n + (c.restartCount ?? 0), 0) }])),
    generations: new Map(workloads.map((w) => [`${w.kind}/${w.metadata.name}`, w.metadata.generation])),
  };
}

/**
 * reapply.idempotent: `kubectl apply -f` of the same file on the running instance creates no Job,
 * changes no Secret (nor the generated passwords), replaces or restarts no pod and changes no
 * workload's generation.
 */
export const reapplyIdempotent: Scenario = {
  id: 'reapply.idempotent',
  timeoutSeconds: 1200,
  async run(cluster) {
    const d = await useInstance(cluster, CELERY);
    const ns = d.spec.namespace;
    const password = await d.api.password();
    const before = await snapshot(cluster, ns);
    const out = await cluster.kubectl(['apply', '-f', d.file], { timeoutMs: 180_000 });
    const changedLines = out.split('\n').filter((l) => l.trim() && !/ unchanged$/.test(l));
    await sleep(20_000); // time for any controller to react (a new Job, a rollout)
    const after = await snapshot(cluster, ns);
    const problems: string[] = [];
    for (const [name] of after.jobs) if (!before.jobs.has(name)) problems.push(`new Job ${name}`);
    for (const [name, uid] of before.jobs) if (after.jobs.get(name) !== uid) problems.push(`Job ${name} replaced`);
    for (const [name, s] of before.secrets) {
      const a = after.secrets.get(name);
      if (!a) problems.push(`Secret ${name} deleted`);
      else if (a.data !== s.data) problems.push(`Secret ${name} has other data`);
      else if (a.rv !== s.rv) problems.push(`Secret ${name} was written (resourceVersion ${s.rv} -> ${a.rv})`);
    }
    for (const [name, p] of before.pods) {
      const a = after.pods.get(name);
      if (!a) problems.push(`pod ${name} is gone`);
      else if (a.uid !== p.uid || a.restarts !== p.restarts) problems.push(`pod ${name} restarted`);
    }
    for (const [name] of after.pods) if (!before.pods.has(name)) problems.push(`new pod ${name}`);
    for (const [name, g] of before.generations) if (after.generations.get(name) !== g) problems.push(`${name} generation ${g} -> ${after.generations.get(name)}`);
    if ((await d.api.password()) !== password) problems.push('the UI password changed');
    // kubectl prints "configured" for a StatefulSet with volumeClaimTemplates even when nothing
    // changes: the server adds apiVersion, kind, volumeMode and status to each template, so the
    // client's patch is never empty. Its generation (checked above) shows nothing changed.
    const unexplained = changedLines.filter((l) => !/^statefulset\.apps\/\S+ configured$/.test(l) || !before.generations.has(`StatefulSet/${l.split(' ')[0].split('/')[1]}`));
    if (unexplained.length) problems.push(`kubectl apply changed: ${unexplained.join(', ')}`);
    if (problems.length) throw new Error(problems.join('; '));
    await d.api.login(password);
    return {
      detail: `second apply: ${before.jobs.size} Jobs, ${before.secrets.size} Secrets, ${before.pods.size} pods and every workload generation unchanged; kubectl said "configured" only for ${changedLines.map((l) => l.split(' ')[0]).join(', ') || 'nothing'} (StatefulSet volumeClaimTemplates, generation unchanged); the same password logs in`,
    };
  },
};

/** restart.password-stable: the api-server pod deleted; its replacement accepts the same password. */
export const restartPasswordStable: Scenario = {
  id: 'restart.password-stable',
  timeoutSeconds: 900,
  async run(cluster) {
    const d = await useInstance(cluster, CELERY);
    const ns = d.spec.namespace;
    const password = await d.api.password();
    await d.api.login(password);
    const old = await componentPods(cluster, d, 'api-server');
    await cluster.kubectl(['delete', 'pod', '-n', ns, ...old.map((p) => p.metadata.name), '--wait=true', '--timeout=120s'], { timeoutMs: 150_000 });
    const started = Date.now();
    await waitFor('a new api-server pod to be Ready', async () => {
      const dep = await cluster.getJson(['-n', ns, `deployment/${d.spec.instance}-api-server`]);
      const pods = await componentPods(cluster, d, 'api-server');
      return workloadReady(dep) && pods.every((p) => !old.some((o) => o.metadata.uid === p.metadata.uid)) ? true : undefined;
    }, { timeoutMs: 600_000, intervalMs: 3_000 });
    const fresh = await componentPods(cluster, d, 'api-server');
    const again = await d.api.password();
    if (again !== password) throw new Error('the Secret holds another password after the restart');
    await d.api.login(password);
    const dags = await d.api.call('GET', '/api/v2/dags?limit=5');
    return `${old.map((p) => p.metadata.name).join(', ')} deleted; ${fresh.map((p) => p.metadata.name).join(', ')} Ready after ${Math.round((Date.now() - started) / 1000)} s; the same password logs in, ${dags.total_entries} DAGs listed`;
  },
};

/**
 * resilience.scheduler-kill: the scheduler pod deleted while e2e_chain runs (KubernetesExecutor);
 * the replacement scheduler adopts the running task pod and the run succeeds.
 */
export const schedulerKill: Scenario = {
  id: 'resilience.scheduler-kill',
  timeoutSeconds: 1500,
  async run(cluster) {
    const d = await useInstance(cluster, KUBERNETES_GIT);
    const ns = d.spec.namespace;
    const { runId } = await triggerUntilRunning(d.api, 'e2e_chain', 'step_1', { conf: { seconds: 30 } });
    const old = await componentPods(cluster, d, 'scheduler');
    const killedAt = new Date().toISOString();
    await cluster.kubectl(['delete', 'pod', '-n', ns, ...old.map((p) => p.metadata.name), '--wait=false']);
    const run = await finishRun(d.api, 'e2e_chain', runId, 900_000);
    const fresh = await componentPods(cluster, d, 'scheduler');
    const tries = run.tis.map((t) => `${t.task_id} try ${t.try_number}`).join(', ');
    await waitReady(cluster, ns, d.objects, Date.now(), 300);
    return {
      detail: `scheduler ${old.map((p) => p.metadata.name).join(', ')} deleted at ${killedAt} while step_1 ran; ${fresh.map((p) => p.metadata.name).join(', ')} took over; run succeeded in ${run.seconds} s (${durations(run.tis)}; ${tries})`,
      data: { tries: run.tis.map((t) => ({ task: t.task_id, try: t.try_number })), runSeconds: run.seconds },
    };
  },
};

/**
 * resilience.worker-drain: the Celery worker pod deleted while e2e_sleep's 60-second task runs on
 * it; the worker finishes the task inside its grace period (or Airflow retries it) and the run
 * succeeds.
 */
export const workerDrain: Scenario = {
  id: 'resilience.worker-drain',
  timeoutSeconds: 1800,
  async run(cluster) {
    const d = await useInstance(cluster, SWITCH_CELERY);
    const ns = d.spec.namespace;
    const r = await triggerUntilRunning(d.api, 'e2e_sleep', 'sleep', { conf: { seconds: 60 } });
    await logWith(d.api, r, 'sleep', 1, ['e2e-sleep-start'], 60_000);
    const workers = await componentPods(cluster, d, 'worker');
    const grace = workers[0]?.spec.terminationGracePeriodSeconds;
    const deleted = Date.now();
    await cluster.kubectl(['delete', 'pod', '-n', ns, ...workers.map((p) => p.metadata.name), '--wait=false']);
    const run = await finishRun(d.api, r.dagId, r.runId, 1_200_000);
    const ti = run.tis[0];
    // The old pod goes once the task is done (it left Celery's warm shutdown), well inside the grace period.
    await waitFor('the drained worker pod to be gone', async () => {
      const left = (await cluster.getJson(['pods', '-n', ns])).items.filter((p: any) => workers.some((w) => w.metadata.uid === p.metadata.uid));
      return left.length === 0 ? true : undefined;
    }, { timeoutMs: (grace ?? 600) * 1000 + 60_000, intervalMs: 2_000 });
    const goneAfter = Math.round((Date.now() - deleted) / 1000);
    const how = ti.try_number === 1 ? 'finished on the draining worker inside its grace period' : `retried (try ${ti.try_number})`;
    await logWith(d.api, r, 'sleep', ti.try_number, ['e2e-sleep-done']).catch(() => '');
    return {
      detail: `worker ${workers.map((p) => p.metadata.name).join(', ')} deleted (grace ${grace} s) while the 60 s task ran: ${how}; run succeeded in ${run.seconds} s; the old pod was gone ${goneAfter} s after the delete`,
      data: { try: ti.try_number, graceSeconds: grace, oldPodGoneSeconds: goneAfter, runSeconds: run.seconds },
    };
  },
};
