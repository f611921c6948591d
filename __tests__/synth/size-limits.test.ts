// Class 4 of issue 14: no object over the sizes Kubernetes stores, and a warning (with the way
// out) for objects client-side `kubectl apply` cannot apply.
import { App, Chart, Testing } from 'cdk8s';
import { Airflow, AirflowProps, AirflowValidationError, KubernetesExecutor, TaskPodFamily } from '../../lib';
import { CONFIG_MAP_CHUNK_BYTES, chunkEntries } from '../../lib/render/pod-templates/config-map-chunks';
import { checkApp } from '../../lib/synth/synthesize';
import { K8sObject, find, taskPodTemplates, workloadOf } from '../support/chart';
import { validateK8sObject } from '../support/schema';

const KIB = 1024;
/** Enough operator families for more than 1 MiB of templates. */
const FAMILIES = 700;

/** An app with one Airflow (chart `test`, namespace `airflow`), its objects, and what checkApp says. */
function appWith(props: AirflowProps): { app: App; airflow: Airflow; objects: () => K8sObject[] } {
  const app = new App({ outdir: Testing.app().outdir });
  const chart = new Chart(app, 'test', { namespace: 'airflow' });
  const airflow = new Airflow(chart, 'airflow', props);
  return { app, airflow, objects: () => Testing.synth(chart) as K8sObject[] };
}

const manyFamilies = (count: number) => Array.from({ length: count }, (_, i) => TaskPodFamily.operator({ name: `job-${i}`, image: 'python:3.12.8-slim-bookworm' }));

describe('task pod templates too big for one ConfigMap', () => {
  const { app, airflow, objects } = appWith({
    executor: new KubernetesExecutor(),
    taskPods: { families: [...manyFamilies(FAMILIES), TaskPodFamily.executor({ name: 'etl', image: 'apache/airflow:3.1.7' })] },
  });
  const all = objects();
  const templates = taskPodTemplates(all);
  const configMaps = all.filter((o) => o.kind === 'ConfigMap' && /-pod-templates(-[0-9]+)?$/.test(o.metadata.name));

  test('would be over 1 MiB in one ConfigMap', () => {
    const bytes = configMaps.reduce((sum, cm) => sum + Object.values(cm.data as Record<string, string>).reduce((s, v) => s + Buffer.byteLength(v), 0), 0);
    expect(bytes).toBeGreaterThan(1024 * KIB);
  });

  test('are split across ConfigMaps small enough for client-side apply', () => {
    expect(configMaps.map((cm) => cm.metadata.name)).toEqual(['airflow-pod-templates', ...Array.from({ length: configMaps.length - 1 }, (_, i) => `airflow-pod-templates-${i + 2}`)]);
    expect(configMaps.length).toBeGreaterThan(4);
    for (const cm of configMaps) expect({ name: cm.metadata.name, small: Buffer.byteLength(JSON.stringify(cm)) < 256 * KIB - 100 }).toEqual({ name: cm.metadata.name, small: true });
    expect(checkApp(app)).toEqual([]);
  });

  test('ship every template once and the index in the first', () => {
    const names = templates.map((t) => t.name).sort();
    expect(names).toEqual(['default', 'etl', ...manyFamilies(FAMILIES).map((f) => f.name)].sort());
    expect(configMaps.filter((cm) => cm.data['index.json'] !== undefined).map((cm) => cm.metadata.name)).toEqual(['airflow-pod-templates']);
    expect(JSON.parse(configMaps[0].data['index.json']).families).toHaveLength(FAMILIES + 2);
    expect(airflow.taskPodTemplatePath(`job-${FAMILIES - 1}`)).toBe(`/opt/airflow/pod_templates/job-${FAMILIES - 1}.yaml`);
  });

  test('appear as one folder to the scheduler and to executor task pods (a projected volume)', () => {
    const expected = { name: 'pod-templates', projected: { sources: configMaps.map((cm) => ({ configMap: { name: cm.metadata.name } })) } };
    expect(workloadOf(all, 'scheduler').spec.template.spec.volumes).toContainEqual(expected);
    const etl = templates.find((t) => t.name === 'etl')!;
    expect(etl.pod.spec.volumes).toContainEqual(expected);
  });

  test('every object is valid, and so are the templates (a sample: the 700 operator templates differ only in name)', () => {
    expect(all.flatMap((o) => validateK8sObject(o))).toEqual([]);
    const sample = templates.filter((t) => ['default', 'etl', 'job-0', `job-${FAMILIES - 1}`].includes(t.name));
    expect(sample).toHaveLength(4);
    expect(sample.flatMap((t) => validateK8sObject(t.pod))).toEqual([]);
  });
});

