// The CRD schema check guards every custom resource we emit, so it must itself be able to fail:
// each valid resource below is followed by broken copies that it has to reject, with the path.
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Application } from '../../imports/argocd-argoproj.io';
import { ExternalSecret, ExternalSecretSpecSecretStoreRefKind } from '../../imports/externalsecrets-external-secrets.io';
import { ScaledObject } from '../../imports/keda-keda.sh';
import { SealedSecret } from '../../imports/sealedsecrets-bitnami.com';
import { ServiceMonitor, ServiceMonitorSpecEndpointsScheme } from '../../imports/servicemonitors-monitoring.coreos.com';
import { K8sObject } from '../support/chart';
import { CRD_DIR, JsonSchema, loadCrds, validateAgainstSchema, validateCustomResource } from '../../lib/validate/crd-schema';
import { validateK8sObject } from '../../lib/validate/kubernetes-schema';

/** One valid object of each imported CRD, built with the generated classes. */
function synthCustomResources(): Record<string, K8sObject> {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'airflow', disableResourceNameHashes: true });
  new Application(chart, 'application', {
    metadata: { name: 'airflow-celery', namespace: 'argocd' },
    spec: {
      project: 'default',
      source: {
        repoUrl: 'https://github.com/acme/airflow-deploy.git',
        targetRevision: 'HEAD',
        path: 'dist',
        directory: { include: 'airflow-celery.k8s.yaml', recurse: false },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'airflow' },
      syncPolicy: { syncOptions: ['CreateNamespace=true'], automated: { prune: true, selfHeal: true } },
    },
  });
  new ExternalSecret(chart, 'external-secret', {
    metadata: { name: 'airflow-fernet-key' },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE, name: 'vault' },
      target: { name: 'airflow-fernet-key' },
      data: [{ secretKey: 'fernet-key', remoteRef: { key: 'airflow/fernet', property: 'key' } }],
    },
  });
  new ScaledObject(chart, 'scaled-object', {
    metadata: { name: 'airflow-worker' },
    spec: {
      scaleTargetRef: { kind: 'StatefulSet', name: 'airflow-worker' },
      pollingInterval: 5,
      cooldownPeriod: 30,
      minReplicaCount: 0,
      maxReplicaCount: 10,
      triggers: [
        {
          type: 'postgresql',
          metadata: {
            connectionFromEnv: 'AIRFLOW_CONN_AIRFLOW_DB',
            targetQueryValue: '1',
            query: "SELECT ceil(COUNT(*)::decimal / 16) FROM task_instance WHERE state IN ('running', 'queued')",
          },
        },
      ],
    },
  });
  new ServiceMonitor(chart, 'service-monitor', {
    metadata: { name: 'airflow-statsd', labels: { 'app.kubernetes.io/name': 'airflow' } },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/component': 'statsd' } },
      endpoints: [{ port: 'metrics', interval: '30s', scheme: ServiceMonitorSpecEndpointsScheme.HTTP }],
    },
  });
  new SealedSecret(chart, 'sealed-secret', {
    metadata: { name: 'airflow-db' },
    spec: {
      encryptedData: { uri: 'AgBy3i4OJSWK+PiTySYZZA==' },
      template: { metadata: { name: 'airflow-db', labels: { 'app.kubernetes.io/name': 'airflow' } }, type: 'Opaque' },
    },
  });
  return Object.fromEntries((Testing.synth(chart) as K8sObject[]).map((o) => [o.kind, o]));
}

const objects = synthCustomResources();

/** A deep copy of the valid object of `kind`, changed by `edit`. */
function broken(kind: string, edit: (o: any) => void): K8sObject {
  const copy = structuredClone(objects[kind]);
  edit(copy);
  return copy;
}

describe('validateCustomResource accepts valid objects built with the generated classes', () => {
  test.each(['Application', 'ExternalSecret', 'ScaledObject', 'ServiceMonitor', 'SealedSecret'])('%s', (kind) => {
    expect(objects[kind]).toBeDefined();
    expect(validateCustomResource(objects[kind])).toEqual([]);
    expect(validateK8sObject(objects[kind])).toEqual([]);
  });
});

