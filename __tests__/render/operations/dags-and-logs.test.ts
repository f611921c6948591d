import { Chart, Duration, Testing } from 'cdk8s';
import { Airflow, AirflowSecret, AirflowVersion, CeleryExecutor, DagSource, GitAuth, KubernetesExecutor, RemoteLogCredentials, TaskLogs, collectWarnings } from '../../../lib';
import { envOf, find, ofKind, podSpecs, synthAirflow, taskPodTemplates, workloadOf, problemsOf } from '../../support/chart';

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

  test('every long-running DAG reader fills the DAG folder once before it starts, then keeps it in sync', () => {
    // GIVEN git-sync with the CeleryExecutor
    const objects = synthAirflow({ dags: sshDags, executor: new CeleryExecutor() });
    for (const c of ['dag-processor', 'triggerer', 'worker']) {
      // THEN a one-shot git-sync runs after the migration wait, before the main container and the sidecar
      const spec = workloadOf(objects, c).spec.template.spec;
      expect(spec.initContainers.map((i: any) => i.name)).toEqual(['wait-for-migrations', 'git-sync-init']);
      const init = spec.initContainers[1];
      expect(envOf(init).GITSYNC_ONE_TIME).toEqual({ name: 'GITSYNC_ONE_TIME', value: 'true' });
      // the same repository and volume as the sidecar
      const sidecar = spec.containers.find((x: any) => x.name === 'git-sync');
      expect(envOf(init).GITSYNC_REPO).toEqual(envOf(sidecar).GITSYNC_REPO);
      expect(init.volumeMounts).toEqual(sidecar.volumeMounts);
    }
    for (const c of ['api-server', 'scheduler']) {
      expect(workloadOf(objects, c).spec.template.spec.initContainers.map((i: any) => i.name)).not.toContain('git-sync-init');
    }
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

  test('files ship in a ConfigMap with an ignore file for the volume\'s own folders, mounted read-only wherever DAGs are read', () => {
    // GIVEN two DAG files
    const objects = synthAirflow({ executor: new KubernetesExecutor(), dags: DagSource.files({ 'b.py': 'B = 2\n', 'a.py': 'A = 1\n' }) });
    // THEN one ConfigMap holds them, keys sorted, with `.airflowignore` hiding `..data` and `..<timestamp>`
    const configMap = find(objects, 'ConfigMap', 'airflow-dags');
    expect(Object.keys(configMap.data)).toEqual(['.airflowignore', 'a.py', 'b.py']);
    expect(configMap.data['.airflowignore'].split('\n').filter((l: string) => l && !l.startsWith('#'))).toEqual(['..*']);
    // mounted read-only in every DAG reader and in executor task pods, no git-sync anywhere
    const volume = { name: 'dags', configMap: { name: 'airflow-dags' } };
    const mount = { name: 'dags', mountPath: '/opt/airflow/dags', readOnly: true };
    for (const c of ['dag-processor', 'triggerer']) {
      const spec = workloadOf(objects, c).spec.template.spec;
      expect(spec.volumes).toContainEqual(volume);
      expect(spec.containers[0].volumeMounts).toContainEqual(mount);
    }
    const [task] = taskPodTemplates(objects).filter((t) => t.name === 'default');
    expect(task.pod.spec.volumes).toContainEqual(volume);
    expect(task.pod.spec.containers[0].volumeMounts).toContainEqual(mount);
    expect(JSON.stringify(objects)).not.toContain('git-sync');
    expect(cfgOf(objects)).toContain('dags_folder = /opt/airflow/dags\n');
  });

  test.each<[string, any, string[]]>([
    ['no DAG files', { dags: DagSource.files({}) }, ['test/airflow: dags.files must hold at least one DAG file, e.g. { "etl.py": "..." }']],
    [
      'DAG files with regexp ignore syntax, which would read ".." * as "hide everything"',
      { dags: DagSource.files({ 'a.py': '' }), config: { core: { dag_ignore_file_syntax: 'regexp' } } },
      ['test/airflow: config.core.dag_ignore_file_syntax must stay "glob" with DagSource.files: its .airflowignore hides the ConfigMap volume\'s own folders with a glob, got "regexp"'],
    ],
    [
      'a DAG file in a folder',
      { dags: DagSource.files({ 'etl/load.py': '' }) },
      ['test/airflow: dags.files["etl/load.py"] must be a plain file name (letters, digits, \'-\', \'_\', \'.\'; no folders, not starting with "..", not .airflowignore)'],
    ],
    [
      'more DAG code than kubectl apply can carry',
      { dags: DagSource.files({ 'big.py': 'x'.repeat(201 * 1024) }) },
      ['test/airflow: dags.files hold 201 KiB, more than 200 KiB (kubectl apply keeps a copy of the ConfigMap in a 256 KiB annotation): use DagSource.gitSync(...) or bake the DAGs into the image'],
    ],
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
      logs: TaskLogs.remote({ connectionId: 'aws_logs', baseLogFolder: 's3://acme-logs/airflow', credentials: RemoteLogCredentials.connection(AirflowSecret.fromExisting('aws-logs', 'uri')) }),
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
    expect(workloadOf(objects, 'worker').spec.template.spec.volumes).toContainEqual({ name: 'logs', emptyDir: { sizeLimit: '5Gi' } });
  });

  test.each([
    ['CeleryExecutor', { executor: new CeleryExecutor(), cleanup: { database: { retentionDays: 30 } } }],
    ['KubernetesExecutor', { executor: new KubernetesExecutor(), cleanup: { taskPods: {} } }],
    ['remote logs', { logs: TaskLogs.remote({ connectionId: 'aws', baseLogFolder: 's3://b/p', sizeLimit: '2Gi' }) }],
  ])('%s: every emptyDir holding logs has a size limit, task pod templates and Jobs included', (_, props) => {
    const objects = synthAirflow(props as any);
    const logVolumes = podSpecs(objects).flatMap(({ where, spec }) => (spec.volumes ?? []).filter((v: any) => v.name === 'logs').map((v: any) => ({ where, v })));
    expect(logVolumes.length).toBeGreaterThan(5);
    for (const { where, v } of logVolumes) expect([where, v.emptyDir?.sizeLimit]).toEqual([where, (props as any).logs ? '2Gi' : '5Gi']);
  });

  test('the components writing log files run a log groomer with the retention and 80% of the size limit as budget', () => {
    // GIVEN a 7-day retention and a 1Gi log volume
    const objects = synthAirflow({ executor: new CeleryExecutor(), logs: TaskLogs.ephemeral({ retention: Duration.days(7), sizeLimit: '1Gi' }) });
    for (const component of ['dag-processor', 'triggerer', 'worker']) {
      const groomer = workloadOf(objects, component).spec.template.spec.containers.find((c: any) => c.name === 'log-groomer');
      // THEN it deletes files older than 7 days and keeps usage under 80% of 1Gi
      expect(envOf(groomer)).toEqual({
        LOG_DIR: { name: 'LOG_DIR', value: '/opt/airflow/logs' },
        RETENTION_MINUTES: { name: 'RETENTION_MINUTES', value: String(7 * 24 * 60) },
        BUDGET_KIB: { name: 'BUDGET_KIB', value: String(Math.floor(0.8 * 1024 * 1024)) },
        INTERVAL_SECONDS: { name: 'INTERVAL_SECONDS', value: '300' },
      });
      expect(groomer.volumeMounts).toEqual([{ name: 'logs', mountPath: '/opt/airflow/logs' }]);
      expect(groomer.env.some((e: any) => e.valueFrom)).toBe(false);
    }
    // the api-server and scheduler write no log files on Airflow 3
    for (const component of ['api-server', 'scheduler']) {
      expect(workloadOf(objects, component).spec.template.spec.containers.map((c: any) => c.name)).not.toContain('log-groomer');
    }
  });

  test('the default retention is 15 days; on Airflow 2 the scheduler is groomed too', () => {
    const objects = synthAirflow({ version: AirflowVersion.V2_11_0 });
    const groomer = workloadOf(objects, 'scheduler').spec.template.spec.containers.find((c: any) => c.name === 'log-groomer');
    expect(envOf(groomer).RETENTION_MINUTES.value).toBe(String(15 * 24 * 60));
  });

  test('a shared claim gets retention but no size budget (its size is the claim\'s)', () => {
    const objects = synthAirflow({ logs: TaskLogs.sharedVolume({ retention: Duration.days(30) }) });
    const groomer = workloadOf(objects, 'dag-processor').spec.template.spec.containers.find((c: any) => c.name === 'log-groomer');
    expect(envOf(groomer).RETENTION_MINUTES.value).toBe(String(30 * 24 * 60));
    expect(envOf(groomer).BUDGET_KIB.value).toBe('');
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
    ['a log volume too small to hold a log', { logs: TaskLogs.ephemeral({ sizeLimit: '10Mi' }) }, ['test/airflow: logs.sizeLimit must be a quantity of at least 64Mi such as "5Gi", got "10Mi"']],
    ['a log volume size that is no quantity', { logs: TaskLogs.ephemeral({ sizeLimit: '5 GB' }) }, ['test/airflow: logs.sizeLimit must be a quantity of at least 64Mi such as "5Gi", got "5 GB"']],
    ['a retention under a minute', { logs: TaskLogs.sharedVolume({ retention: Duration.seconds(10) }) }, ['test/airflow: logs.retention must be a Duration of at least one minute, e.g. Duration.days(7)']],
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
