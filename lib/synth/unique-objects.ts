/**
 * Two deployments must never write the same Kubernetes object: `kubectl apply` would let the last
 * file win silently, and two Argo CD Applications would fight over it.
 */
import { ApiObject, App } from 'cdk8s';

/** Throws, listing every object emitted by more than one chart. */
export function assertUniqueObjects(app: App): void {
  const duplicates = duplicateObjects(app);
  if (duplicates.length > 0) throw new Error(`Two deployments write the same objects:\n  ${duplicates.join('\n  ')}`);
}

/** One message per object emitted by more than one chart. */
export function duplicateObjects(app: App): string[] {
  const owners = new Map<string, string[]>();
  for (const chart of app.charts) {
    for (const obj of chart.node.findAll()) {
      if (!(obj instanceof ApiObject)) continue;
      const key = `${obj.apiVersion} ${obj.kind} ${obj.metadata.namespace ?? '(cluster)'}/${obj.name}`;
      owners.set(key, [...(owners.get(key) ?? []), obj.node.path]);
    }
  }
  return [...owners.entries()]
    .filter(([, paths]) => paths.length > 1)
    .map(([key, paths]) => `${key} is written by ${paths.join(' and ')}: give the deployments different instance names or namespaces`);
}
