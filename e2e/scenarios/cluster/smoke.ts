import type { Scenario } from '../../harness/scenario';
import { testPod } from '../../harness/pods';

/** The node is Ready; a pod runs; `kubectl logs` and `kubectl exec` work. */
export const smoke: Scenario = {
  id: 'cluster.smoke',
  async run(cluster) {
    const version = JSON.parse(await cluster.kubectl(['version', '-o', 'json']));
    if (version.serverVersion?.gitVersion !== cluster.facts.kubernetesVersion) {
      throw new Error(`API server reports ${version.serverVersion?.gitVersion}, expected ${cluster.facts.kubernetesVersion}`);
    }
    const node = await cluster.getJson(['node', cluster.facts.nodeName]);
    const ready = node.status.conditions.find((c: any) => c.type === 'Ready');
    if (ready?.status !== 'True') throw new Error(`node not Ready: ${ready?.message}`);

    const ns = await cluster.namespace('e2e-smoke');
    await cluster.apply([testPod({ name: 'hello', namespace: ns, python: 'import time; print("hello from the e2e cluster"); time.sleep(3600)' })]);
    await cluster.wait(ns, 'pod/hello', 'condition=Ready', 90);
    const logs = await cluster.kubectl(['logs', '-n', ns, 'hello']);
    if (!logs.includes('hello from the e2e cluster')) throw new Error(`kubectl logs printed ${JSON.stringify(logs)}`);
    const out = (await cluster.exec(ns, 'hello', ['python3', '-c', 'import os; print(os.getuid(), 6 * 7)'])).trim();
    if (out !== '10001 42') throw new Error(`kubectl exec printed ${JSON.stringify(out)}`);
    return `${version.serverVersion.gitVersion}, node ${cluster.facts.nodeName} Ready, logs and exec work`;
  },
};