describe('validateCustomResource rejects', () => {
  test.each<[string, string, (o: any) => void, string[]]>([
    [
      'an unknown field deep in the spec',
      'Application',
      (o) => (o.spec.source.directory.inclde = 'x.yaml'),
      ['Application/airflow-celery: $.spec.source.directory.inclde: unknown field'],
    ],
    [
      'an unknown field in a list item',
      'ServiceMonitor',
      (o) => (o.spec.endpoints[0].intervall = '30s'),
      ['ServiceMonitor/airflow-statsd: $.spec.endpoints[0].intervall: unknown field'],
    ],
    [
      'an unknown top-level field',
      'ScaledObject',
      (o) => (o.sepc = {}),
      ['ScaledObject/airflow-worker: $.sepc: unknown field'],
    ],
    [
      'a wrong type (string for integer)',
      'ScaledObject',
      (o) => (o.spec.minReplicaCount = '0'),
      ['ScaledObject/airflow-worker: $.spec.minReplicaCount: expected integer, got string "0"'],
    ],
    [
      'a wrong type (object for boolean)',
      'Application',
      (o) => (o.spec.syncPolicy.automated.prune = {}),
      ['Application/airflow-celery: $.spec.syncPolicy.automated.prune: expected boolean, got an object'],
    ],
    [
      'a wrong type in a map of strings',
      'ScaledObject',
      (o) => (o.spec.triggers[0].metadata.targetQueryValue = 1),
      ['ScaledObject/airflow-worker: $.spec.triggers[0].metadata.targetQueryValue: expected string, got number 1'],
    ],
    [
      'a missing required field',
      'ExternalSecret',
      (o) => delete o.spec.data[0].remoteRef.key,
      ['ExternalSecret/airflow-fernet-key: $.spec.data[0].remoteRef.key: required field is missing'],
    ],
    [
      'a missing required spec',
      'Application',
      (o) => delete o.spec,
      ['Application/airflow-celery: $.spec: required field is missing'],
    ],
    [
      'a bad enum value',
      'ExternalSecret',
      (o) => (o.spec.secretStoreRef.kind = 'Vault'),
      ['ExternalSecret/airflow-fernet-key: $.spec.secretStoreRef.kind: must be one of "SecretStore", "ClusterSecretStore", got "Vault"'],
    ],
    [
      'a value below the minimum',
      'ScaledObject',
      (o) => (o.spec.pollingInterval = 0),
      ['ScaledObject/airflow-worker: $.spec.pollingInterval: must be >= 1, got 0'],
    ],
    [
      'a list shorter than minItems',
      'ScaledObject',
      (o) => (o.spec.triggers = []),
      ['ScaledObject/airflow-worker: $.spec.triggers: must have at least 1 items, got 0'],
    ],
    [
      'a string not matching the pattern',
      'ServiceMonitor',
      (o) => (o.spec.endpoints[0].interval = '30 seconds'),
      [
        'ServiceMonitor/airflow-statsd: $.spec.endpoints[0].interval: must match /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/, got "30 seconds"',
      ],
    ],
    [
      'a string longer than maxLength',
      'ExternalSecret',
      (o) => (o.spec.target.name = 'a'.repeat(254)),
      ['ExternalSecret/airflow-fernet-key: $.spec.target.name: must be at most 253 characters long, got 254'],
    ],
    [
      'null where the schema is not nullable',
      'Application',
      (o) => (o.spec.destination.namespace = null),
      ['Application/airflow-celery: $.spec.destination.namespace: must not be null'],
    ],
    [
      'an unknown metadata field',
      'SealedSecret',
      (o) => (o.metadata.label = { a: 'b' }),
      ['SealedSecret/airflow-db: $.metadata.label: unknown field'],
    ],
    [
      'a label value that is not a string',
      'ServiceMonitor',
      (o) => (o.metadata.labels['app.kubernetes.io/name'] = true),
      ['ServiceMonitor/airflow-statsd: $.metadata.labels["app.kubernetes.io/name"]: expected string, got boolean true'],
    ],
    [
      'an invalid label value',
      'ServiceMonitor',
      (o) => (o.metadata.labels['app.kubernetes.io/name'] = 'air flow'),
      [
        `ServiceMonitor/airflow-statsd: $.metadata.labels["app.kubernetes.io/name"]: invalid label value "air flow" (at most 63 characters of A-Z, a-z, 0-9, '-', '_', '.', starting and ending alphanumeric)`,
      ],
    ],
    [
      'an invalid object name',
      'Application',
      (o) => (o.metadata.name = 'Airflow_Celery'),
      [
        `Application/Airflow_Celery: $.metadata.name: must be a lowercase RFC 1123 subdomain (at most 253 characters of a-z, 0-9, '-', '.'), got "Airflow_Celery"`,
      ],
    ],
  ])('%s', (_what, kind, edit, expected) => {
    const obj = broken(kind, edit);
    expect(validateCustomResource(obj)).toEqual(expected);
    expect(validateK8sObject(obj)).toEqual(expected);
  });

  test('every problem at once', () => {
    const obj = broken('ScaledObject', (o) => {
      o.spec.minReplicaCount = -1;
      o.spec.triggers[0].typ = 'cron';
      delete o.spec.scaleTargetRef;
    });
    expect(validateCustomResource(obj)).toEqual([
      'ScaledObject/airflow-worker: $.spec.scaleTargetRef: required field is missing',
      'ScaledObject/airflow-worker: $.spec.minReplicaCount: must be >= 0, got -1',
      'ScaledObject/airflow-worker: $.spec.triggers[0].typ: unknown field',
    ]);
  });
});

