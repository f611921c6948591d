/** What users add to pods is checked like every other prop: each bad input gives this exact error. */
import { AirflowProps, CeleryExecutor, KubernetesExecutor, TaskPodFamily, TaskPodPresets, ValidationProblems } from '../../lib';
import { addServiceAccountAnnotations, resolveExtensions } from '../../lib/resolve/extensions';
import { secretLiteralProblem } from '../../lib/resolve/secret-literals';
import { problemsOf } from '../support/chart';

const RES = { cpu: '10m', memory: '16Mi', memoryLimit: '32Mi' };
const sidecar = (extra: object = {}) => ({ name: 'proxy', image: 'envoyproxy/envoy:v1.33.0', resources: RES, ...extra });

describe('bad additions: each gives this exact error', () => {
  const cases: Array<[string, AirflowProps, string[]]> = [
    ['an invalid annotation key', { scheduler: { serviceAccountAnnotations: { 'bad key!': 'x' } } }, [
      'test/airflow: scheduler.serviceAccountAnnotations["bad key!"] is not a valid annotation key: [prefix/]name, the name at most 63 characters of A-Z, a-z, 0-9, \'-\', \'_\', \'.\', starting and ending alphanumeric',
    ]],
    ['a secret in an annotation', { apiServer: { podAnnotations: { 'example.com/key': 'AKIAABCDEFGHIJKLMNOP' } } }, [
      'test/airflow: apiServer.podAnnotations["example.com/key"] looks like a secret (an AWS access key): reference it from a Secret instead',
    ]],
    ['a label cdk8s-airflow sets, and an invalid label value', { triggerer: { podLabels: { 'app.kubernetes.io/component': 'x', team: 'data team' } } }, [
      'test/airflow: triggerer.podLabels["app.kubernetes.io/component"] is set by cdk8s-airflow (keys under app.kubernetes.io/ and cdk8s-airflow/ are reserved): use another key',
      'test/airflow: triggerer.podLabels["team"] is not a valid label value (at most 63 characters of A-Z, a-z, 0-9, \'-\', \'_\', \'.\', starting and ending alphanumeric), got "data team"',
    ]],
    ['the database connection as env', { scheduler: { env: [{ name: 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN', secret: { name: 'db', key: 'uri' } }] } }, [
      'test/airflow: scheduler.env[0].name "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN" is set by cdk8s-airflow and cannot be overridden: set the "database" prop',
    ]],
    ['an owned setting through its _CMD variant', { dagProcessor: { env: [{ name: 'AIRFLOW__CORE__FERNET_KEY_CMD', value: 'cat /keys/fernet' }] } }, [
      'test/airflow: dagProcessor.env[0].name "AIRFLOW__CORE__FERNET_KEY_CMD" is set by cdk8s-airflow and cannot be overridden: set "secrets.fernetKey" (generated in the cluster by default)',
    ]],
    ['a password as a literal', { apiServer: { env: [{ name: 'SMTP_PASSWORD', value: 'hunter2' }] } }, [
      'test/airflow: apiServer.env[0].value looks like a secret (a literal value for "SMTP_PASSWORD"): use { name: "SMTP_PASSWORD", secret: { name: <Secret>, key: <key> } } so only a reference reaches the manifests',
    ]],
    ['a URL with a password', { scheduler: { env: [{ name: 'REPORTING_DB', value: 'postgresql://app:s3cret@db:5432/app' }] } }, [
      'test/airflow: scheduler.env[0].value looks like a secret (a URL with a password): use { name: "REPORTING_DB", secret: { name: <Secret>, key: <key> } } so only a reference reaches the manifests',
    ]],
    ['env without a source, with two, a bad name, a duplicate', { scheduler: { env: [
      { name: 'A' },
      { name: 'B', value: 'x', secret: { name: 's', key: 'k' } },
      { name: '1X', value: 'x' },
      { name: 'C', value: 'x' },
      { name: 'C', configMap: { name: 'Bad_Name', key: 'k/1' } },
    ] } }, [
      'test/airflow: scheduler.env[0] ("A") must set exactly one of value, secret, configMap; got none',
      'test/airflow: scheduler.env[1] ("B") must set exactly one of value, secret, configMap; got value and secret',
      'test/airflow: scheduler.env[2].name must be an environment variable name (letters, digits, \'_\', \'-\', \'.\', no digit first), got "1X"',
      'test/airflow: scheduler.env[4].name "C" is already set by scheduler.env[3]',
      'test/airflow: scheduler.env[4].configMap.name must be the name of a ConfigMap (a lowercase RFC 1123 subdomain), got "Bad_Name"',
      'test/airflow: scheduler.env[4].configMap.key must be a key (letters, digits, \'-\', \'_\', \'.\'), got "k/1"',
    ]],
    ['bad volumes', { triggerer: { volumes: [
      { volume: { name: 'Data', emptyDir: {} } },
      { volume: { name: 'a' } },
      { volume: { name: 'b', emptyDir: {}, configMap: { name: 'c' } } },
      { volume: { name: 'c', hostPath: { path: '/var/run' } } },
      { volume: { name: 'd', emptyDir: {} }, mountPath: 'relative' },
      { volume: { name: 'e', emptyDir: {} }, mountPath: '/data', subPath: '../etc' },
      { volume: { name: 'f', emptyDir: {} }, mountPath: '/data' },
      { volume: { name: 'f', emptyDir: {} }, readOnly: true },
    ] } }, [
      'test/airflow: triggerer.volumes[0].volume.name must be a lowercase RFC 1123 label, got "Data"',
      'test/airflow: triggerer.volumes[1].volume must have exactly one source (configMap, secret, emptyDir, projected, csi, persistentVolumeClaim, ...), got none',
      'test/airflow: triggerer.volumes[2].volume must have exactly one source (configMap, secret, emptyDir, projected, csi, persistentVolumeClaim, ...), got emptyDir and configMap',
      'test/airflow: triggerer.volumes[3].volume.hostPath is not allowed: Pod Security "restricted" rejects hostPath volumes, and a node\'s files are no place for Airflow data',
      'test/airflow: triggerer.volumes[4].mountPath must be an absolute path without "..", got "relative"',
      'test/airflow: triggerer.volumes[5].subPath must be a relative path inside the volume without "..", got "../etc"',
      'test/airflow: triggerer.volumes[6].mountPath "/data" is already mounted by triggerer.volumes[5]',
      'test/airflow: triggerer.volumes[7].volume.name "f" is already used by triggerer.volumes[6]',
      'test/airflow: triggerer.volumes[7] sets subPath or readOnly without mountPath: they only apply where the main container mounts the volume',
    ]],
    ['bad containers', { apiServer: {
      initContainers: [sidecar({ ports: [{ name: 'http', containerPort: 80 }], readinessProbe: { tcpSocket: { port: 80 } } })],
      sidecars: [
        sidecar(),
        { name: 'Shipper', image: 'fluent/fluent-bit:latest', resources: { cpu: '10m', memory: '64Mi', memoryLimit: '32Mi' } },
        { name: 'nores', image: 'busybox:1.37.0' } as any,
        sidecar({ name: 'ports', ports: [{ name: 'a_very_long_port_name', containerPort: 70000 }], env: [{ name: 'TOKEN', value: 'abc' }], runAs: { user: 0, group: 0 } }),
      ],
    } }, [
      'test/airflow: apiServer.initContainers[0].ports does not apply to an init container, which runs to completion before the pod starts: remove it or make the container a sidecar',
      'test/airflow: apiServer.initContainers[0].readinessProbe does not apply to an init container, which runs to completion before the pod starts: remove it or make the container a sidecar',
      'test/airflow: apiServer.sidecars[0].name "proxy" is already used by apiServer.initContainers[0]: container names are unique in a pod',
      'test/airflow: apiServer.sidecars[1].name must be a lowercase RFC 1123 label, got "Shipper"',
      'test/airflow: apiServer.sidecars[1].image must pin a version tag or digest (not "latest" or no tag), got "fluent/fluent-bit:latest"',
      'test/airflow: apiServer.sidecars[1].resources.memory (64Mi) must not exceed apiServer.sidecars[1].resources.memoryLimit (32Mi)',
      'test/airflow: apiServer.sidecars[2].resources must set cpu, memory and memoryLimit: every container has explicit requests and a memory limit',
      'test/airflow: apiServer.sidecars[3].env[0].value looks like a secret (a literal value for "TOKEN"): use { name: "TOKEN", secret: { name: <Secret>, key: <key> } } so only a reference reaches the manifests',
      'test/airflow: apiServer.sidecars[3].runAs.user must be an integer >= 1, got 0',
      'test/airflow: apiServer.sidecars[3].ports[0].name must be a port name (at most 15 characters of a-z, 0-9, \'-\', with a letter), got "a_very_long_port_name"',
      'test/airflow: apiServer.sidecars[3].ports[0].containerPort must be a port number 1-65535, got 70000',
    ]],
    ['a secret on a command line', { scheduler: { sidecars: [sidecar({ args: ['--db=postgresql://app:s3cret@db/app'] })] } }, [
      'test/airflow: scheduler.sidecars[0].args[0] looks like a secret (a URL with a password): pass it as an env var from a Secret and refer to it as $(NAME)',
    ]],
    ['Celery workers are checked under their prop path', { executor: new CeleryExecutor({ workers: { env: [{ name: 'API_KEY', value: 'abc123' }] } }) }, [
      'test/airflow: executor.workers.env[0].value looks like a secret (a literal value for "API_KEY"): use { name: "API_KEY", secret: { name: <Secret>, key: <key> } } so only a reference reaches the manifests',
    ]],
    ['task pods keep the annotations cdk8s-airflow sets', {
      executor: new KubernetesExecutor({ taskPod: { podAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' }, podLabels: { 'cdk8s-airflow/task-family': 'x' } } }),
      taskPods: { families: [TaskPodPresets.python({ podAnnotations: { 'argocd.argoproj.io/sync-options': 'Prune=true' }, serviceAccountAnnotations: { '': 'x' } })] },
    }, [
      'test/airflow: executor.taskPod.podLabels["cdk8s-airflow/task-family"] is set by cdk8s-airflow (keys under app.kubernetes.io/ and cdk8s-airflow/ are reserved): use another key',
      'test/airflow: executor.taskPod.podAnnotations["cluster-autoscaler.kubernetes.io/safe-to-evict"] is set by cdk8s-airflow on task pods and cannot be overridden',
      'test/airflow: taskPods.families[0].serviceAccountAnnotations[""] is not a valid annotation key: [prefix/]name, the name at most 63 characters of A-Z, a-z, 0-9, \'-\', \'_\', \'.\', starting and ending alphanumeric',
      'test/airflow: taskPods.families[0].podAnnotations["argocd.argoproj.io/sync-options"] is set by cdk8s-airflow on task pods and cannot be overridden',
    ]],
  ];

  test.each(cases)('%s', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });
});

describe('what is not a secret', () => {
  test('paths, commands, backend lookups, references, URLs without a password, annotations that point at secrets', () => {
    expect(problemsOf({
      scheduler: {
        env: [
          { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' },
          { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/var/secrets/google/key.json' },
          { name: 'AIRFLOW__SMTP__SMTP_PASSWORD_SECRET', value: 'smtp_password' },
          { name: 'DB_PASSWORD_COPY', value: '$(AIRFLOW_DB_PASSWORD)' },
          { name: 'REPORTING_URL', value: 'https://reports.example.com:8443/api' },
          { name: 'REPORTING_DB', value: 'postgresql://app:$(REPORTING_PASSWORD)@db:5432/app' },
          { name: 'TOKEN_AUDIENCE_EMPTY', value: '' },
        ],
        podAnnotations: { 'vault.hashicorp.com/agent-inject-secret-db': 'database/creds/airflow' },
      },
      taskPods: { families: [TaskPodFamily.operator({ name: 'dbt', image: 'ghcr.io/dbt-labs/dbt-postgres:1.9.0', serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': 'dbt@project.iam.gserviceaccount.com' } })] },
    })).toEqual([]);
  });

  test('secretLiteralProblem knows private keys and tokens by their look', () => {
    expect(secretLiteralProblem(undefined, '-----BEGIN OPENSSH PRIVATE KEY-----\nabc')).toBe('looks like a secret (a private key)');
    expect(secretLiteralProblem('X', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789')).toBe('looks like a secret (a GitHub token)');
    expect(secretLiteralProblem('X', 'plain words')).toBeUndefined();
  });
});

describe('addServiceAccountAnnotations (for props that derive annotations, e.g. remote-log credentials)', () => {
  test('adds annotations and reports a conflicting value set by the user', () => {
    const problems = new ValidationProblems('test/airflow');
    const ext = resolveExtensions(problems, 'scheduler', { serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/a' } });
    const same = addServiceAccountAnnotations(problems, ext, { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/a', other: 'x' }, 'logs');
    expect(same.serviceAccountAnnotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/a', other: 'x' });
    expect(problems.messages).toEqual([]);
    addServiceAccountAnnotations(problems, ext, { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/b' }, 'logs');
    expect(problems.messages).toEqual([
      'test/airflow: scheduler.serviceAccountAnnotations["eks.amazonaws.com/role-arn"] ("arn:aws:iam::1:role/a") conflicts with "arn:aws:iam::1:role/b" from logs: set it in one place',
    ]);
  });
});
