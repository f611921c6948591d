import { AirflowProps, AirflowSecret, CeleryBroker, CeleryExecutor, MetadataDatabase } from '../../lib';
import { envOf, find, ofKind, problemsOf, synthAirflow, workloadOf } from '../support/chart';
import { validateK8sObject } from '../support/schema';
import { fakeSealedValue } from '../support/sealed';

const vault = { name: 'vault', kind: 'ClusterSecretStore' as const };
const external = (property: string, group?: string) => AirflowSecret.fromExternalSecret({ store: vault, remoteKey: 'prod/airflow', remoteProperty: property, group });
const SEALED = fakeSealedValue();

describe('ExternalSecret sources', () => {
  test('one ExternalSecret per secret produces the Secret name and key components already read', () => {
    const objects = synthAirflow({ secrets: { fernetKey: external('fernet_key') } });
    const es = find(objects, 'ExternalSecret', 'airflow-fernet-key');
    expect(validateK8sObject(es)).toEqual([]);
    expect(es.spec).toMatchObject({
      secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
      target: { name: 'airflow-fernet-key', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data: [{ secretKey: 'fernet-key', remoteRef: { key: 'prod/airflow', property: 'fernet_key' } }],
    });
    const env = envOf(workloadOf(objects, 'scheduler').spec.template.spec.containers[0]);
    expect(env.AIRFLOW__CORE__FERNET_KEY.valueFrom.secretKeyRef).toEqual({ name: 'airflow-fernet-key', key: 'fernet-key' });
  });

  test('secrets of a group share one ExternalSecret, and are no longer generated', () => {
    const objects = synthAirflow({
      database: MetadataDatabase.external({ connection: external('sql_alchemy_conn', 'keys') }),
      secrets: { fernetKey: external('fernet_key', 'keys'), apiSecretKey: external('api_secret_key', 'keys'), jwtSecret: external('jwt', 'keys') },
      executor: new CeleryExecutor({ broker: undefined }),
    });
    const list = ofKind(objects, 'ExternalSecret');
    expect(list.map((e) => e.metadata.name)).toEqual(['airflow-keys']);
    expect(list[0].spec.data.map((d: any) => d.secretKey)).toEqual(['fernet-key', 'api-secret-key', 'jwt-secret', 'connection']);
    expect(validateK8sObject(list[0])).toEqual([]);
    const generated = JSON.parse(find(objects, 'ConfigMap', 'airflow-secret-bootstrap').data['secrets.json']).secrets.map((s: any) => s.name);
    expect(generated).toEqual(['airflow-redis', 'airflow-ui-passwords']);
    const env = envOf(workloadOf(objects, 'api-server').spec.template.spec.containers[0]);
    expect(env.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN.valueFrom.secretKeyRef).toEqual({ name: 'airflow-keys', key: 'connection' });
  });

  test('come out in the order of their Secret names, whatever order the props name them in', () => {
    // GIVEN secrets from a secret manager, each its own Secret, named in no particular order
    const objects = synthAirflow({
      secrets: { jwtSecret: external('jwt'), fernetKey: external('fernet_key'), apiSecretKey: external('api_secret_key') },
      database: MetadataDatabase.external({ connection: external('sql_alchemy_conn') }),
    });
    // WHEN / THEN the ExternalSecrets are in code-point order of their names
    const names = ofKind(objects, 'ExternalSecret').map((e) => e.metadata.name);
    expect(names).toEqual(['airflow-api-secret-key', 'airflow-fernet-key', 'airflow-jwt-secret', 'airflow-metadata-db']);
  });

  test('name their store\'s kind: a namespaced SecretStore unless a ClusterSecretStore is given', () => {
    // GIVEN one secret from a namespaced store (kind left out) and one from a cluster-wide store
    const objects = synthAirflow({
      secrets: { fernetKey: AirflowSecret.fromExternalSecret({ store: { name: 'aws' }, remoteKey: 'prod/airflow' }), jwtSecret: external('jwt') },
    });
    // WHEN / THEN each ExternalSecret refers to its store by kind
    expect(find(objects, 'ExternalSecret', 'airflow-fernet-key').spec.secretStoreRef).toEqual({ name: 'aws', kind: 'SecretStore' });
    expect(find(objects, 'ExternalSecret', 'airflow-jwt-secret').spec.secretStoreRef).toEqual({ name: 'vault', kind: 'ClusterSecretStore' });
  });

  test('come in the config-and-secrets sync wave, before the database', () => {
    const objects = synthAirflow({ secrets: { fernetKey: external('fernet_key') } });
    expect(find(objects, 'ExternalSecret', 'airflow-fernet-key').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('1');
  });
});

describe('SealedSecret pass-through', () => {
  test('unseals into a plain Opaque Secret of the instance, in its namespace, with its labels', () => {
    // GIVEN a sealed JWT secret
    const objects = synthAirflow({ secrets: { jwtSecret: AirflowSecret.fromSealedSecret({ encryptedValue: SEALED }) } });
    // WHEN / THEN the Secret the controller writes is an Opaque one named and labelled like the SealedSecret
    const sealed = find(objects, 'SealedSecret', 'airflow-jwt-secret');
    expect(sealed.spec.template).toEqual({ metadata: { name: 'airflow-jwt-secret', namespace: 'airflow', labels: sealed.metadata.labels }, type: 'Opaque' });
  });

  test('emits the sealed value under the expected Secret name and key', () => {
    const objects = synthAirflow({ secrets: { jwtSecret: AirflowSecret.fromSealedSecret({ encryptedValue: SEALED }) } });
    const sealed = find(objects, 'SealedSecret', 'airflow-jwt-secret');
    expect(validateK8sObject(sealed)).toEqual([]);
    expect(sealed.spec.encryptedData).toEqual({ 'jwt-secret': SEALED });
    expect(sealed.spec.template.metadata.name).toBe('airflow-jwt-secret');
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });
});

describe('bad secret sources', () => {
  test.each<[string, AirflowProps, string[]]>([
    [
      'an ExternalSecret without a store',
      { secrets: { fernetKey: AirflowSecret.fromExternalSecret({ store: { name: '' }, remoteKey: 'prod/airflow' }) } },
      ['test/airflow: secrets.fernetKey.store must name a SecretStore or ClusterSecretStore, e.g. { name: \'vault\', kind: \'ClusterSecretStore\' }, got ""'],
    ],
    [
      'an ExternalSecret from a store of an unknown kind (from JavaScript)',
      { secrets: { fernetKey: AirflowSecret.fromExternalSecret({ store: { name: 'vault', kind: 'VaultStore' as 'SecretStore' }, remoteKey: 'prod/airflow' }) } },
      ['test/airflow: secrets.fernetKey.store.kind must be "SecretStore" or "ClusterSecretStore", got "VaultStore"'],
    ],
    [
      'an ExternalSecret refreshed at an interval that is not a duration',
      { secrets: { fernetKey: AirflowSecret.fromExternalSecret({ store: vault, remoteKey: 'prod/airflow', refreshInterval: '1 hour' }) } },
      ['test/airflow: secrets.fernetKey.refreshInterval must be a duration such as "1h" or "15m", got "1 hour"'],
    ],
    [
      'a refresh interval with text before the duration',
      { secrets: { fernetKey: AirflowSecret.fromExternalSecret({ store: vault, remoteKey: 'prod/airflow', refreshInterval: 'every 1h' }) } },
      ['test/airflow: secrets.fernetKey.refreshInterval must be a duration such as "1h" or "15m", got "every 1h"'],
    ],
    [
      'a refresh interval with text after the duration',
      { secrets: { fernetKey: AirflowSecret.fromExternalSecret({ store: vault, remoteKey: 'prod/airflow', refreshInterval: '1h or so' }) } },
      ['test/airflow: secrets.fernetKey.refreshInterval must be a duration such as "1h" or "15m", got "1h or so"'],
    ],
    ['an ExternalSecret refreshed every 1.25h and 500ms', { secrets: { fernetKey: AirflowSecret.fromExternalSecret({ store: vault, remoteKey: 'prod/airflow', refreshInterval: '1.25h500ms' }) } }, []],
    ['an ExternalSecret refreshed every 1h30m', { secrets: { fernetKey: AirflowSecret.fromExternalSecret({ store: vault, remoteKey: 'prod/airflow', refreshInterval: '1h30m' }) } }, []],
    [
      'a group that is not a DNS label',
      { secrets: { fernetKey: AirflowSecret.fromExternalSecret({ store: vault, remoteKey: 'prod/airflow', group: 'Airflow_Keys' }) } },
      ['test/airflow: secrets.fernetKey.group must be a lowercase RFC 1123 label of at most 40 characters, got "Airflow_Keys"'],
    ],
    [
      'a plain string where a secret source belongs (from JavaScript)',
      { secrets: { fernetKey: 'ZmVybmV0LWtleQ==' as unknown as AirflowSecret } },
      ['test/airflow: secrets.fernetKey must be created with an AirflowSecret factory: generated(), fromExisting(), fromExternalSecret() or fromSealedSecret()'],
    ],
    [
      'an existing Secret key with a character Kubernetes refuses',
      { secrets: { fernetKey: AirflowSecret.fromExisting('airflow-keys', 'fernet key') } },
      ['test/airflow: secrets.fernetKey.key must be a valid Secret key (letters, digits, \'-\', \'_\', \'.\'), got "fernet key"'],
    ],
    [
      'an ExternalSecret without a remote key',
      { secrets: { fernetKey: AirflowSecret.fromExternalSecret({ store: vault, remoteKey: ' ' }) } },
      ['test/airflow: secrets.fernetKey.remoteKey must be the key of the value in the secret manager, e.g. "prod/airflow"'],
    ],
    [
      'a plain value where a sealed one belongs',
      { secrets: { jwtSecret: AirflowSecret.fromSealedSecret({ encryptedValue: 'my secret!' }) } },
      ['test/airflow: secrets.jwtSecret.encryptedValue must be the base64 output of `kubeseal --raw`; never put the plain value here'],
    ],
    [
      'one group from two stores',
      {
        secrets: {
          fernetKey: external('fernet_key', 'keys'),
          apiSecretKey: AirflowSecret.fromExternalSecret({ store: { name: 'aws' }, remoteKey: 'x', group: 'keys' }),
        },
      },
      ['test/airflow: secrets.apiSecretKey shares Secret "airflow-keys" with secrets.fernetKey but comes from a different source or store: use another group'],
    ],
    [
      'one group from one SecretStore, named once with its default kind and once without',
      {
        secrets: {
          fernetKey: AirflowSecret.fromExternalSecret({ store: { name: 'aws' }, remoteKey: 'x', remoteProperty: 'fernet', group: 'keys' }),
          apiSecretKey: AirflowSecret.fromExternalSecret({ store: { name: 'aws', kind: 'SecretStore' }, remoteKey: 'x', remoteProperty: 'api', group: 'keys' }),
        },
      },
      [],
    ],
    [
      'an existing Secret named like a group, listed before the group',
      {
        secrets: {
          fernetKey: AirflowSecret.fromExisting('airflow-keys', 'fernet'),
          apiSecretKey: external('api_secret_key', 'keys'),
        },
      },
      ['test/airflow: secrets.apiSecretKey shares Secret "airflow-keys" with secrets.fernetKey but comes from a different source or store: use another group'],
    ],
    [
      'an existing Secret named like a group of SealedSecrets',
      {
        secrets: {
          fernetKey: AirflowSecret.fromExisting('airflow-keys', 'fernet'),
          apiSecretKey: AirflowSecret.fromSealedSecret({ encryptedValue: SEALED, group: 'keys' }),
        },
      },
      ['test/airflow: secrets.apiSecretKey shares Secret "airflow-keys" with secrets.fernetKey but comes from a different source or store: use another group'],
    ],
    [
      'a grouped ExternalSecret without a store (from JavaScript), beside one with a store',
      {
        secrets: {
          fernetKey: external('fernet_key', 'keys'),
          apiSecretKey: AirflowSecret.fromExternalSecret({ remoteKey: 'x', group: 'keys' } as any),
        },
      },
      [
        "test/airflow: secrets.apiSecretKey.store must name a SecretStore or ClusterSecretStore, e.g. { name: 'vault', kind: 'ClusterSecretStore' }, got undefined",
        'test/airflow: secrets.apiSecretKey shares Secret "airflow-keys" with secrets.fernetKey but comes from a different source or store: use another group',
      ],
    ],
    [
      'a remote key that is not a string (from JavaScript)',
      { secrets: { apiSecretKey: AirflowSecret.fromExternalSecret({ store: vault, remoteKey: 42 as any }) } },
      ['test/airflow: secrets.apiSecretKey.remoteKey must be the key of the value in the secret manager, e.g. "prod/airflow"'],
    ],
    [
      'an existing Secret key that is not a string (from JavaScript)',
      { secrets: { apiSecretKey: AirflowSecret.fromExisting('airflow-keys', 42 as any) } },
      ["test/airflow: secrets.apiSecretKey.key must be a valid Secret key (letters, digits, '-', '_', '.'), got 42"],
    ],
    [
      'an existing Secret named like a group, listed after the group',
      {
        secrets: {
          fernetKey: external('fernet_key', 'keys'),
          apiSecretKey: AirflowSecret.fromExisting('airflow-keys', 'api'),
        },
      },
      ['test/airflow: secrets.apiSecretKey shares Secret "airflow-keys" with secrets.fernetKey but comes from a different source or store: use another group'],
    ],
    [
      'two SealedSecrets in one group',
      {
        secrets: {
          fernetKey: AirflowSecret.fromSealedSecret({ encryptedValue: SEALED, group: 'keys' }),
          apiSecretKey: AirflowSecret.fromSealedSecret({ encryptedValue: SEALED, group: 'keys' }),
        },
      },
      [],
    ],
    [
      'a SealedSecret in the group of ExternalSecrets',
      {
        secrets: {
          fernetKey: external('fernet_key', 'keys'),
          apiSecretKey: AirflowSecret.fromSealedSecret({ encryptedValue: SEALED, group: 'keys' }),
        },
      },
      ['test/airflow: secrets.apiSecretKey shares Secret "airflow-keys" with secrets.fernetKey but comes from a different source or store: use another group'],
    ],
    [
      'one key of an existing Secret read by two props (the same value, the user\'s choice)',
      { secrets: { fernetKey: AirflowSecret.fromExisting('airflow-keys', 'shared'), apiSecretKey: AirflowSecret.fromExisting('airflow-keys', 'shared') } },
      [],
    ],
    [
      'two existing Secrets read from one Secret',
      { secrets: { fernetKey: AirflowSecret.fromExisting('airflow-keys', 'fernet'), apiSecretKey: AirflowSecret.fromExisting('airflow-keys', 'api') } },
      [],
    ],
    [
      'a grouped database password on its own',
      {
        database: MetadataDatabase.embedded({ password: external('pg', 'passwords') }),
        executor: new CeleryExecutor({ broker: undefined }),
        secrets: {},
      },
      [],
    ],
  ])('%s', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });

  test('embedded database and Redis passwords in one group collide on the key "password"', () => {
    const props: AirflowProps = {
      database: MetadataDatabase.embedded({ password: external('pg', 'passwords') }),
      executor: new CeleryExecutor({ broker: CeleryBroker.embeddedRedis({ password: external('redis', 'passwords') }) }),
    };
    expect(problemsOf(props)).toEqual([
      'test/airflow: executor.broker.password uses key "password" of Secret "airflow-passwords", like database.password: put them in different groups',
    ]);
  });
});
