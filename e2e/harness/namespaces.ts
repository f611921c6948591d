import type { Cluster } from './cluster';
import { K8sObject, namespacesOf } from './dist';

/**
 * Creates, for real, the Namespaces a set of objects lives in, enforcing Pod Security
 * `restricted` (what the library promises its pods meet). A Namespace object in the file itself
 * is applied as written, on top.
 */
export async function createNamespacesOf(cluster: Cluster, objects: readonly K8sObject[]): Promise<string[]> {
  const names = namespacesOf(objects);
  for (const name of names) await cluster.namespace(name, 'restricted');
  return names;
}
