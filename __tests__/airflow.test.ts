import { parse } from 'yaml';
import {
  AirflowAuth,
  AirflowSecret,
  AirflowVersion,
  CeleryBroker,
  CeleryExecutor,
  KubernetesExecutor,
  MetadataDatabase,
} from '../lib';
import { allContainers, cfgSections, components, envOf, find, K8sObject, ofKind, podSpecs, problemsOf, synthAirflow, taskPodTemplates, workloadOf } from './support/chart';
import { validateK8sObject } from './support/schema';

const celery = () => synthAirflow({ executor: new CeleryExecutor() });
const kubernetes = () => synthAirflow({ executor: new KubernetesExecutor() });
const airflowCfg = (objects: K8sObject[]) => find(objects, 'ConfigMap', 'airflow-config').data['airflow.cfg'] as string;
const mainContainer = (objects: K8sObject[], component: string) => workloadOf(objects, component).spec.template.spec.containers[0];

describe('object set per executor', () => {
  test('CeleryExecutor runs workers and Redis next to the shared components', () => {
    expect(components(celery())).toEqual([
      'api-server', 'config', 'dag-processor', 'migrate-database', 'postgresql', 'redis', 'scheduler', 'secret-bootstrap', 'triggerer', 'worker',
    ]);
  });

  test('KubernetesExecutor emits no Redis, no worker, and adds task pod templates and a pod launcher', () => {
    expect(components(kubernetes())).toEqual([
      'api-server', 'config', 'dag-processor', 'migrate-database', 'pod-launcher', 'pod-log-reader', 'postgresql', 'scheduler', 'secret-bootstrap', 'task', 'triggerer',
    ]);
  });

  test('KubernetesExecutor has no broker URL and no broker secret anywhere', () => {
    const text = JSON.stringify(kubernetes());
    expect(text).not.toMatch(/BROKER_URL|REDIS|redis/i);
    expect(airflowCfg(kubernetes())).not.toContain('[celery]');
  });

  test('CeleryExecutor has no pod templates and no pod-launching RBAC', () => {
    const objects = celery();
    expect(ofKind(objects, 'Role').map((r) => r.metadata.name)).toEqual(['airflow-secret-bootstrap']);
    expect(taskPodTemplates(objects)).toEqual([]);
  });

  test('the executor setting follows the typed switch', () => {
    expect(airflowCfg(celery())).toContain('executor = CeleryExecutor');
    expect(airflowCfg(kubernetes())).toContain('executor = KubernetesExecutor');
  });
});

describe('output contract', () => {
  test.each([['celery', celery], ['kubernetes', kubernetes]])('every %s object carries the recommended labels', (_, synth) => {
    for (const obj of synth()) {
      expect(obj.metadata.labels).toEqual({
        'app.kubernetes.io/name': 'airflow',
        'app.kubernetes.io/instance': 'airflow',
        'app.kubernetes.io/component': expect.any(String),
        'app.kubernetes.io/part-of': 'airflow',
        'app.kubernetes.io/managed-by': 'cdk8s',
        'app.kubernetes.io/version': '3.3.2',
      });
      expect(obj.metadata.namespace).toBe('airflow');
      expect(Object.keys(obj.metadata.annotations ?? {}).filter((k) => k.startsWith('helm.sh/'))).toEqual([]);
    }
  });

  test('selectors use only name, instance and component labels', () => {
    for (const obj of [...celery(), ...kubernetes()]) {
      const selector = obj.spec?.selector?.matchLabels ?? (obj.kind === 'Service' ? obj.spec.selector : undefined);
      if (!selector) continue;
      expect(Object.keys(selector).sort()).toEqual(['app.kubernetes.io/component', 'app.kubernetes.io/instance', 'app.kubernetes.io/name']);
      expect(JSON.stringify(obj)).not.toContain('cdk8s.io/metadata.addr');
    }
  });

  test('no Secret objects and no secret values are emitted', () => {
    for (const objects of [celery(), kubernetes()]) {
      expect(ofKind(objects, 'Secret')).toEqual([]);
      for (const { container } of allContainers(objects)) {
        for (const env of container.env ?? []) {
          if (/PASSWORD|SECRET|FERNET/.test(env.name)) expect(env.value).toBeUndefined();
        }
      }
    }
  });

  test('object names are <instance>-<component>, hashes only on Jobs', () => {
    for (const obj of celery()) {
      expect(obj.metadata.name).toMatch(/^airflow-/);
      if (obj.kind !== 'Job') expect(obj.metadata.name).not.toMatch(/-[0-9a-f]{8}$/);
    }
  });
});

