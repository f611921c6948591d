import type { Scenario } from '../../harness/scenario';
import { testPod } from '../../harness/pods';
import { waitFor } from '../../harness/wait';

/** A PVC without a storage class binds (default class) and a non-root pod writes to it. */
export const storage: Scenario = {
  id: 'cluster.storage',
  async run(cluster) {
    const ns = await cluster.namespace('e2e-storage');
    await cluster.apply([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data', namespace: ns },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ]);
    const pvc = await cluster.getJson(['pvc', '-n', ns, 'data']);
    if (!pvc.spec.storageClassName) throw new Error('no default StorageClass was assigned to the claim');

    const write = 'import os; p = "/data/e2e-proof"; open(p, "w").write("written by uid %d" % os.getuid()); print(open(p).read(), oct(os.stat("/data").st_mode))';
    await cluster.apply([
      testPod({
        name: 'writer',
        namespace: ns,
        python: write,
        fsGroup: 10001,
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      }),
    ]);
    await cluster.wait(ns, 'pod/writer', 'jsonpath={.status.phase}=Succeeded', 120).catch(async (err) => {
      const phase = await cluster.kubectl(['get', 'pod', '-n', ns, 'writer', '-o', 'jsonpath={.status.phase}']);
      throw new Error(`writer pod ${phase}: ${(await cluster.kubectlRaw(['logs', '-n', ns, 'writer'])).stdout.trim() || err.message}`);
    });
    const logs = await cluster.kubectl(['logs', '-n', ns, 'writer']);
    if (!logs.includes('written by uid 10001')) throw new Error(`writer printed ${JSON.stringify(logs)}`);
    const bound = await waitFor('the claim to be Bound', async () => {
      const c = await cluster.getJson(['pvc', '-n', ns, 'data']);
      return c.status.phase === 'Bound' ? c : undefined;
    });
    return `claim bound to ${bound.spec.volumeName} (class ${bound.spec.storageClassName}); uid 10001 wrote to it`;
  },
};
