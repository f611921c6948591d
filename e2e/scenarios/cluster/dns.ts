import type { Scenario } from '../../harness/scenario';
import { httpServerPod, probeDns, probeTcp, testPod } from '../../harness/pods';
import { waitFor } from '../../harness/wait';

/** A pod resolves a Service by name (CoreDNS) and connects through its ClusterIP (kube-proxy). */
export const dns: Scenario = {
  id: 'cluster.dns',
  async run(cluster) {
    const ns = await cluster.namespace('e2e-dns');
    await cluster.apply([
      httpServerPod('web', ns, { app: 'web' }),
      testPod({ name: 'client', namespace: ns }),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: ns },
        spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
      },
    ]);
    await cluster.wait(ns, 'pod/web', 'condition=Ready', 90);
    await cluster.wait(ns, 'pod/client', 'condition=Ready', 90);
    const clusterIP = (await cluster.getJson(['service', '-n', ns, 'web'])).spec.clusterIP as string;

    const fqdn = `web.${ns}.svc.${cluster.facts.clusterDomain}`;
    for (const name of ['web', fqdn]) {
      const answer = (await cluster.exec(ns, 'client', probeDns(name))).trim();
      if (answer.split(' ')[1] !== clusterIP) throw new Error(`${name} resolved as "${answer}", expected ${clusterIP}`);
    }
    // kube-proxy programs the Service a moment after its endpoints appear: a few bounded tries.
    const reply = await waitFor('an HTTP reply through the ClusterIP', async () => {
      const out = (await cluster.exec(ns, 'client', probeTcp('web', 80))).trim();
      if (!out.startsWith('connected HTTP/1.0 200')) throw new Error(out);
      return out;
    }, { timeoutMs: 30_000, intervalMs: 2_000 });
    return `web -> ${clusterIP}; ${reply}`;
  },
};
