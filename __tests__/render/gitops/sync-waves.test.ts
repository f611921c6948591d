import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Airflow, CeleryExecutor, KubernetesExecutor } from '../../../lib';
import { assertUniqueObjects } from '../../../lib/synth/unique-objects';
import { exampleTaskPodFamilies } from '../../../examples';
import { K8sObject, ofKind, synthAirflow, workloadOf } from '../../support/chart';

const annotation = (obj: K8sObject): string | undefined => obj.metadata.annotations?.['argocd.argoproj.io/sync-wave'];
const wave = (obj: K8sObject) => Number(annotation(obj));
const component = (obj: K8sObject) => obj.metadata.labels['app.kubernetes.io/component'];
const networkPolicies = { egress: { kubernetesApi: [{ cidr: '10.0.0.1/32', ports: [443] }] } };
const everything = () => [
  ...synthAirflow({ executor: new CeleryExecutor(), taskPods: { families: exampleTaskPodFamilies() }, createNamespace: true, networkPolicies }),
  ...synthAirflow({ executor: new KubernetesExecutor(), taskPods: { families: exampleTaskPodFamilies() }, networkPolicies }),
];

describe('Argo CD sync waves', () => {
  test('every object has a sync wave', () => {
    const objects = everything();
    expect(objects.length).toBeGreaterThan(0);
    const missing = objects.filter((obj) => !/^-?\d+$/.test(annotation(obj) ?? '')).map((obj) => `${obj.kind}/${obj.metadata.name}: ${annotation(obj)}`);
    expect(missing).toEqual([]);
  });

  test('order: namespace, RBAC and NetworkPolicies, config, secret bootstrap, data services, migrations, Airflow', () => {
    const objects = everything();
    const waveOf = (predicate: (o: K8sObject) => boolean) => [...new Set(objects.filter(predicate).map(annotation))];
    expect(waveOf((o) => o.kind === 'Namespace')).toEqual(['-1']);
    expect(waveOf((o) => ['ServiceAccount', 'Role', 'RoleBinding'].includes(o.kind))).toEqual(['0']);
    // Before any pod starts, so no pod runs a moment without its policy.
    expect(ofKind(objects, 'NetworkPolicy').length).toBeGreaterThan(0);
    expect(waveOf((o) => o.kind === 'NetworkPolicy')).toEqual(['0']);
    expect(waveOf((o) => o.kind === 'ConfigMap')).toEqual(['1']);
    expect(waveOf((o) => o.kind === 'Job' && component(o) === 'secret-bootstrap')).toEqual(['2']);
    expect(waveOf((o) => ['postgresql', 'redis'].includes(component(o)) && o.kind !== 'ServiceAccount')).toEqual(['3']);
    expect(waveOf((o) => o.kind === 'Job' && component(o) === 'migrate-database')).toEqual(['4']);
    expect(waveOf((o) => o.kind === 'Deployment')).toEqual(['5']);
    expect(waveOf((o) => o.kind === 'Service' && component(o) === 'api-server')).toEqual(['5']);
  });

  test('the secret bootstrap comes before the database that needs its password', () => {
    const objects = synthAirflow();
    expect(wave(workloadOf(objects, 'secret-bootstrap'))).toBeLessThan(wave(workloadOf(objects, 'postgresql')));
    expect(wave(workloadOf(objects, 'postgresql'))).toBeLessThan(wave(workloadOf(objects, 'migrate-database')));
    expect(wave(workloadOf(objects, 'migrate-database'))).toBeLessThan(wave(workloadOf(objects, 'scheduler')));
  });

  test('both Jobs are Sync hooks deleted before re-creation, keep their hashed names and have no TTL', () => {
    const jobs = ofKind(synthAirflow(), 'Job');
    expect(jobs.map(component).sort()).toEqual(['migrate-database', 'secret-bootstrap']);
    for (const job of jobs) {
      expect(job.metadata.annotations).toMatchObject({
        'argocd.argoproj.io/hook': 'Sync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      });
      expect(job.metadata.name).toMatch(new RegExp(`^airflow-${component(job)}-[0-9a-f]{8}$`));
      expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
    }
  });

  test('only the two Jobs are hooks', () => {
    const hooks = synthAirflow().filter((o) => o.metadata.annotations?.['argocd.argoproj.io/hook']);
    expect(hooks.map((o) => o.kind)).toEqual(['Job', 'Job']);
  });

  test('can be switched off', () => {
    const objects = synthAirflow({ argoCdAnnotations: false });
    expect(objects.filter((o) => Object.keys(o.metadata.annotations ?? {}).some((k) => k.startsWith('argocd.argoproj.io/')))).toEqual([]);
  });
});

describe('hook Jobs keep their hashed names', () => {
  test('renaming the migration Job through the escape hatch fails the synth with a clear error', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'airflow' });
    const airflow = new Airflow(chart, 'airflow');
    ApiObject.of(airflow.migrateDatabase.job).addJsonPatch(JsonPatch.replace('/metadata/name', 'airflow-migrate'));
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/airflow\/migrate-database\/job\] the Job must keep its content-hashed name "airflow-migrate-database-[0-9a-f]{8}" \(Job templates are immutable and Argo CD re-creates hook Jobs by name\), got "airflow-migrate": remove the patch or override that renames it/,
    );
  });
});

describe('Namespace object', () => {
  test('off by default', () => {
    expect(ofKind(synthAirflow(), 'Namespace')).toEqual([]);
  });

  test('enforces Pod Security "restricted" when on, for the operator namespace too', () => {
    const objects = synthAirflow({ createNamespace: true, taskPods: { families: exampleTaskPodFamilies(), operatorNamespace: 'airflow-tasks' } });
    const namespaces = ofKind(objects, 'Namespace');
    expect(namespaces.map((n) => n.metadata.name)).toEqual(['airflow', 'airflow-tasks']);
    for (const ns of namespaces) {
      expect(ns.metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      });
      expect(ns.metadata.namespace).toBeUndefined();
    }
  });
});

describe('two deployments writing the same object', () => {
  test('fail the synth, naming both', () => {
    const app = new App({ outdir: Testing.app().outdir });
    new Airflow(new Chart(app, 'first', { namespace: 'airflow' }), 'airflow');
    new Airflow(new Chart(app, 'second', { namespace: 'airflow' }), 'airflow');
    expect(() => assertUniqueObjects(app)).toThrow(
      /v1 ConfigMap airflow\/airflow-config is written by first\/airflow\/config and second\/airflow\/config: give the deployments different instance names or namespaces/,
    );
  });
});