describe('every container', () => {
  test.each([['celery', celery], ['kubernetes', kubernetes]])('%s: has requests, a memory limit and a restricted security context', (_, synth) => {
    for (const { where, container, pod } of allContainers(synth())) {
      expect({ where, requests: Object.keys(container.resources.requests).sort() }).toEqual({ where, requests: ['cpu', 'memory'] });
      expect({ where, memoryLimit: typeof container.resources.limits.memory }).toEqual({ where, memoryLimit: 'string' });
      expect({ where, sc: container.securityContext }).toEqual({
        where,
        sc: expect.objectContaining({
          allowPrivilegeEscalation: false,
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        }),
      });
      expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      if (container.image.startsWith('apache/airflow:')) {
        expect({ where, user: container.securityContext.runAsUser, group: container.securityContext.runAsGroup }).toEqual({ where, user: 50000, group: 0 });
      }
    }
  });

  test('only pods that call the Kubernetes API mount a token', () => {
    const tokenHolders = (objects: K8sObject[]) =>
      podSpecs(objects).filter(({ spec }) => spec.automountServiceAccountToken !== false).map(({ where }) => where).sort();
    expect(tokenHolders(celery())).toEqual([expect.stringMatching(/^Job\/airflow-secret-bootstrap-/)]);
    expect(tokenHolders(kubernetes())).toEqual(['Deployment/airflow-api-server', 'Deployment/airflow-scheduler', expect.stringMatching(/^Job\/airflow-secret-bootstrap-/)]);
  });

  test('images are pinned, never latest', () => {
    for (const { container } of allContainers(celery())) expect(container.image).toMatch(/:[0-9][\w.-]*$/);
  });
});

describe('long-running Airflow components', () => {
  const airflowComponents = ['api-server', 'scheduler', 'dag-processor', 'triggerer', 'worker'];

  test.each(airflowComponents)('%s has its own ServiceAccount and waits for migrations', (component) => {
    const objects = celery();
    const spec = workloadOf(objects, component).spec.template.spec;
    expect(spec.serviceAccountName).toBe(`airflow-${component}`);
    find(objects, 'ServiceAccount', `airflow-${component}`);
    expect(spec.initContainers.map((c: any) => c.args)).toEqual([['airflow', 'db', 'check-migrations', '--migration-wait-timeout=600']]);
  });

  test.each([['scheduler', 'SchedulerJob'], ['dag-processor', 'DagProcessorJob'], ['triggerer', 'TriggererJob']])(
    '%s is probed with airflow jobs check, generous timeouts and a startup probe',
    (component, jobType) => {
      const container = mainContainer(celery(), component);
      const command = ['airflow', 'jobs', 'check', '--job-type', jobType, '--local'];
      expect(container.livenessProbe).toMatchObject({ exec: { command }, timeoutSeconds: 20, periodSeconds: 60 });
      expect(container.startupProbe).toMatchObject({ exec: { command } });
    },
  );

  test('api-server is probed over HTTP on its health endpoint and served on 8080', () => {
    const objects = celery();
    const container = mainContainer(objects, 'api-server');
    expect(container.args).toEqual(['airflow', 'api-server']);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/api/v2/monitor/health', port: 'http' });
    expect(container.readinessProbe.httpGet.path).toBe('/api/v2/monitor/health');
    const service = find(objects, 'Service', 'airflow-api-server');
    expect(service.spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 8080, targetPort: 'http' }] });
  });

  test('execution_api_server_url points at the api-server Service', () => {
    expect(airflowCfg(celery())).toContain('execution_api_server_url = http://airflow-api-server.airflow:8080/execution/');
  });

  test('pods roll when the config changes', () => {
    const hash = (objects: K8sObject[]) => workloadOf(objects, 'scheduler').spec.template.metadata.annotations['checksum/config'];
    const changed = synthAirflow({ config: { core: { parallelism: 64 } } });
    expect(hash(changed)).not.toEqual(hash(celery()));
  });
});

