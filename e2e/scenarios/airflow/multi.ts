import * as path from 'path';
import type { Cluster } from '../../harness/cluster';
import type { Scenario } from '../../harness/scenario';
import { InstanceSpec, useInstance } from '../../harness/instance';
import { PodRecorder } from '../../harness/pod-recorder';
import { synthesizeFixture } from '../../fixtures/apps';
import { componentPods, durations, finishRun, logWith, runDag, triggerUntilRunning } from './common';
import { MIGRATION, NAMESPACE } from './instances';

/**
 * multi.executor (issue 16, e2e/PENDING.md): dist/airflow-migration runs
 * `CeleryExecutor,KubernetesExecutor`; multi_executor's first task runs on the Celery worker (the
 * default), the second in a pod of its own from the default pod template. KEDA is not installed in
 * the e2e cluster, so the autoscaling part of the spec is not run.
 */
export const multiExecutor: Scenario = {
  id: 'multi.executor',
  timeoutSeconds: 1800,
  async run(cluster) {
    const d = await useInstance(cluster, MIGRATION);
    const ns = d.spec.namespace;
    const workers = await componentPods(cluster, d, 'worker');
    const workerIP = workers[0]?.status.podIP;
    const recorder = new PodRecorder(cluster, ns, 'dag_id=multi_executor,task_id=in_own_pod');
    let liveLog = '';
    let seenRunning = false;
    let r;
    try {
      // 4. The task pod's log through the api-server, while it runs when the poll catches it
      //    running (pod-log-reader Role); the task takes seconds, so it may have ended already.
      const ref = await triggerUntilRunning(d.api, 'multi_executor', 'in_own_pod', { timeoutMs: 600_000, intervalMs: 1_000, orEnded: true });
      seenRunning = ref.state === 'running';
      liveLog = await d.api.taskLog(ref.dagId, ref.runId, 'in_own_pod', 1).catch((e) => `unreadable: ${e.message}`);
      r = await finishRun(d.api, ref.dagId, ref.runId, 600_000);
    } finally {
      await recorder.stop();
    }
    const celery = r.tis.find((t) => t.task_id === 'on_celery_worker')!;
    const pod = r.tis.find((t) => t.task_id === 'in_own_pod')!;
    const problems: string[] = [];
    // 2. The default executor, on the worker pod (hostname_callable is the pod IP).
    if (celery.executor) problems.push(`on_celery_worker.executor = ${celery.executor}`);
    if (celery.hostname !== workerIP) problems.push(`on_celery_worker ran on ${celery.hostname}, the worker is ${workerIP}`);
    // 3. KubernetesExecutor, in a pod from the default template.
    if (pod.executor !== 'KubernetesExecutor') problems.push(`in_own_pod.executor = ${pod.executor}`);
    const taskPods = recorder.all();
    if (taskPods.length !== 1) problems.push(`${taskPods.length} pods labelled dag_id=multi_executor,task_id=in_own_pod`);
    const tp = taskPods[0]?.first;
    if (tp && (tp.metadata.labels['app.kubernetes.io/component'] !== 'task' || tp.metadata.labels['cdk8s-airflow/task-family'] !== 'default')) {
      problems.push(`the task pod's labels ${JSON.stringify(tp.metadata.labels)} are not the default template's`);
    }
    if (tp && pod.hostname !== tp.status?.podIP && pod.hostname !== taskPods[0].last.status?.podIP) problems.push(`in_own_pod ran on ${pod.hostname}, its pod had ${taskPods[0].last.status?.podIP}`);
    // 4. Logs: the worker's through its log server; the pod's was read while it ran.
    const workerLog = await logWith(d.api, r, 'on_celery_worker', celery.try_number, ['Marking task as SUCCESS'], 60_000).catch(async () =>
      logWith(d.api, r, 'on_celery_worker', celery.try_number, ['on_celery_worker'], 30_000));
    if (!workerLog.includes(`${workerIP}:8793`) && !workerLog.includes('8793')) problems.push('the worker log did not come from its log server (port 8793)');
    if (!/in_own_pod|multi_executor/.test(liveLog)) problems.push(`in_own_pod's log was not readable through the API: ${liveLog.slice(0, 300)}`);
    // 5. The worker ran on_celery_worker and not in_own_pod.
    const wlog = await cluster.kubectl(['logs', '-n', ns, workers[0].metadata.name, '-c', 'worker', '--tail=2000']).catch(async () =>
      cluster.kubectl(['logs', '-n', ns, workers[0].metadata.name, '--tail=2000']));
    if (!wlog.includes('on_celery_worker')) problems.push('the worker log does not mention on_celery_worker');
    if (wlog.includes('in_own_pod')) problems.push('the worker log mentions in_own_pod');
    if (problems.length) throw new Error(problems.join('; '));
    return {
      detail: `on_celery_worker on the worker ${workerIP} (executor default), in_own_pod in ${taskPods[0].name} (executor KubernetesExecutor, default template); its log read through the API ${seenRunning ? 'while it ran' : 'just after it ended (it finished between two polls)'}, the worker's through :8793; the worker log names only on_celery_worker; ${durations(r.tis)}. KEDA parts not run (KEDA is not installed in the e2e cluster)`,
      data: { runSeconds: r.seconds },
    };
  },
};

