import type { Cluster } from '../../harness/cluster';
import type { Outcome, Scenario } from '../../harness/scenario';
import { auditedRequests } from '../../harness/audit';
import { InstanceSpec, useInstance, waitPodsGone } from '../../harness/instance';
import { PodRecorder, podLifetime, RecordedPod } from '../../harness/pod-recorder';
import { EXAMPLE_DAGS } from './celery';
import { airflowLeaks, checkLogin, checkReady, durations, finishRun, logWith, runDag, triggerUntilRunning } from './common';
import { CELERY, KUBERNETES, KUBERNETES_GIT } from './instances';

export const kubernetesReady: Scenario = { id: 'kubernetes.ready', timeoutSeconds: 1200, run: (c) => checkReady(c, KUBERNETES) };

export const kubernetesLogin: Scenario = { id: 'kubernetes.login', timeoutSeconds: 1200, run: (c) => checkLogin(c, KUBERNETES, EXAMPLE_DAGS) };

/** Secrets an Airflow 3 task pod must not get (it talks to the execution API with its own token). */
const TASK_POD_FORBIDDEN_ENV = /SQL_ALCHEMY_CONN|FERNET_KEY|API__SECRET_KEY|JWT_SECRET|AIRFLOW_DB_PASSWORD|BROKER_URL/;

/** What the executor's task pods must look like: the default template's, launched by the scheduler. */
function checkExecutorPod(p: RecordedPod, instance: string, scheduler: string, creators: Map<string, string>): string[] {
  const problems: string[] = [];
  const pod = p.first;
  const labels = pod.metadata.labels ?? {};
  if (labels['app.kubernetes.io/component'] !== 'task' || labels['cdk8s-airflow/task-family'] !== 'default') problems.push(`${p.name}: labels ${JSON.stringify(labels)} are not the default template's`);
  if (pod.spec.serviceAccountName !== `${instance}-task`) problems.push(`${p.name}: ServiceAccount ${pod.spec.serviceAccountName}`);
  const base = pod.spec.containers.find((c: any) => c.name === 'base');
  if (!base) problems.push(`${p.name}: no container named base`);
  for (const e of base?.env ?? []) if (TASK_POD_FORBIDDEN_ENV.test(e.name)) problems.push(`${p.name}: env ${e.name} (Airflow 3 task pods need no database or key secrets)`);
  const creator = creators.get(p.name);
  if (creator !== scheduler) problems.push(`${p.name}: created by ${creator ?? 'nobody in the audit log'}, not ${scheduler}`);
  return problems;
}

/**
 * Runs example_kubernetes_pod on `spec`: its KubernetesPodOperator task starts its pod from the
 * python family's template, in the family's namespace; the live pod carries no Airflow secret,
 * config or ServiceAccount token, and the task succeeds.
 */
async function runPythonFamilyPod(cluster: Cluster, spec: InstanceSpec): Promise<Outcome> {
  const d = await useInstance(cluster, spec);
  const ns = d.spec.namespace;
  const recorder = new PodRecorder(cluster, ns, 'cdk8s-airflow/task-family=python');
  let pods: RecordedPod[];
  let r;
  try {
    r = await runDag(d.api, 'example_kubernetes_pod');
  } finally {
    pods = await recorder.stop();
  }
  if (pods.length !== 1) throw new Error(`expected one python-family pod, saw ${pods.map((p) => p.name).join(', ') || 'none'}`);
  const pod = pods[0].first;
  const problems = airflowLeaks(pod);
  if (pod.metadata.namespace !== ns) problems.push(`namespace ${pod.metadata.namespace}`);
  if (pod.spec.serviceAccountName !== `${d.spec.instance}-task-python`) problems.push(`ServiceAccount ${pod.spec.serviceAccountName}`);
  if (pod.spec.automountServiceAccountToken !== false) problems.push('a ServiceAccount token is mounted');
  const image = pod.spec.containers[0].image;
  if (image !== 'python:3.12.8-slim-bookworm') problems.push(`image ${image}`);
  if (problems.length) throw new Error(`the python-family pod ${pods[0].name}: ${problems.join('; ')}`);
  // What remains of the pod's output is its own end state, as the recorder saw it: its log went
  // to the operator's task log (on the Celery worker, or in the executor's task pod, deleted with it).
  const phases = pods[0].phases;
  const exit = pods[0].last.status?.containerStatuses?.[0]?.state?.terminated?.exitCode;
  if (phases.includes('Failed') || (exit !== undefined && exit !== 0)) throw new Error(`the python-family pod ended ${phases.join(' -> ')} (exit ${exit})`);
  const life = podLifetime(pods[0]);
  return {
    detail: `${pods[0].name}: namespace ${ns}, ServiceAccount ${pod.spec.serviceAccountName}, no token, no Airflow env/Secret/ConfigMap, image ${image}; phases ${phases.join(' -> ')}; task ${durations(r.tis)}; pod created -> gone ${life.createdToGone ?? '?'} s`,
    data: { pod: pods[0].name, lifetime: life, runSeconds: r.seconds },
  };
}