describe('Celery worker', () => {
  test('finishes running tasks before it stops', () => {
    const objects = celery();
    const spec = workloadOf(objects, 'worker').spec.template.spec;
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(600);
    expect(envOf(spec.containers[0]).DUMB_INIT_SETSID).toEqual({ name: 'DUMB_INIT_SETSID', value: '0' });
  });

  test('is probed with celery inspect ping', () => {
    const container = mainContainer(celery(), 'worker');
    expect(container.livenessProbe.exec.command.join(' ')).toContain('inspect ping -d celery@$(hostname)');
  });

  test('concurrency is configured from the typed prop', () => {
    const objects = synthAirflow({ executor: new CeleryExecutor({ workers: { concurrency: 4 } }) });
    expect(airflowCfg(objects)).toMatch(/\[celery\]\nworker_concurrency = 4\n/);
  });

  test('only the components that use the broker get its URL and password', () => {
    const objects = celery();
    for (const component of ['scheduler', 'worker', 'triggerer']) expect(envOf(mainContainer(objects, component)).AIRFLOW__CELERY__BROKER_URL).toBeDefined();
    for (const component of ['api-server', 'dag-processor', 'migrate-database']) {
      expect(Object.keys(envOf(mainContainer(objects, component)))).not.toEqual(expect.arrayContaining(['AIRFLOW_REDIS_PASSWORD']));
      expect(envOf(mainContainer(objects, component)).AIRFLOW__CELERY__BROKER_URL).toBeUndefined();
    }
  });

  test('reaches Redis with a password from a Secret', () => {
    const env = envOf(mainContainer(celery(), 'worker'));
    expect(env.AIRFLOW_REDIS_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'airflow-redis', key: 'password' });
    expect(env.AIRFLOW__CELERY__BROKER_URL.value).toBe('redis://:$(AIRFLOW_REDIS_PASSWORD)@airflow-redis.airflow:6379/0');
  });
});

describe('Redis', () => {
  test('requires a password and is probed with redis-cli ping', () => {
    const container = mainContainer(celery(), 'redis');
    expect(container.args.slice(0, 2)).toEqual(['--requirepass', '$(REDIS_PASSWORD)']);
    expect(envOf(container).REDISCLI_AUTH.valueFrom.secretKeyRef.name).toBe('airflow-redis');
    expect(container.livenessProbe.exec.command.join(' ')).toContain('redis-cli ping');
  });

  test('the image is the newest patch of the BSD-licensed 7.2 line', () => {
    expect(mainContainer(celery(), 'redis').image).toBe('redis:7.2.16');
  });

  test('by default queued messages live in memory: no claim, no append-only file, no snapshots', () => {
    const objects = celery();
    const redis = workloadOf(objects, 'redis');
    expect(redis.spec.volumeClaimTemplates).toBeUndefined();
    expect(mainContainer(objects, 'redis').args).toEqual(expect.arrayContaining(['--appendonly', 'no']));
  });

  test('with persistence, queued work survives restarts: an append-only file on a claim', () => {
    // GIVEN persistence on a 2Gi claim of class "fast"
    const objects = synthAirflow({ executor: new CeleryExecutor({ broker: CeleryBroker.embeddedRedis({ persistence: { size: '2Gi', storageClassName: 'fast' } }) }) });
    const redis = workloadOf(objects, 'redis');
    // THEN the data directory is a claim, written as an append-only file synced every second
    expect(redis.spec.volumeClaimTemplates).toEqual([
      expect.objectContaining({ metadata: expect.objectContaining({ name: 'data' }), spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '2Gi' } } } }),
    ]);
    expect(redis.spec.template.spec.volumes ?? []).not.toContainEqual(expect.objectContaining({ name: 'data' }));
    const args = mainContainer(objects, 'redis').args.join(' ');
    expect(args).toContain('--dir /data');
    expect(args).toContain('--appendonly yes --appendfsync everysec');
    expect(args).toContain("--save ");
    expect(validateK8sObject(redis)).toEqual([]);
  });

  test('a persistence size that is no quantity is an error', () => {
    expect(problemsOf({ executor: new CeleryExecutor({ broker: CeleryBroker.embeddedRedis({ persistence: { size: 'big' } }) }) })).toEqual([
      'test/airflow: executor.broker.persistence.size must be a Kubernetes quantity such as "1Gi", got "big"',
    ]);
  });

  test('an external broker replaces the embedded Redis', () => {
    const objects = synthAirflow({
      executor: new CeleryExecutor({ broker: CeleryBroker.external({ brokerUrl: AirflowSecret.fromExisting('broker', 'url') }) }),
    });
    expect(components(objects)).not.toContain('redis');
    expect(envOf(mainContainer(objects, 'worker')).AIRFLOW__CELERY__BROKER_URL.valueFrom.secretKeyRef).toEqual({ name: 'broker', key: 'url' });
  });
});

