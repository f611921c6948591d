import { AirflowAuth, AirflowSecret, AirflowVersion, CeleryExecutor, KubernetesExecutor, MetadataDatabase } from '../../lib';
import { K8sObject, find, ofKind, podSpecs, problemsOf, synthAirflow, workloadOf } from '../support/chart';

const airflowCfg = (objects: K8sObject[]) => find(objects, 'ConfigMap', 'airflow-config').data['airflow.cfg'] as string;
const bootstrapSpec = (objects: K8sObject[]) => JSON.parse(find(objects, 'ConfigMap', 'airflow-secret-bootstrap').data['secrets.json']);
const PASSWORDS_FILE = '/tmp/simple_auth_manager_passwords.json.generated';

describe('UI login with the simple auth manager (default)', () => {
  const objects = synthAirflow({ executor: new KubernetesExecutor(), apiServer: { replicas: 2 } });
  const apiServer = workloadOf(objects, 'api-server').spec.template.spec;

  test('is configured explicitly: auth manager, users and the passwords file', () => {
    const cfg = airflowCfg(objects);
    expect(cfg).toContain('auth_manager = airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager\n');
    expect(cfg).toContain('simple_auth_manager_users = admin:admin\n');
    expect(cfg).toContain(`simple_auth_manager_passwords_file = ${PASSWORDS_FILE}\n`);
  });

  test('every api-server replica copies the same generated passwords Secret into the file before it starts', () => {
    expect(apiServer.initContainers.map((c: any) => c.name)).toEqual(['wait-for-migrations', 'copy-ui-passwords']);
    const copy = apiServer.initContainers[1];
    expect(copy.command).toEqual(['install', '-m', '0600', '/opt/cdk8s-airflow/ui-passwords/passwords.json', PASSWORDS_FILE]);
    expect(copy.volumeMounts).toEqual([
      { name: 'ui-passwords', mountPath: '/opt/cdk8s-airflow/ui-passwords', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    // The file lands on the emptyDir the main container has at /tmp: the auth manager opens it read-write.
    expect(apiServer.containers[0].volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(apiServer.volumes).toContainEqual({
      name: 'ui-passwords',
      secret: { secretName: 'airflow-ui-passwords', items: [{ key: 'passwords.json', path: 'passwords.json' }], defaultMode: 0o440 },
    });
  });

  test('the passwords are generated in the cluster for the listed users, never in dist/', () => {
    expect(bootstrapSpec(objects).secrets).toContainEqual({ name: 'airflow-ui-passwords', key: 'passwords.json', generator: 'password-file', users: ['admin'] });
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  test('only the api-server copy step sees the passwords', () => {
    const readers = podSpecs(objects)
      .filter(({ spec }) => JSON.stringify(spec).includes('airflow-ui-passwords'))
      .map(({ where }) => where);
    expect(readers).toEqual(['Deployment/airflow-api-server']);
    expect(JSON.stringify(apiServer.containers)).not.toContain('ui-passwords');
  });

  test('users and roles come from the typed prop', () => {
    const custom = synthAirflow({
      auth: AirflowAuth.simple({ users: [{ username: 'ops', role: 'admin' }, { username: 'analyst@example.com', role: 'viewer' }] }),
    });
    expect(airflowCfg(custom)).toContain('simple_auth_manager_users = ops:admin,analyst@example.com:viewer\n');
    expect(bootstrapSpec(custom).secrets).toContainEqual(expect.objectContaining({ name: 'airflow-ui-passwords', users: ['ops', 'analyst@example.com'] }));
  });

  test('passwords can come from an existing Secret: nothing is generated for them', () => {
    const existing = synthAirflow({
      executor: new CeleryExecutor(),
      auth: AirflowAuth.simple({ passwords: AirflowSecret.fromExisting('ui-logins', 'passwords') }),
    });
    expect(bootstrapSpec(existing).secrets.map((s: any) => s.name)).not.toContain('airflow-ui-passwords');
    expect(workloadOf(existing, 'api-server').spec.template.spec.volumes).toContainEqual(
      expect.objectContaining({ secret: expect.objectContaining({ secretName: 'ui-logins', items: [{ key: 'passwords', path: 'passwords.json' }] }) }),
    );
  });

  test('passwords can come from a secret manager through an ExternalSecret with the same Secret name and key', () => {
    const external = synthAirflow({
      auth: AirflowAuth.simple({ passwords: AirflowSecret.fromExternalSecret({ store: { name: 'vault' }, remoteKey: 'airflow/ui' }) }),
    });
    const [es] = ofKind(external, 'ExternalSecret').filter((o) => o.spec.target.name === 'airflow-ui-passwords');
    expect(es.spec.data).toEqual([expect.objectContaining({ secretKey: 'passwords.json', remoteRef: expect.objectContaining({ key: 'airflow/ui' }) })]);
  });
});

describe('NetworkPolicies', () => {
  const existing = (key: string) => AirflowSecret.fromExisting('keys', key);
  const everyOtherSecretExisting = {
    executor: new KubernetesExecutor(),
    database: MetadataDatabase.external({ connection: existing('db') }),
    secrets: { fernetKey: existing('fernet'), apiSecretKey: existing('api'), jwtSecret: existing('jwt') },
  };

  test('generated UI passwords alone still need the bootstrap Job to reach the Kubernetes API', () => {
    const problems = problemsOf({ ...everyOtherSecretExisting, networkPolicies: { egress: { database: [{ cidr: '10.20.0.5/32', ports: [5432] }] } } });
    expect(problems).toEqual([expect.stringContaining('called by secret-bootstrap, scheduler, api-server')]);
  });

  test('with every secret referenced, nothing calls the API for secrets', () => {
    const problems = problemsOf({
      ...everyOtherSecretExisting,
      auth: AirflowAuth.simple({ passwords: existing('ui') }),
      networkPolicies: { egress: { database: [{ cidr: '10.20.0.5/32', ports: [5432] }] } },
    });
    expect(problems).toEqual([expect.stringContaining('called by scheduler, api-server')]);
  });
});

describe('another auth manager', () => {
  const objects = synthAirflow({ auth: AirflowAuth.manager('airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager') });

  test('is set as [core] auth_manager, with no simple auth manager settings, Secret or copy step', () => {
    const cfg = airflowCfg(objects);
    expect(cfg).toContain('auth_manager = airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager\n');
    expect(cfg).not.toContain('simple_auth_manager');
    expect(JSON.stringify(objects)).not.toContain('ui-passwords');
  });
});

describe('UI login with the FAB auth manager', () => {
  const fab = (props: Parameters<typeof AirflowAuth.fab>[0] = { admin: { email: 'airflow-admins@example.com' } }) => synthAirflow({ auth: AirflowAuth.fab(props) });
  const migration = (objects: K8sObject[]) => workloadOf(objects, 'migrate-database').spec.template.spec.containers[0];

  test('is set as [core] auth_manager, with no simple auth manager settings or passwords file', () => {
    const objects = fab();
    const cfg = airflowCfg(objects);
    expect(cfg).toContain('auth_manager = airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager\n');
    expect(cfg).not.toContain('simple_auth_manager');
    expect(JSON.stringify(objects)).not.toContain('ui-passwords');
  });

  test('the migration Job migrates FAB\'s tables and creates the first admin from a Secret, leaving an existing one alone', () => {
    const container = migration(fab());
    expect(container.args[0]).toBe('bash');
    expect(container.args[2].split('\n')).toEqual([
      'set -e',
      'airflow db migrate',
      'airflow fab-db migrate',
      "airflow users create --role Admin --username 'admin' --email 'airflow-admins@example.com' --firstname 'Airflow' --lastname 'Admin' --password \"$AIRFLOW_ADMIN_PASSWORD\"",
    ]);
    // The password is never in the manifest: it comes from a Secret the bootstrap Job generates.
    expect(container.env.find((e: any) => e.name === 'AIRFLOW_ADMIN_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'airflow-fab-admin', key: 'password' });
    expect(bootstrapSpec(fab()).secrets).toContainEqual({ name: 'airflow-fab-admin', key: 'password', generator: 'hex-token' });
  });

  test('the admin password can come from an existing Secret (nothing to generate for it)', () => {
    const objects = fab({ admin: { username: 'root', email: 'a@b.c', password: AirflowSecret.fromExisting('ops-admin', 'pw') } });
    expect(migration(objects).env.find((e: any) => e.name === 'AIRFLOW_ADMIN_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'ops-admin', key: 'pw' });
    expect(bootstrapSpec(objects).secrets.map((s: any) => s.name)).not.toContain('airflow-fab-admin');
  });

  test('without an admin, FAB\'s tables are still migrated and no user is created', () => {
    const args = migration(fab({})).args.join(' ');
    expect(args).toContain('airflow fab-db migrate');
    expect(args).not.toContain('users create');
  });

  test('the simple auth manager migrates with `airflow db migrate` alone', () => {
    expect(migration(synthAirflow()).args).toEqual(['airflow', 'db', 'migrate']);
  });
});

describe('Airflow 2', () => {
  test('keeps the webserver login: no auth manager settings and no copy step', () => {
    const objects = synthAirflow({ version: AirflowVersion.V2_11_0 });
    expect(airflowCfg(objects)).not.toContain('auth_manager');
    expect(JSON.stringify(objects)).not.toContain('ui-passwords');
  });
});

describe('bad input', () => {
  test.each<[string, Parameters<typeof problemsOf>[0], string]>([
    [
      'auth on Airflow 2',
      { version: AirflowVersion.V2_11_0, auth: AirflowAuth.simple() },
      'test/airflow: auth applies to Airflow 3 auth managers; the Airflow 2 webserver logs in with FAB users (`airflow users create`): remove the prop',
    ],
    ['no users', { auth: AirflowAuth.simple({ users: [] }) }, 'test/airflow: auth.users must list at least one user, or nobody can log in'],
    [
      'a username the users setting cannot hold',
      { auth: AirflowAuth.simple({ users: [{ username: 'a:b', role: 'admin' }] }) },
      'test/airflow: auth.users[0].username must be 1-64 letters, digits, \'.\', \'_\', \'-\' or \'@\', got "a:b"',
    ],
    [
      'a user listed twice',
      { auth: AirflowAuth.simple({ users: [{ username: 'ops', role: 'admin' }, { username: 'ops', role: 'viewer' }] }) },
      'test/airflow: auth.users[1].username "ops" is listed twice: give each user one entry',
    ],
    [
      'an unknown role',
      { auth: AirflowAuth.simple({ users: [{ username: 'ops', role: 'root' as any }] }) },
      'test/airflow: auth.users[0].role must be one of viewer, user, op, admin, got "root"',
    ],
    [
      'an auth manager that is not a class path',
      { auth: AirflowAuth.manager('FabAuthManager') },
      'test/airflow: auth.className must be a Python class path such as "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager", got "FabAuthManager"',
    ],
    [
      'a FAB admin without an email',
      { auth: AirflowAuth.fab({ admin: { email: 'ops' } }) },
      'test/airflow: auth.admin.email must be an email address such as "airflow-admins@example.com", got "ops"',
    ],
    [
      'a FAB admin name with a quote',
      { auth: AirflowAuth.fab({ admin: { email: 'a@b.c', lastName: "O'Brien" } }) },
      'test/airflow: auth.admin.lastName must be 1-64 letters, spaces, \'.\' or \'-\', got "O\'Brien"',
    ],
    [
      'the auth manager set through config',
      { config: { core: { auth_manager: 'x.Y' } } },
      'test/airflow: config.core.auth_manager is set by cdk8s-airflow and cannot be overridden: set the "auth" prop (AirflowAuth.simple(...), AirflowAuth.fab(...) or AirflowAuth.manager(...))',
    ],
    [
      'users set through config',
      { config: { core: { simple_auth_manager_users: 'a:admin' } } },
      'test/airflow: config.core.simple_auth_manager_users is set by cdk8s-airflow and cannot be overridden: set the users with AirflowAuth.simple({ users })',
    ],
  ])('%s', (_, props, message) => {
    expect(problemsOf(props)).toEqual([message]);
  });
});