/** kpo.python-family: example_kubernetes_pod under the KubernetesExecutor example (the operator runs in an executor task pod). */
export const kpoPythonFamily: Scenario = { id: 'kpo.python-family', timeoutSeconds: 1200, run: (c) => runPythonFamilyPod(c, KUBERNETES) };

/** kpo.celery: example_kubernetes_pod under the Celery example (the operator runs on the worker, which launches the pod). */
export const kpoCelery: Scenario = { id: 'kpo.celery', timeoutSeconds: 1200, run: (c) => runPythonFamilyPod(c, CELERY) };

/**
 * kubernetes.dag-run (DAGs from Git): e2e_bash_python's Bash and Python tasks each run in a pod of
 * their own that the scheduler's ServiceAccount created from the default pod template, and
 * succeed; the Bash task's log is read through the API while it runs (the api-server reads the
 * pod's log through the Kubernetes API). The example keeps task logs in the pod
 * (TaskLogs.ephemeral()): once the executor deletes the finished pod the log is gone, which this
 * scenario shows too (README: "Task logs under KubernetesExecutor"). example_bash and example_python
 * run the same way.
 */
export const kubernetesDagRun: Scenario = {
  id: 'kubernetes.dag-run',
  timeoutSeconds: 1800,
  async run(cluster) {
    const d = await useInstance(cluster, KUBERNETES_GIT);
    const ns = d.spec.namespace;
    const scheduler = `system:serviceaccount:${ns}:${d.spec.instance}-scheduler`;
    const recorder = new PodRecorder(cluster, ns, 'kubernetes_executor=True');
    const seconds = 45;
    let liveLog = '';
    let runs;
    try {
      // While the Bash task runs: its log through the API, straight from the pod.
      const r = await triggerUntilRunning(d.api, 'e2e_bash_python', 'bash', { conf: { seconds } });
      liveLog = await logWith(d.api, r, 'bash', 1, ['e2e-bash-marker', 'e2e-bash-tick'], (seconds - 5) * 1000);
      const running = await d.api.taskInstance(r.dagId, r.runId, 'bash');
      if (running.state !== 'running') throw new Error(`the bash log was read only after the task ended (${running.state}), not while it ran`);
      const first = await finishRun(d.api, r.dagId, r.runId);
      const examples = [];
      for (const dagId of ['example_bash', 'example_python']) examples.push(await runDag(d.api, dagId));
      runs = [first, ...examples];
    } finally {
      await recorder.stop();
    }
    const pods = recorder.all();
    const creators = new Map(auditedRequests(cluster.facts.auditLog, ns, 'pods', 'create').filter((a) => a.code === 201).map((a) => [a.name, a.user]));
    const problems: string[] = [];
    const lines: string[] = [];
    const timings: Record<string, unknown> = {};
    for (const r of runs) {
      for (const ti of r.tis) {
        // The recorder started with this scenario: the pods it saw are this run's.
        const mine = pods.filter((p) => p.labels.dag_id === r.dagId && p.labels.task_id === ti.task_id);
        if (mine.length !== 1) {
          problems.push(`${r.dagId}.${ti.task_id}: ${mine.length} task pods seen`);
          continue;
        }
        const p = mine[0];
        problems.push(...checkExecutorPod(p, d.spec.instance, scheduler, creators));
        if (ti.hostname !== p.first.status?.podIP && ti.hostname !== p.last.status?.podIP) problems.push(`${r.dagId}.${ti.task_id} ran on ${ti.hostname}, its pod had ${p.last.status?.podIP}`);
        const life = podLifetime(p);
        timings[`${r.dagId}.${ti.task_id}`] = life;
        lines.push(`${r.dagId}.${ti.task_id} in ${p.name} (created -> started ${life.createdToStart ?? '?'} s, started -> finished ${life.startToFinish ?? '?'} s)`);
      }
    }
    const names = new Set(pods.map((p) => p.name));
    if (names.size !== pods.length) problems.push('two tasks shared a pod name');
    if (problems.length) throw new Error(problems.join('; '));

    // The finished pods are deleted by the executor: the log goes with them (TaskLogs.ephemeral).
    await waitPodsGone(cluster, ns, 'kubernetes_executor=True,dag_id=e2e_bash_python', 180_000);
    const after = await d.api.taskLog('e2e_bash_python', runs[0].runId, 'bash', 1);
    if (after.includes('e2e-bash-marker')) throw new Error('the bash log is still readable after its pod is gone: TaskLogs.ephemeral() keeps it somewhere; update the README and this scenario');
    const lost = after.split('\n').find((l) => /Could not read|No logs found|not found/i.test(l)) ?? after.slice(0, 200);
    return {
      detail: `${lines.join('; ')}; each pod created by ${scheduler} from the default template with no database or key secrets; live log read while running (${liveLog.split('\n').filter((l) => l.includes('e2e-bash-tick')).length} ticks); after the pod was gone the API answers: "${lost.slice(0, 160)}"`,
      data: { taskPods: timings, runs: runs.map((r) => ({ dag: r.dagId, seconds: r.seconds })) },
    };
  },
};