describe('picking the CRD', () => {
  test('rejects a version the CRD does not serve', () => {
    const obj = broken('ExternalSecret', (o) => (o.apiVersion = 'external-secrets.io/v1beta1'));
    expect(validateCustomResource(obj)).toEqual([
      'ExternalSecret/airflow-fernet-key: external-secrets.io/v1beta1 ExternalSecret is not served (served: external-secrets.io/v1)',
    ]);
  });

  test('rejects a version the CRD does not have', () => {
    const obj = broken('Application', (o) => (o.apiVersion = 'argoproj.io/v1'));
    expect(validateCustomResource(obj)).toEqual([
      'Application/airflow-celery: argoproj.io/v1 is not a version of Application in argoproj.io_applications.yaml (served: argoproj.io/v1alpha1)',
    ]);
  });

  test('rejects a kind of an imported group that has no imported CRD', () => {
    const obj = { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'airflow' }, spec: {} };
    expect(validateK8sObject(obj)).toEqual([
      'AppProject/airflow: no imported CRD for kind AppProject in group argoproj.io (imported kinds in argoproj.io: Application)',
    ]);
  });

  test('built-in kinds keep the Kubernetes schema path', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80, bogus: 1 }] } };
    expect(validateK8sObject(service)).toEqual(['Service.spec.ports[0].bogus: unknown field for V1ServicePort']);
  });
});

