import { Chart, Testing } from 'cdk8s';
import { Airflow, AirflowSecret, AirflowVersion, CeleryExecutor, DagSource, GitAuth, KubernetesExecutor, TaskLogs, collectWarnings } from '../../../lib';
import { envOf, find, ofKind, synthAirflow, taskPodTemplates, workloadOf, problemsOf } from '../../support/chart';

const sshDags = DagSource.gitSync({
  repo: 'git@github.com:acme/dags.git',
  ref: 'release',
  subPath: 'airflow/dags',
  auth: GitAuth.ssh({ secretName: 'git-ssh', knownHostsKey: 'known_hosts' }),
});
const cfgOf = (objects: any[]) => find(objects, 'ConfigMap', 'airflow-config').data['airflow.cfg'] as string;
const containerNames = (objects: any[], component: string) => workloadOf(objects, component).spec.template.spec.containers.map((c: any) => c.name);

describe('DAG delivery', () => {
  test('baked into the image by default: no git-sync, dags_folder in the image', () => {
    const objects = synthAirflow();
    expect(JSON.stringify(objects)).not.toContain('git-sync');
    expect(cfgOf(objects)).toContain('dags_folder = /opt/airflow/dags\n');
  });

  test('git-sync runs as a sidecar in the DAG processor, triggerer and workers only', () => {
    const objects = synthAirflow({ dags: sshDags, executor: new CeleryExecutor() });
    for (const c of ['dag-processor', 'triggerer', 'worker']) expect(containerNames(objects, c)).toContain('git-sync');
    for (const c of ['api-server', 'scheduler']) expect(containerNames(objects, c)).not.toContain('git-sync');
    expect(cfgOf(objects)).toContain('dags_folder = /opt/airflow/dags/repo/airflow/dags\n');
  });

  test('on Airflow 2 the scheduler reads DAG files too', () => {
    const objects = synthAirflow({ dags: sshDags, version: AirflowVersion.V2_11_0 });
    expect(containerNames(objects, 'scheduler')).toContain('git-sync');
  });

  test('git-sync env, SSH key and required known_hosts, and the shared volume', () => {
    const spec = workloadOf(synthAirflow({ dags: sshDags }), 'dag-processor').spec.template.spec;
    const sync = spec.containers.find((c: any) => c.name === 'git-sync');
    expect(sync.image).toBe('registry.k8s.io/git-sync/git-sync:v4.4.2');
    expect(envOf(sync)).toMatchObject({
      GITSYNC_REPO: { value: 'git@github.com:acme/dags.git' },
      GITSYNC_REF: { value: 'release' },
      GITSYNC_ROOT: { value: '/git' },
      GITSYNC_LINK: { value: 'repo' },
      GITSYNC_PERIOD: { value: '60s' },
      GITSYNC_SSH_KEY_FILE: { value: '/etc/git-secret/ssh' },
      GITSYNC_SSH_KNOWN_HOSTS: { value: 'true' },
      GITSYNC_SSH_KNOWN_HOSTS_FILE: { value: '/etc/git-secret/known_hosts' },
    });
    expect(envOf(sync).GITSYNC_ONE_TIME).toBeUndefined();
    expect(sync.securityContext).toMatchObject({ runAsUser: 65533, runAsNonRoot: true, readOnlyRootFilesystem: true });
    expect(spec.volumes).toContainEqual({ name: 'dags', emptyDir: {} });
    expect(spec.volumes).toContainEqual({ name: 'git-secret', secret: { secretName: 'git-ssh', defaultMode: 0o440 } });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'dags', mountPath: '/opt/airflow/dags', readOnly: true });
  });

  test('HTTPS credentials come from a Secret', () => {
    const dags = DagSource.gitSync({ repo: 'https://github.com/acme/dags.git', auth: GitAuth.https({ secretName: 'git-https' }) });
    const sync = workloadOf(synthAirflow({ dags }), 'triggerer').spec.template.spec.containers.find((c: any) => c.name === 'git-sync');
    expect(envOf(sync).GITSYNC_USERNAME.valueFrom.secretKeyRef).toEqual({ name: 'git-https', key: 'username' });
    expect(envOf(sync).GITSYNC_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'git-https', key: 'password' });
  });

  test('executor task pods fetch DAGs once in an init container', () => {
    const [pod] = taskPodTemplates(synthAirflow({ dags: sshDags, executor: new KubernetesExecutor() })).filter((t) => t.name === 'default');
    expect(pod.pod.spec.initContainers.map((c: any) => c.name)).toEqual(['git-sync-init']);
    expect(envOf(pod.pod.spec.initContainers[0]).GITSYNC_ONE_TIME).toEqual({ name: 'GITSYNC_ONE_TIME', value: 'true' });
    expect(pod.pod.spec.containers.map((c: any) => c.name)).toEqual(['base']);
  });

  test('an existing claim is mounted read-only wherever DAGs are read', () => {
    const objects = synthAirflow({ dags: DagSource.persistentVolumeClaim('airflow-dags') });
    const spec = workloadOf(objects, 'dag-processor').spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'dags', persistentVolumeClaim: { claimName: 'airflow-dags', readOnly: true } });
    expect(cfgOf(objects)).toContain('dags_folder = /opt/airflow/dags\n');
  });

  test.each<[string, any, string[]]>([
    [
      'SSH without known_hosts',
      { dags: DagSource.gitSync({ repo: 'git@github.com:acme/dags.git', auth: GitAuth.ssh({ secretName: 'git-ssh' } as any) }) },
      ['test/airflow: dags.auth.knownHostsKey is required with SSH: name the key of the known_hosts file in the Secret (e.g. `ssh-keyscan github.com`), or git-sync would trust any server'],
    ],
    ['an empty repository', { dags: DagSource.gitSync({ repo: '' }) }, ['test/airflow: dags.repo must be the Git URL of the DAG repository, e.g. "git@github.com:acme/dags.git"']],
    ['a sub-path leaving the repository', { dags: DagSource.gitSync({ repo: 'https://x/y.git', subPath: '../etc' }) }, ['test/airflow: dags.subPath must stay inside the repository, got "../etc"']],
  ])('%s is an error', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });
});

