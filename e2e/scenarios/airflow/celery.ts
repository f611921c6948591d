import type { Scenario } from '../../harness/scenario';
import { useInstance, waitReady } from '../../harness/instance';
import { CELERY } from './instances';
import { checkLogin, checkReady, componentPods, durations, logWith, runDag } from './common';

export const EXAMPLE_DAGS = ['example_bash', 'example_kubernetes_pod', 'example_python'];

export const celeryReady: Scenario = { id: 'celery.ready', timeoutSeconds: 1200, run: (c) => checkReady(c, CELERY) };

export const celeryLogin: Scenario = { id: 'celery.login', timeoutSeconds: 1200, run: (c) => checkLogin(c, CELERY, EXAMPLE_DAGS) };

/**
 * celery.dag-run: the example DAGs with a BashOperator (example_bash) and a PythonOperator
 * (example_python, plus its TaskFlow task) run to success on the Celery worker, and each task's
 * log is read back through the API (the api-server fetches it from the worker's log server).
 */
export const celeryDagRun: Scenario = {
  id: 'celery.dag-run',
  timeoutSeconds: 1500,
  async run(cluster) {
    const d = await useInstance(cluster, CELERY);
    const workers = await componentPods(cluster, d, 'worker');
    const workerIPs = new Set(workers.map((p) => p.status.podIP as string));
    const checks: Array<[string, Record<string, string[]>]> = [
      ['example_bash', { hello: ['hello from'], clock: ['UTC'] }],
      ['example_python', { extract: ["{'rows': 3}"], report: ['extracted 3 rows'] }],
    ];
    const lines: string[] = [];
    const data: Record<string, unknown> = {};
    for (const [dagId, logs] of checks) {
      const r = await runDag(d.api, dagId);
      for (const ti of r.tis) {
        if (!workerIPs.has(ti.hostname ?? '')) throw new Error(`${dagId}.${ti.task_id} ran on ${ti.hostname}, not on the Celery worker (${[...workerIPs].join(', ')})`);
        if (ti.executor) throw new Error(`${dagId}.${ti.task_id} names executor ${ti.executor}; the default (Celery) was expected`);
        await logWith(d.api, r, ti.task_id, ti.try_number, logs[ti.task_id] ?? []);
      }
      lines.push(`${dagId} ${r.seconds} s (${durations(r.tis)})`);
      data[dagId] = { runSeconds: r.seconds, tasks: r.tis.map((t) => ({ task: t.task_id, hostname: t.hostname, start: t.start_date, end: t.end_date })) };
    }
    // The run left the instance healthy (nothing crashed under load).
    await waitReady(cluster, d.spec.namespace, d.objects, Date.now(), 120);
    return { detail: `on worker ${[...workerIPs].join(', ')}: ${lines.join('; ')}; every task log read through the API`, data };
  },
};