describe('schema keywords', () => {
  const cases: Array<[string, JsonSchema, unknown, string[]]> = [
    ['int-or-string accepts an integer', { 'x-kubernetes-int-or-string': true }, 8080, []],
    ['int-or-string accepts a string', { 'x-kubernetes-int-or-string': true }, 'http', []],
    ['int-or-string rejects a fraction', { 'x-kubernetes-int-or-string': true }, 1.5, ['$: expected an integer or a string, got number 1.5']],
    ['integer rejects a fraction', { type: 'integer' }, 1.5, ['$: expected integer, got number 1.5']],
    ['number accepts a fraction', { type: 'number' }, 1.5, []],
    ['array rejects an object', { type: 'array' }, {}, ['$: expected array, got an object']],
    ['nullable accepts null', { type: 'object', nullable: true }, null, []],
    ['additionalProperties: false rejects any field', { type: 'object', additionalProperties: false }, { a: 1 }, ['$.a: unknown field']],
    ['additionalProperties: true accepts any field', { type: 'object', additionalProperties: true }, { a: 1 }, []],
    [
      'additionalProperties schema checks every value',
      { type: 'object', additionalProperties: { type: 'string' } },
      { a: 'x', 'b.c/d': 2 },
      ['$["b.c/d"]: expected string, got number 2'],
    ],
    [
      'preserve-unknown-fields keeps checking declared fields',
      { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } },
      { a: 1, anything: { goes: true } },
      ['$.a: expected string, got number 1'],
    ],
    ['maximum', { type: 'integer', maximum: 10 }, 11, ['$: must be <= 10, got 11']],
    ['exclusiveMinimum', { type: 'integer', minimum: 0, exclusiveMinimum: true }, 0, ['$: must be > 0, got 0']],
    ['minLength', { type: 'string', minLength: 1 }, '', ['$: must be at least 1 characters long, got ""']],
    ['maxItems', { type: 'array', maxItems: 1 }, [1, 2], ['$: must have at most 1 items, got 2']],
    ['maxProperties', { type: 'object', maxProperties: 1, additionalProperties: true }, { a: 1, b: 2 }, ['$: must have at most 1 fields, got 2']],
    ['format int32', { type: 'integer', format: 'int32' }, 2 ** 31, ['$: must fit in a 32-bit integer, got 2147483648']],
    ['format date-time', { type: 'string', format: 'date-time' }, 'yesterday', ['$: must be a valid date-time, got "yesterday"']],
    ['format byte', { type: 'string', format: 'byte' }, 'not base64!', ['$: must be a valid byte, got "not base64!"']],
    [
      'list-type set rejects duplicates',
      { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
      ['a', 'b', 'a'],
      ['$[2]: duplicates $[0] in a list of type set'],
    ],
    [
      'list-type map rejects duplicate keys',
      {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        items: { type: 'object', properties: { name: { type: 'string' }, v: { type: 'integer' } } },
      },
      [{ name: 'a', v: 1 }, { name: 'a', v: 2 }],
      ['$[1]: duplicates $[0] in a list of type map keyed by name'],
    ],
    [
      'anyOf needs one matching alternative',
      { anyOf: [{ type: 'integer' }, { type: 'string' }] },
      true,
      ['$: matches none of the anyOf alternatives, got boolean true'],
    ],
  ];
  test.each(cases)('%s', (_what, schema, value, expected) => {
    expect(validateAgainstSchema(value, schema)).toEqual(expected);
  });
});

describe('the imported CRDs', () => {
  test('cdk8s.yaml imports exactly the CRD files in imports/crds, by repo-relative path', () => {
    const config = parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk8s.yaml'), 'utf8'));
    const files = (config.imports as string[]).map((spec) => spec.split(':=')[1]);
    expect(files.every((f) => f.startsWith('imports/crds/'))).toBe(true);
    expect(files.map((f) => path.basename(f)).sort()).toEqual(fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml')).sort());
    expect(config.imports.some((spec: string) => spec === 'k8s' || spec.startsWith('k8s@'))).toBe(false);
  });

  test('each has one served version with a schema', () => {
    const summary = loadCrds().map((crd) => `${crd.group}/${crd.kind}: ${crd.versions.filter((v) => v.served).map((v) => v.name).join(',')}`);
    expect(summary.sort()).toEqual([
      'argoproj.io/Application: v1alpha1',
      'bitnami.com/SealedSecret: v1alpha1',
      'external-secrets.io/ExternalSecret: v1',
      'keda.sh/ScaledObject: v1alpha1',
      'monitoring.coreos.com/ServiceMonitor: v1',
    ]);
  });
});
