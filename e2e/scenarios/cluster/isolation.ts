import type { Scenario } from '../../harness/scenario';
import { probeDns, probeTcp, testPod } from '../../harness/pods';

/**
 * Nothing leaves the machine: a pod's connection to the harness's outside test host fails fast,
 * and a name outside the cluster domain does not resolve. The test host is a network namespace
 * made by up.sh with a route back to the pods, so only the rules stop the packets.
 */
export const networkIsolated: Scenario = {
  id: 'cluster.network-isolated',
  async run(cluster) {
    const { outsideIP, outsidePort, dnsServiceIP, clusterDomain } = cluster.facts;
    // Control: the test host is up and answers the node itself.
    const control = await cluster.host('outside-check');
    if (!control.includes('outside test host')) throw new Error(`the outside test host did not answer the node: ${control}`);

    const ns = await cluster.namespace('e2e-isolated');
    await cluster.apply([testPod({ name: 'probe', namespace: ns })]);
    await cluster.wait(ns, 'pod/probe', 'condition=Ready', 90);

    const before = Number(await cluster.host('isolation-rejects'));
    const tcp = (await cluster.exec(ns, 'probe', probeTcp(outsideIP, outsidePort, 5))).trim();
    const seconds = Number(tcp.split(' ').pop());
    if (tcp.startsWith('connected')) throw new Error(`a pod reached the outside test host: ${tcp}`);
    if (!(seconds < 2)) throw new Error(`the connection failed, but not fast: ${tcp}`);
    const after = Number(await cluster.host('isolation-rejects'));
    if (!(after > before)) throw new Error(`the outside connection failed (${tcp}) but the isolation rule counted no packet`);

    // A Service without a Ready endpoint: its address must be refused at once (not routed out).
    await cluster.apply([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'nobody', namespace: ns }, spec: { selector: { 'cdk8s-airflow-e2e/pod': 'nobody' }, ports: [{ port: 5555 }] } }]);
    const serviceIP = (await cluster.kubectl(['get', 'service', '-n', ns, 'nobody', '-o', 'jsonpath={.spec.clusterIP}'])).trim();
    const empty = (await cluster.exec(ns, 'probe', probeTcp(serviceIP, 5555, 5))).trim();
    if (!empty.startsWith('refused') || !(Number(empty.split(' ').pop()) < 2)) {
      throw new Error(`a connection to a Service without endpoints (${serviceIP}) was not refused at once: ${empty}`);
    }

    const resolv = await cluster.exec(ns, 'probe', ['python3', '-c', 'print(open("/etc/resolv.conf").read())']);
    const servers = resolv.split('\n').filter((l) => l.startsWith('nameserver')).map((l) => l.split(/\s+/)[1]);
    if (servers.join() !== dnsServiceIP) throw new Error(`the pod's resolvers are ${servers.join()}, expected only ${dnsServiceIP}`);
    const outside = (await cluster.exec(ns, 'probe', probeDns('e2e-isolation-probe.example'))).trim();
    if (!outside.startsWith('failed')) throw new Error(`a name outside ${clusterDomain} resolved: ${outside}`);
    const inside = (await cluster.exec(ns, 'probe', probeDns(`kubernetes.default.svc.${clusterDomain}`))).trim();
    if (!inside.startsWith('resolved')) throw new Error(`control lookup inside the cluster domain failed: ${inside}`);
    return `outside host: ${tcp} (rejected by the node's rules); a Service without endpoints: ${empty}; e2e-isolation-probe.example: ${outside}`;
  },
};