/** The password of database.special-password: every character that breaks a URL or a quoted field. */
export const SPECIAL_PASSWORD = `p@ss:w/rd%20#f?q=1&x'y"z \\`;

const SPECIAL: InstanceSpec = {
  key: 'special-password',
  namespace: NAMESPACE,
  instance: 'airflow-special',
  manifest: async (cluster: Cluster) => synthesizeFixture('special-password', { gitRepo: '' }, path.join(cluster.repoDir, 'build/e2e/fixtures')),
  // Step 1 of the spec: the user's Secret, created with kubectl as written there.
  prepare: async (cluster: Cluster) => {
    await cluster.kubectl(['-n', NAMESPACE, 'create', 'secret', 'generic', 'db-passwords', `--from-literal=password=${SPECIAL_PASSWORD}`]);
  },
};

/**
 * database.special-password (issue 12, e2e/PENDING.md): embedded PostgreSQL and PgBouncer with a
 * password holding @ : / % # ? & ' " a space and a backslash. The migration Job connects directly,
 * every component through PgBouncer, `airflow dags list` works, example_bash runs. Negative
 * control: the same password pasted into a URL unencoded (the previous release's
 * `$(AIRFLOW_DB_PASSWORD)` URL) does not connect. KEDA is not installed: no ScaledObject check.
 */
export const specialPassword: Scenario = {
  id: 'database.special-password',
  timeoutSeconds: 1800,
  async run(cluster) {
    const d = await useInstance(cluster, SPECIAL);
    const ns = d.spec.namespace;
    const stored = Buffer.from((await cluster.kubectl(['-n', ns, 'get', 'secret', 'db-passwords', '-o', 'jsonpath={.data.password}'])).trim(), 'base64').toString('utf8');
    if (stored !== SPECIAL_PASSWORD) throw new Error(`the Secret holds ${JSON.stringify(stored)}, not the password the scenario set`);
    const scheduler = (await componentPods(cluster, d, 'scheduler'))[0].metadata.name;
    const list = await cluster.exec(ns, scheduler, ['airflow', 'dags', 'list', '-o', 'plain'], 180_000);
    if (!list.includes('example_bash')) throw new Error(`airflow dags list in the scheduler: ${list.slice(0, 400)}`);
    const r = await runDag(d.api, 'example_bash');
    // The components really go through PgBouncer: its Service answers and the scheduler's URL names it.
    const url = await cluster.exec(ns, scheduler, ['bash', '-c', 'eval "$AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD" | sed -E "s#//([^:]*):[^@]*@#//\\1:***@#"'], 60_000);
    if (!/pgbouncer/.test(url)) throw new Error(`the scheduler's database URL does not go through PgBouncer: ${url}`);
    // Negative control: the raw password in a URL (no encoding) does not even parse as the same credentials.
    const raw = `postgresql+psycopg2://airflow:${SPECIAL_PASSWORD}@${d.spec.instance}-postgresql.${ns}:5432/airflow`;
    const neg = await cluster.execRaw(ns, scheduler, ['python', '-c', 'import sys, sqlalchemy\ntry:\n    sqlalchemy.create_engine(sys.argv[1], connect_args={"connect_timeout": 5}).connect()\n    print("connected")\nexcept Exception as e:\n    print("refused:", type(e).__name__)', raw], 60_000);
    const negative = neg.stdout.trim() || neg.stderr.trim().split('\n').pop() || '';
    if (negative.startsWith('connected')) throw new Error('the unencoded URL connected: the scenario would not notice broken encoding');
    return {
      detail: `password ${JSON.stringify(SPECIAL_PASSWORD)}: migration Job Complete (direct), every component Ready through PgBouncer (${url.trim()}), airflow dags list ok, example_bash ran (${durations(r.tis)}); unencoded URL control: ${negative}. KEDA not installed: no ScaledObject check`,
    };
  },
};
