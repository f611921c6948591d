import type { Cluster } from '../../harness/cluster';
import type { Scenario } from '../../harness/scenario';
import { httpServerPod, probeTcp, testPod } from '../../harness/pods';
import { waitFor } from '../../harness/wait';

const NS = 'e2e-netpol';

/** Polls (bounded) until a client's connection to the server does, or does not, succeed. */
async function expectReach(cluster: Cluster, client: string, serverIP: string, reach: boolean, what: string) {
  return waitFor(what, async () => {
    const out = (await cluster.exec(NS, client, probeTcp(serverIP, 8080, 2))).trim();
    if (out.startsWith('connected') !== reach) throw new Error(`last try: ${out}`);
    return out;
  }, { timeoutMs: 45_000, intervalMs: 2_000 });
}

/** A default-deny policy blocks pod-to-pod traffic; an allow rule admits exactly the chosen peer. */
export const networkPolicy: Scenario = {
  id: 'cluster.networkpolicy',
  async run(cluster) {
    await cluster.namespace(NS);
    await cluster.apply([
      httpServerPod('server', NS, { app: 'server' }),
      testPod({ name: 'allowed', namespace: NS, labels: { app: 'allowed' } }),
      testPod({ name: 'other', namespace: NS, labels: { app: 'other' } }),
    ]);
    for (const pod of ['server', 'allowed', 'other']) await cluster.wait(NS, `pod/${pod}`, 'condition=Ready', 90);
    const serverIP = (await cluster.getJson(['pod', '-n', NS, 'server'])).status.podIP as string;

    await expectReach(cluster, 'allowed', serverIP, true, 'the server to answer before any policy');
    await cluster.apply([
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: NS }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
    ]);
    await expectReach(cluster, 'allowed', serverIP, false, 'default-deny to block the client');
    await cluster.apply([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'allow-client', namespace: NS },
        spec: {
          podSelector: { matchLabels: { app: 'server' } },
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ podSelector: { matchLabels: { app: 'allowed' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
        },
      },
    ]);
    await expectReach(cluster, 'allowed', serverIP, true, 'the allow rule to admit the chosen client');
    await expectReach(cluster, 'other', serverIP, false, 'the other pod to stay blocked');
    return `enforced by ${cluster.facts.netpolAgent}: open, then denied, then allowed for app=allowed only`;
  },
};