describe('metadata database', () => {
  test('embedded PostgreSQL: pinned image, PVC, pg_isready probes, password from a Secret', () => {
    const objects = celery();
    const sts = find(objects, 'StatefulSet', 'airflow-postgresql');
    const container = sts.spec.template.spec.containers[0];
    expect(container.image).toBe('postgres:17.5');
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('8Gi');
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(container[probe].exec.command[0]).toBe('pg_isready');
    expect(envOf(container).POSTGRES_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'airflow-postgresql', key: 'password' });
  });

  test('Airflow connects to the embedded database through its Service, the password percent-encoded by a command', () => {
    const env = envOf(mainContainer(celery(), 'scheduler'));
    expect(env.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD.value).toContain("'postgresql+psycopg2://airflow:{password}@airflow-postgresql.airflow:5432/airflow' AIRFLOW_DB_PASSWORD");
    expect(env.AIRFLOW_DB_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'airflow-postgresql', key: 'password' });
  });

  test('an external database emits no PostgreSQL and reads the URI from the referenced Secret', () => {
    const objects = synthAirflow({ database: MetadataDatabase.external({ connection: AirflowSecret.fromExisting('airflow-db', 'uri') }) });
    expect(components(objects)).not.toContain('postgresql');
    expect(envOf(mainContainer(objects, 'scheduler')).AIRFLOW__DATABASE__SQL_ALCHEMY_CONN.valueFrom.secretKeyRef).toEqual({ name: 'airflow-db', key: 'uri' });
    const spec = parse(find(objects, 'ConfigMap', 'airflow-secret-bootstrap').data['secrets.json']);
    expect(spec.secrets.map((s: any) => s.name)).not.toContain('airflow-postgresql');
  });
});

describe('migrations', () => {
  const jobName = (props = {}) => ofKind(synthAirflow(props), 'Job').find((j) => j.metadata.name.startsWith('airflow-migrate-database-'))!.metadata.name;

  test('run airflow db migrate in a Job named with a hash of what it runs', () => {
    const job = workloadOf(celery(), 'migrate-database');
    expect(job.metadata.name).toMatch(/^airflow-migrate-database-[0-9a-f]{8}$/);
    expect(job.spec.template.spec.containers[0].args).toEqual(['airflow', 'db', 'migrate']);
    expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
  });

  test('the name is stable for the same input and changes with image or config', () => {
    expect(jobName()).toBe(jobName());
    expect(jobName({ image: 'apache/airflow:3.1.6' })).not.toBe(jobName());
    expect(jobName({ config: { core: { parallelism: 64 } } })).not.toBe(jobName());
  });
});

