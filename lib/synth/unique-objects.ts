/**
 * Two deployments must never write the same Kubernetes object: `kubectl apply` would let the last
 * file win silently, and two Argo CD Applications would fight over it.
 */
import { ApiObject, App } from 'cdk8s';

/** Adds a validation to `app` that fails the synth when two charts emit the same object. */
export function requireUniqueObjects(app: App): void {
  app.node.addValidation({ validate: () => duplicateObjects(app) });
}

/** One message per object emitted by more than one chart. */
export function duplicateObjects(app: App): string[] {
  const owners = new Map<string, string[]>();
  for (const chart of app.charts) {
    for (const obj of chart.node.findAll()) {
      if (!(obj instanceof ApiObject)) continue;
      const json = obj.toJson();
      const key = `${obj.apiVersion} ${obj.kind} ${json.metadata?.namespace ?? '(cluster)'}/${json.metadata?.name}`;
      owners.set(key, [...(owners.get(key) ?? []), obj.node.path]);
    }
  }
  return [...owners.entries()]
    .filter(([, paths]) => paths.length > 1)
    .map(([key, paths]) => `${key} is written by ${paths.join(' and ')}: give the deployments different instance names or namespaces`);
}
