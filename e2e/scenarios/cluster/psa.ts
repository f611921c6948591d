import type { Scenario } from '../../harness/scenario';
import { testPod } from '../../harness/pods';

const privilegedPod = (namespace: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'privileged', namespace },
  spec: { containers: [{ name: 'main', image: 'python:3.12.8-slim-bookworm', securityContext: { privileged: true } }] },
});

/** Pod Security admission rejects a privileged pod in a `restricted` namespace. */
export const psaRestricted: Scenario = {
  id: 'cluster.psa-restricted',
  async run(cluster) {
    const restricted = await cluster.namespace('e2e-psa-restricted', 'restricted');
    const denied = await cluster.kubectlRaw(['create', '-f', '-'], { input: JSON.stringify(privilegedPod(restricted)) });
    if (denied.code === 0) throw new Error('a privileged pod was admitted into a restricted namespace');
    if (!/violates PodSecurity "restricted:latest"/.test(denied.stderr)) {
      throw new Error(`rejected, but not by Pod Security: ${denied.stderr.trim()}`);
    }
    // Controls: the API server allows privileged pods as such, and a compliant pod is admitted.
    const privileged = await cluster.namespace('e2e-psa-privileged', 'privileged');
    await cluster.kubectl(['create', '--dry-run=server', '-f', '-'], { input: JSON.stringify(privilegedPod(privileged)) });
    await cluster.kubectl(['create', '--dry-run=server', '-f', '-'], { input: JSON.stringify(testPod({ name: 'compliant', namespace: restricted })) });
    return denied.stderr.trim().split('\n')[0].replace(/^Error from server \(Forbidden\): /, '').slice(0, 160);
  },
};