describe('secrets', () => {
  test('are generated in the cluster by a bootstrap Job with minimal RBAC', () => {
    const objects = celery();
    const role = find(objects, 'Role', 'airflow-secret-bootstrap');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      {
        apiGroups: [''],
        resources: ['secrets'],
        resourceNames: ['airflow-api-secret-key', 'airflow-fernet-key', 'airflow-jwt-secret', 'airflow-postgresql', 'airflow-redis', 'airflow-ui-passwords'],
        verbs: ['get', 'patch'],
      },
    ]);
    const job = workloadOf(objects, 'secret-bootstrap');
    expect(job.spec.template.spec.containers[0].image).toBe('apache/airflow:3.3.2');
    expect(find(objects, 'RoleBinding', 'airflow-secret-bootstrap').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'airflow-secret-bootstrap', namespace: 'airflow' },
    ]);
  });

  test('Airflow reads the fernet key, API secret key and JWT secret from Secrets', () => {
    const env = envOf(mainContainer(celery(), 'api-server'));
    expect(env.AIRFLOW__CORE__FERNET_KEY.valueFrom.secretKeyRef).toEqual({ name: 'airflow-fernet-key', key: 'fernet-key' });
    expect(env.AIRFLOW__API__SECRET_KEY.valueFrom.secretKeyRef).toEqual({ name: 'airflow-api-secret-key', key: 'api-secret-key' });
    expect(env.AIRFLOW__API_AUTH__JWT_SECRET.valueFrom.secretKeyRef).toEqual({ name: 'airflow-jwt-secret', key: 'jwt-secret' });
  });

  test('existing Secrets replace generation; with nothing to generate there is no bootstrap Job', () => {
    const objects = synthAirflow({
      executor: new KubernetesExecutor(),
      database: MetadataDatabase.external({ connection: AirflowSecret.fromExisting('db', 'uri') }),
      secrets: {
        fernetKey: AirflowSecret.fromExisting('keys', 'fernet'),
        apiSecretKey: AirflowSecret.fromExisting('keys', 'api'),
        jwtSecret: AirflowSecret.fromExisting('keys', 'jwt'),
      },
      auth: AirflowAuth.simple({ passwords: AirflowSecret.fromExisting('keys', 'ui-passwords') }),
    });
    expect(components(objects)).not.toContain('secret-bootstrap');
    expect(envOf(mainContainer(objects, 'scheduler')).AIRFLOW__CORE__FERNET_KEY.valueFrom.secretKeyRef).toEqual({ name: 'keys', key: 'fernet' });
  });
});

describe('KubernetesExecutor', () => {
  test('the scheduler mounts the default task pod template where pod_template_file points', () => {
    const objects = kubernetes();
    const cfg = airflowCfg(objects);
    expect(cfg).toContain('[kubernetes_executor]\nnamespace = airflow\npod_template_file = /opt/airflow/pod_templates/default.yaml\n');
    const scheduler = workloadOf(objects, 'scheduler').spec.template.spec;
    expect(scheduler.containers[0].volumeMounts).toContainEqual({ name: 'pod-templates', mountPath: '/opt/airflow/pod_templates', readOnly: true });
    expect(scheduler.volumes).toContainEqual({ name: 'pod-templates', configMap: { name: 'airflow-pod-templates' } });
    expect(Object.keys(find(objects, 'ConfigMap', 'airflow-pod-templates').data)).toContain('default.yaml');
  });

  test('the default task pod runs the Airflow image in a container named base, with no probes', () => {
    const [template] = taskPodTemplates(kubernetes());
    const pod = template.pod;
    expect(pod.kind).toBe('Pod');
    expect(pod.spec.restartPolicy).toBe('Never');
    const base = pod.spec.containers[0];
    expect(base.name).toBe('base');
    expect(base.image).toBe('apache/airflow:3.3.2');
    expect(base.livenessProbe ?? base.readinessProbe ?? base.startupProbe).toBeUndefined();
    expect(base.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } });
    expect(Object.keys(envOf(base))).toEqual(['CONNECTION_CHECK_MAX_COUNT']);
    expect(pod.spec.serviceAccountName).toBe('airflow-task');
    expect(pod.spec.automountServiceAccountToken).toBe(false);
  });

  test('the api-server may read the logs of running task pods, nothing more', () => {
    const objects = kubernetes();
    expect(find(objects, 'Role', 'airflow-pod-log-reader').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ]);
    expect(find(objects, 'RoleBinding', 'airflow-pod-log-reader').subjects).toEqual([{ kind: 'ServiceAccount', name: 'airflow-api-server', namespace: 'airflow' }]);
    expect(ofKind(celery(), 'Role').map((r) => r.metadata.name)).not.toContain('airflow-pod-log-reader');
  });

  test('the scheduler alone is bound to the pod-launching Role', () => {
    const objects = kubernetes();
    expect(find(objects, 'Role', 'airflow-pod-launcher').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'watch', 'delete', 'patch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
      { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
    ]);
    const binding = find(objects, 'RoleBinding', 'airflow-pod-launcher');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'airflow-pod-launcher' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'airflow-scheduler', namespace: 'airflow' }]);
  });
});

