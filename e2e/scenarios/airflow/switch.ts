import * as path from 'path';
import type { Scenario } from '../../harness/scenario';
import { dagRepository } from '../../harness/git-server';
import { useInstance, waitReady } from '../../harness/instance';
import { readObjects } from '../../harness/dist';
import { PodRecorder } from '../../harness/pod-recorder';
import { synthesizeFixture } from '../../fixtures/apps';
import { SWITCH_CELERY } from './instances';
import { runDag } from './common';

/**
 * switch.executor: instance `airflow-switch` (the Celery example with DAGs from Git) moved to
 * KubernetesExecutor on the live cluster by the README's steps ("Switching executor"): change the
 * executor in the app, synthesize, `kubectl apply -f` the same file, then delete what apply does
 * not prune with the README's command. The DAG run history survives, a new run executes in a task
 * pod, and no Celery object (worker, Redis, broker Secret) is left.
 */
export const switchExecutor: Scenario = {
  id: 'switch.executor',
  timeoutSeconds: 2400,
  async run(cluster) {
    const d = await useInstance(cluster, SWITCH_CELERY);
    const ns = d.spec.namespace;
    const instance = d.spec.instance;
    const before = await runDag(d.api, 'e2e_bash_python');
    const history = (await d.api.runs('e2e_bash_python')).map((r) => r.dag_run_id);

    // 1. The app now says KubernetesExecutor; `npm run synth` rewrites the same file.
    const file = synthesizeFixture('switch-kubernetes', { gitRepo: await dagRepository(cluster) }, path.join(cluster.repoDir, 'build/e2e/fixtures'), 'switch');
    if (path.resolve(file) !== path.resolve(d.file)) throw new Error(`the switched app wrote ${file}, not ${d.file}`);
    const objects = readObjects(file);
    // 2. kubectl apply -f the same file.
    const started = Date.now();
    await cluster.kubectl(['apply', '-f', file], { timeoutMs: 180_000 });
    // 3. Once the new scheduler runs (rollout done), the README's clean-up of what apply does not
    //    prune. (Deleting the worker and Redis before that leaves the old Celery scheduler without a
    //    broker: a task it queues fails, which this scenario's first attempt ran into.)
    await cluster.kubectl(['-n', ns, 'rollout', 'status', `deploy/${instance}-scheduler`, '--timeout=600s'], { timeoutMs: 620_000 });
    const selector = `app.kubernetes.io/instance=${instance},app.kubernetes.io/component in (worker,redis)`;
    const deleted = await cluster.kubectl(['-n', ns, 'delete', 'deploy,sts,svc,sa,pvc', '-l', selector, '--wait=true', '--timeout=300s'], { timeoutMs: 320_000 })
      + await cluster.kubectl(['-n', ns, 'delete', 'secret', `${instance}-redis`, '--wait=true', '--timeout=60s'], { timeoutMs: 80_000 });
    await waitReady(cluster, ns, objects, started, 900);
    const switchSeconds = Math.round((Date.now() - started) / 1000);

    // History kept, and the next run executes in a pod of its own.
    await d.api.login();
    const kept = (await d.api.runs('e2e_bash_python')).map((r) => r.dag_run_id);
    const lost = history.filter((id) => !kept.includes(id));
    if (lost.length) throw new Error(`runs lost by the switch: ${lost.join(', ')}`);
    const recorder = new PodRecorder(cluster, ns, 'kubernetes_executor=True');
    let after;
    try {
      after = await runDag(d.api, 'e2e_bash_python');
    } finally {
      await recorder.stop();
    }
    const podsOfRun = recorder.all().filter((p) => p.labels.dag_id === 'e2e_bash_python');
    if (podsOfRun.length !== after.tis.length) throw new Error(`${after.tis.length} tasks ran in ${podsOfRun.length} task pods after the switch`);

    // Nothing of Celery left: no worker or Redis object, no broker secret or setting.
    const leftovers: string[] = [];
    const kinds = 'deployments,statefulsets,services,serviceaccounts,configmaps,secrets,roles,rolebindings,poddisruptionbudgets,networkpolicies,jobs,persistentvolumeclaims';
    const all = (await cluster.getJson([kinds, '-n', ns])).items as any[];
    for (const o of all) {
      const labels = o.metadata.labels ?? {};
      const celeryish = ['worker', 'redis'].includes(labels['app.kubernetes.io/component']) || /-(worker|redis)(-|$)/.test(o.metadata.name);
      if (celeryish) leftovers.push(`${o.kind}/${o.metadata.name}`);
    }
    const cfg = all.find((o) => o.kind === 'ConfigMap' && o.metadata.name === `${instance}-config`)?.data?.['airflow.cfg'] ?? '';
    if (/\[celery\]|CeleryExecutor|broker_url/i.test(cfg)) leftovers.push('airflow.cfg still configures Celery');
    if (leftovers.length) throw new Error(`Celery objects left after the README's steps: ${leftovers.join(', ')}`);
    return {
      detail: `Celery run ${before.runId} kept (${kept.length} runs listed); apply + README clean-up (${deleted.trim().split('\n').length} objects deleted) -> Ready in ${switchSeconds} s; the next run's ${after.tis.length} tasks ran in their own pods; no worker, Redis or broker object left`,
      data: { switchSeconds, runsKept: kept.length },
    };
  },
};
