import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { assertUniqueObjects, duplicateObjects } from '../../lib/synth/unique-objects';

/** An app whose charts, each in its own namespace, each write one object of `kind` named "shared". */
function appWritingTwice(kind: string, apiVersion = 'v1'): App {
  const app = new App({ outdir: Testing.app().outdir });
  for (const namespace of ['sales', 'marketing']) {
    new ApiObject(new Chart(app, namespace, { namespace }), 'object', { apiVersion, kind, metadata: { name: 'shared' } });
  }
  return app;
}

describe('objects written by two deployments', () => {
  // Kubernetes' cluster-scoped kinds among those a deployment may emit (core, RBAC, scheduling,
  // storage, CRDs, networking, admission, External Secrets' cluster store).
  test.each([
    'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass', 'PersistentVolume', 'CustomResourceDefinition',
    'IngressClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ClusterSecretStore',
  ])('a cluster-scoped %s of one name is one object, whatever namespace each chart has', (kind) => {
    // GIVEN two charts in different namespaces, each writing a cluster-scoped object named "shared"
    const app = appWritingTwice(kind);
    // WHEN the app is checked
    const duplicates = duplicateObjects(app);
    // THEN that is one object written twice
    expect(duplicates).toEqual([`v1 ${kind} (cluster)/shared is written by sales/object and marketing/object: ${kind === 'Namespace'
      ? 'a namespace shared by several deployments must be created once: set createNamespace on one of them only, or create it outside (e.g. Argo CD\'s CreateNamespace) and leave createNamespace off'
      : 'give the deployments different instance names or namespaces'}`]);
  });

  test('a namespaced object of one name in two namespaces is two objects', () => {
    // GIVEN two charts in different namespaces, each writing a ConfigMap named "shared"
    const app = appWritingTwice('ConfigMap');
    // WHEN / THEN no object is written twice
    expect(duplicateObjects(app)).toEqual([]);
  });

  test('the synth error lists every object written twice, one per line', () => {
    // GIVEN two charts in one namespace, each writing a ConfigMap and a Secret named "shared"
    const app = new App({ outdir: Testing.app().outdir });
    for (const id of ['first', 'second']) {
      const chart = new Chart(app, id, { namespace: 'airflow' });
      for (const kind of ['ConfigMap', 'Secret']) new ApiObject(chart, kind, { apiVersion: 'v1', kind, metadata: { name: 'shared' } });
    }
    // WHEN / THEN the error names both, each on its own indented line
    const fix = 'give the deployments different instance names or namespaces';
    expect(() => assertUniqueObjects(app)).toThrow(new Error([
      'Two deployments write the same objects:',
      `  v1 ConfigMap airflow/shared is written by first/ConfigMap and second/ConfigMap: ${fix}`,
      `  v1 Secret airflow/shared is written by first/Secret and second/Secret: ${fix}`,
    ].join('\n')));
  });
});