describe('Airflow 2', () => {
  test('runs the webserver instead of the api-server, without JWT or execution API', () => {
    const objects = synthAirflow({ version: AirflowVersion.V2_11_0 });
    expect(components(objects)).toContain('webserver');
    expect(components(objects)).not.toContain('api-server');
    const container = mainContainer(objects, 'webserver');
    expect(container.image).toBe('apache/airflow:2.11.0');
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    const env = envOf(container);
    expect(env.AIRFLOW__WEBSERVER__SECRET_KEY).toBeDefined();
    expect(env.AIRFLOW__API_AUTH__JWT_SECRET).toBeUndefined();
    const cfg = airflowCfg(objects);
    expect(cfg).not.toContain('execution_api_server_url');
    expect(cfg).toContain('[scheduler]\nstandalone_dag_processor = True');
  });
});

describe('user settings', () => {
  test('land in airflow.cfg, sections and keys sorted, with % escaped for configparser', () => {
    // GIVEN settings written in no particular order
    const cfg = airflowCfg(synthAirflow({ config: { smtp: { smtp_port: 25, smtp_host: 'mail' }, logging: { log_format: '%(message)s' }, core: { parallelism: 64, max_active_tasks_per_dag: 8 } } }));
    // THEN sections and the keys in each are in alphabetical order
    expect(cfgSections(cfg)).toEqual([
      { section: 'celery', keys: ['worker_concurrency'] },
      {
        section: 'core',
        keys: [
          'auth_manager', 'dags_folder', 'execution_api_server_url', 'executor', 'hostname_callable', 'load_examples',
          'max_active_tasks_per_dag', 'parallelism', 'simple_auth_manager_passwords_file', 'simple_auth_manager_users',
        ],
      },
      { section: 'logging', keys: ['log_format'] },
      { section: 'smtp', keys: ['smtp_host', 'smtp_port'] },
    ]);
    expect(cfg).toContain('[logging]\nlog_format = %%(message)s\n');
  });

  test('the same settings in another insertion order give the same manifests', () => {
    // Synthesizing twice from the same props cannot see an unsorted airflow.cfg: insertion order is
    // stable in JavaScript, in one process and across processes. Reordering the input can.
    const forward = synthAirflow({ config: { email: { from_email: 'airflow@example.com' }, smtp: { smtp_host: 'mail', smtp_port: 25 }, core: { max_active_tasks_per_dag: 8, parallelism: 64 } } });
    const reversed = synthAirflow({ config: { core: { parallelism: 64, max_active_tasks_per_dag: 8 }, smtp: { smtp_port: 25, smtp_host: 'mail' }, email: { from_email: 'airflow@example.com' } } });
    expect(airflowCfg(reversed)).toBe(airflowCfg(forward));
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(forward));
  });
});
