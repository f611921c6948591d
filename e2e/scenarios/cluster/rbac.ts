import type { Scenario } from '../../harness/scenario';
import { waitFor } from '../../harness/wait';
import { forbiddenFor, serviceAccountUser } from '../../harness/audit';

/** Authorization is Node,RBAC: an unbound ServiceAccount is denied; a binding grants; nodes are confined. */
export const rbac: Scenario = {
  id: 'cluster.rbac',
  async run(cluster) {
    const ns = await cluster.namespace('e2e-rbac');
    await cluster.kubectl(['create', 'serviceaccount', '-n', ns, 'nobody']);
    const token = (await cluster.kubectl(['create', 'token', '-n', ns, 'nobody', '--duration=10m'])).trim();
    const kubeconfig = cluster.tokenKubeconfig('nobody', token);
    const listPods = () => cluster.kubectlRaw(['get', 'pods', '-n', ns], { kubeconfig });

    const denied = await listPods();
    if (denied.code === 0 || !/Forbidden|forbidden/.test(denied.stderr)) {
      throw new Error(`an unbound ServiceAccount listed pods: ${denied.stdout || denied.stderr}`);
    }
    // The 403 reached the audit log under the ServiceAccount's name (the manifest checks rely on it).
    await waitFor('the 403 in the audit log', async () =>
      forbiddenFor(cluster.facts.auditLog, new Set([serviceAccountUser(ns, 'nobody')])).length ? true : undefined, { timeoutMs: 15_000 });

    await cluster.kubectl(['create', 'role', '-n', ns, 'pod-reader', '--verb=list', '--resource=pods']);
    await cluster.kubectl(['create', 'rolebinding', '-n', ns, 'nobody-reads', '--role=pod-reader', `--serviceaccount=${ns}:nobody`]);
    await waitFor('the RoleBinding to take effect', async () => ((await listPods()).code === 0 ? true : undefined), { timeoutMs: 15_000 });

    // The Node authorizer: kubelet's identity may not read a Secret no pod on its node uses.
    await cluster.kubectl(['create', 'secret', 'generic', '-n', ns, 'unrelated', '--from-literal=k=v']);
    const asNode = await cluster.kubectlRaw(['get', 'secret', '-n', ns, 'unrelated'], { kubeconfig: cluster.componentKubeconfig('kubelet') });
    if (asNode.code === 0 || !/no relationship found between node/.test(asNode.stderr)) {
      throw new Error(`the node identity read an unrelated Secret, or was denied for another reason: ${asNode.stderr.trim()}`);
    }
    return 'unbound ServiceAccount got 403 (audited), RoleBinding granted list, Node authorizer confined the kubelet';
  },
};