describe('task pod templates that fit one ConfigMap', () => {
  test('stay in one ConfigMap, mounted as before', () => {
    const all = appWith({ executor: new KubernetesExecutor(), taskPods: { families: manyFamilies(3) } }).objects();
    expect(all.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.includes('pod-templates')).map((o) => o.metadata.name)).toEqual(['airflow-pod-templates']);
    expect(workloadOf(all, 'scheduler').spec.template.spec.volumes).toContainEqual({ name: 'pod-templates', configMap: { name: 'airflow-pod-templates' } });
  });
});

describe('chunkEntries', () => {
  test('fills chunks up to the budget in order, an oversize entry alone', () => {
    const entry = (key: string, length: number): [string, string] => [key, 'x'.repeat(length)];
    expect(chunkEntries([entry('a', 60), entry('b', 60), entry('c', 200), entry('d', 10)], 100).map((c) => Object.keys(c))).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(chunkEntries([entry('a', 10), entry('b', 10), entry('c', 10)], 100).map((c) => Object.keys(c))).toEqual([['a', 'b', 'c']]);
    expect(CONFIG_MAP_CHUNK_BYTES).toBeLessThan(256 * KIB);
  });
});

describe('objects Kubernetes would refuse or client-side apply cannot apply', () => {
  test('a ConfigMap over 1 MiB is refused with the numbers', () => {
    // GIVEN a config value of 1.2 MB (a JSON blob pasted into config)
    const { app, objects } = appWith({ config: { core: { allowed_deserialization_classes: 'airflow.*'.padEnd(1_200_000, ' x') } } });
    const bytes = Buffer.byteLength(find(objects(), 'ConfigMap', 'airflow-config').data['airflow.cfg']);
    // THEN
    expect(() => checkApp(app)).toThrow(AirflowValidationError);
    expect(() => checkApp(app)).toThrow(
      `test/airflow/config: ConfigMap airflow/airflow-config holds ${bytes.toLocaleString('en-US')} bytes of data; Kubernetes refuses more than 1,048,576 bytes (1 MiB) in one ConfigMap: ` +
        'make the props it is built from smaller (long config values, large task pod families)',
    );
  });

  test('an object over 256 KiB is a warning pointing to server-side apply', () => {
    const { app, objects } = appWith({ config: { core: { allowed_deserialization_classes: 'airflow.*'.padEnd(300_000, ' x') } } });
    const config = find(objects(), 'ConfigMap', 'airflow-config');
    // Measured as written: the sync-wave annotation is part of the object.
    const bytes = Buffer.byteLength(JSON.stringify(config));
    expect(checkApp(app)).toEqual([
      `test/airflow/config: ConfigMap airflow/airflow-config is ${bytes.toLocaleString('en-US')} bytes as JSON, too big for client-side kubectl apply, which copies it into the kubectl.kubernetes.io/last-applied-configuration annotation ` +
        '(annotations hold at most 262,144 bytes): apply with kubectl apply --server-side (README: "Large objects"); Argo CD: sync option ServerSideApply=true',
    ]);
  });

  test('objects of ordinary size pass', () => {
    expect(checkApp(appWith({ config: { core: { parallelism: 64 } } }).app)).toEqual([]);
  });
});