describe('task logs', () => {
  test('remote logging sets the logging settings and the connection env', () => {
    const objects = synthAirflow({
      logs: TaskLogs.remote({ connectionId: 'aws_logs', baseLogFolder: 's3://acme-logs/airflow', connection: AirflowSecret.fromExisting('aws-logs', 'uri') }),
    });
    expect(cfgOf(objects)).toContain('[logging]\ndelete_local_logs = True\nremote_base_log_folder = s3://acme-logs/airflow\nremote_log_conn_id = aws_logs\nremote_logging = True\n');
    expect(envOf(workloadOf(objects, 'worker').spec.template.spec.containers[0]).AIRFLOW_CONN_AWS_LOGS.valueFrom.secretKeyRef).toEqual({ name: 'aws-logs', key: 'uri' });
  });

  test('a shared ReadWriteMany claim is created and mounted at the log folder of every Airflow pod', () => {
    const objects = synthAirflow({ logs: TaskLogs.sharedVolume({ size: '20Gi', storageClassName: 'efs' }) });
    const claim = find(objects, 'PersistentVolumeClaim', 'airflow-logs');
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteMany'], storageClassName: 'efs', resources: { requests: { storage: '20Gi' } } });
    for (const component of ['scheduler', 'worker', 'api-server']) {
      expect(workloadOf(objects, component).spec.template.spec.volumes).toContainEqual({ name: 'logs', persistentVolumeClaim: { claimName: 'airflow-logs' } });
    }
  });

  test('by default logs are ephemeral and no volume is claimed for them', () => {
    const objects = synthAirflow();
    expect(ofKind(objects, 'PersistentVolumeClaim')).toEqual([]);
    expect(workloadOf(objects, 'worker').spec.template.spec.volumes).toContainEqual({ name: 'logs', emptyDir: {} });
  });

  test('KubernetesExecutor with ephemeral logs warns that logs vanish with the pod; remote logs do not', () => {
    const warningsOf = (props: any) => {
      const chart = new Chart(Testing.app(), 'test', { namespace: 'airflow' });
      new Airflow(chart, 'airflow', props);
      return collectWarnings(chart);
    };
    expect(warningsOf({ executor: new KubernetesExecutor() })).toEqual([
      'test/airflow: logs: KubernetesExecutor task logs are written inside each task pod and vanish when the pod is deleted; use TaskLogs.remote(...) or TaskLogs.sharedVolume(...) to keep them',
    ]);
    expect(warningsOf({ executor: new KubernetesExecutor(), logs: TaskLogs.remote({ connectionId: 'a', baseLogFolder: 's3://b/c' }) })).toEqual([]);
    expect(warningsOf({ executor: new CeleryExecutor() })).toEqual([]);
    // Chosen explicitly, ephemeral logs are a decision, not an oversight.
    expect(warningsOf({ executor: new KubernetesExecutor(), logs: TaskLogs.ephemeral() })).toEqual([]);
  });

  test.each<[string, any, string[]]>([
    [
      'ReadWriteOnce for shared logs',
      { logs: TaskLogs.sharedVolume({ accessMode: 'ReadWriteOnce' }) },
      ['test/airflow: logs.accessMode must be "ReadWriteMany": every Airflow pod writes task logs to the shared volume, got "ReadWriteOnce"'],
    ],
    [
      'a log folder that is no URL',
      { logs: TaskLogs.remote({ connectionId: 'aws', baseLogFolder: 'my-bucket' }) },
      ['test/airflow: logs.baseLogFolder must be a URL such as "s3://bucket/prefix" or "gs://bucket/prefix", got "my-bucket"'],
    ],
    [
      'a remote logging setting in config',
      { config: { logging: { remote_logging: true } } },
      ['test/airflow: config.logging.remote_logging is set by cdk8s-airflow and cannot be overridden: set the "logs" prop (TaskLogs.remote(...))'],
    ],
  ])('%s is an error', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });
});
