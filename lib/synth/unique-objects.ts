/**
 * Two deployments must never write the same Kubernetes object: `kubectl apply` would let the last
 * file win silently, and two Argo CD Applications would fight over it.
 */
import { ApiObject, App } from 'cdk8s';

/** Kinds without a namespace: one object of the name per cluster. */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass', 'PersistentVolume', 'CustomResourceDefinition',
  'IngressClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ClusterSecretStore',
]);

/** Throws, listing every object emitted by more than one chart. */
export function assertUniqueObjects(app: App): void {
  const duplicates = duplicateObjects(app);
  if (duplicates.length > 0) throw new Error(`Two deployments write the same objects:\n  ${duplicates.join('\n  ')}`);
}

/** One message per object emitted more than once, naming every construct that writes it and the fix. */
export function duplicateObjects(app: App): string[] {
  const owners = new Map<string, { kind: string; paths: string[] }>();
  for (const chart of app.charts) {
    for (const obj of chart.node.findAll()) {
      if (!(obj instanceof ApiObject)) continue;
      // A namespaced chart sets its namespace on every object, cluster-scoped ones too (the
      // namespace is dropped when they are written), so scope comes from the kind.
      const namespace = CLUSTER_SCOPED_KINDS.has(obj.kind) ? undefined : obj.metadata.namespace;
      const key = `${obj.apiVersion} ${obj.kind} ${namespace ?? '(cluster)'}/${obj.name}`;
      const entry = owners.get(key) ?? { kind: obj.kind, paths: [] };
      entry.paths.push(obj.node.path);
      owners.set(key, entry);
    }
  }
  return [...owners.entries()]
    .filter(([, { paths }]) => paths.length > 1)
    .map(([key, { kind, paths }]) => `${key} is written by ${paths.join(' and ')}: ${fixFor(kind)}`);
}

function fixFor(kind: string): string {
  if (kind === 'Namespace') {
    // Typically two instances sharing a namespace (or taskPods.operatorNamespace), each with createNamespace.
    return 'a namespace shared by several deployments must be created once: set createNamespace on one of them only, ' +
      'or create it outside (e.g. Argo CD\'s CreateNamespace) and leave createNamespace off';
  }
  return 'give the deployments different instance names or namespaces';
}
