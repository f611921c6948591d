/**
 * An optional Namespace object with Pod Security admission enforcing "restricted", for teams
 * whose namespaces are not created elsewhere (by a platform team, Argo CD's CreateNamespace, ...).
 */
import { Chart, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AirflowContext } from './context';

/** The Pod Security labels: enforce, audit and warn on the "restricted" level. */
export const POD_SECURITY_RESTRICTED: Readonly<Record<string, string>> = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};

/** Namespace objects for the instance (and the operator namespace, when it differs). */
export class AirflowNamespaces extends Construct {
  constructor(scope: Construct, id: string, ctx: AirflowContext, namespaces: readonly string[]) {
    super(scope, id);
    for (const name of [...new Set(namespaces)]) {
      const namespace = new k8s.KubeNamespace(this, name, {
        metadata: { name, labels: { ...ctx.labels.of('namespace'), ...POD_SECURITY_RESTRICTED } },
      });
      // Cluster-scoped: drop the namespace a namespaced chart puts on every object.
      if (Chart.of(this).namespace !== undefined) namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
  }
}
