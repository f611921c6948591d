import type { Scenario } from '../../harness/scenario';
import { durations, runDag } from './common';
import { useInstance } from '../../harness/instance';
import { PodRecorder, podLifetime } from '../../harness/pod-recorder';
import { KUBERNETES_GIT } from './instances';

/**
 * spark.family: e2e_spark_pi's KubernetesPodOperator task starts the spark family's pod, whose
 * spark-submit sends Spark's Pi example in cluster mode to the API server
 * (k8s://https://kubernetes.default.svc:443 from the family's spark-defaults.conf); the driver and
 * its executors run as pods under the Spark ServiceAccount, the job succeeds.
 */
export const sparkFamily: Scenario = {
  id: 'spark.family',
  timeoutSeconds: 1500,
  async run(cluster) {
    const d = await useInstance(cluster, KUBERNETES_GIT);
    const ns = d.spec.namespace;
    const sa = `${d.spec.instance}-spark`;
    const spark = new PodRecorder(cluster, ns, 'spark-role');
    const submit = new PodRecorder(cluster, ns, 'cdk8s-airflow/task-family=spark,!spark-role');
    let r;
    try {
      r = await runDag(d.api, 'e2e_spark_pi', {}, 900_000);
    } finally {
      await spark.stop();
      await submit.stop();
    }
    const drivers = spark.all().filter((p) => p.labels['spark-role'] === 'driver');
    const executors = spark.all().filter((p) => p.labels['spark-role'] === 'executor');
    const problems: string[] = [];
    if (drivers.length !== 1) problems.push(`${drivers.length} driver pods`);
    if (executors.length < 1) problems.push('no executor pod');
    for (const p of [...drivers, ...executors]) {
      if (p.first.spec.serviceAccountName !== sa) problems.push(`${p.name} runs as ${p.first.spec.serviceAccountName}, not ${sa}`);
    }
    const driver = drivers[0];
    if (driver && !driver.phases.includes('Succeeded')) problems.push(`driver ${driver.name} phases ${driver.phases.join(' -> ')}`);
    const submitters = submit.all();
    if (submitters.length !== 1) problems.push(`${submitters.length} spark-submit pods (the spark family's template)`);
    else if (submitters[0].first.spec.serviceAccountName !== sa) problems.push(`spark-submit pod runs as ${submitters[0].first.spec.serviceAccountName}`);
    if (problems.length) throw new Error(problems.join('; '));
    // The driver pod stays (Completed) after the job, as Spark leaves it: its log has the result.
    let pi = '';
    const left = (await cluster.kubectlRaw(['get', 'pod', '-n', ns, driver.name, '-o', 'name'])).code === 0;
    if (left) pi = (await cluster.kubectl(['logs', '-n', ns, driver.name])).split('\n').find((l) => l.includes('Pi is roughly')) ?? '';
    if (left && !pi) throw new Error(`the driver's log has no "Pi is roughly" line`);
    // (The task's own log, spark-submit's output, went with the executor's task pod: TaskLogs.ephemeral().)
    const life = podLifetime(driver);
    // Leave no Spark pods behind for the next scenarios.
    await cluster.kubectlRaw(['delete', 'pods', '-n', ns, '-l', 'spark-role', '--wait=false']);
    return {
      detail: `spark-submit pod ${submitters[0].name} -> driver ${driver.name} and ${executors.length} executors (${executors.map((e) => e.name).join(', ')}), all as ${sa}; ${pi.trim() || 'driver Succeeded'}; task ${durations(r.tis)}; driver started -> finished ${life.startToFinish ?? '?'} s`,
      data: { runSeconds: r.seconds, driver: { name: driver.name, ...life }, executors: executors.map((e) => ({ name: e.name, ...podLifetime(e) })) },
    };
  },
};
