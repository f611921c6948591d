// Class 3 of issue 14: rules the API server (or the kubelet, for pods launched from templates)
// enforces that the OpenAPI schema does not, checked when the construct is built.
import { Duration } from 'cdk8s';
import { AirflowProps, CeleryExecutor, DagSource, GitAuth, KubernetesExecutor, MetadataDatabase, TaskLogs, TaskPodFamily, TaskPodPresets } from '../../lib';
import { executorTemplateMounts } from '../../lib/resolve/task-pod-volumes';
import { familyTemplates, problemsOf, schemaProblemsOf, synthAirflow } from '../support/chart';

const ssh = GitAuth.ssh({ secretName: 'git-ssh', knownHostsKey: 'known_hosts' });
const operator = (options: Partial<Parameters<typeof TaskPodFamily.operator>[0]>): AirflowProps => ({
  taskPods: { families: [TaskPodFamily.operator({ name: 'tool', image: 'acme/tool:1.2.0', ...options })] },
});
const executorFamily = (options: Partial<Parameters<typeof TaskPodFamily.executor>[0]>, dags?: DagSource): AirflowProps => ({
  executor: new KubernetesExecutor(),
  dags,
  taskPods: { families: [TaskPodFamily.executor({ name: 'etl', image: 'apache/airflow:3.1.7', ...options })] },
});
const imageMessage = (why: string, image: string) => `test/airflow: image must be a valid image reference: ${why}, got "${image}"`;
const cron = (detail: string, schedule: string) => `test/airflow: cleanup.database.schedule must be a cron expression with 5 fields such as "0 3 * * *" (${detail}), got "${schedule}"`;
const clash = (where: string, path: string, owner: string) =>
  `test/airflow: ${where} mounts "${path}", where ${owner} already mounts a volume: Kubernetes refuses two mounts at one path in a container (the pod would fail to start); choose another path`;

describe('bad input: each rule gives this exact error', () => {
  const cases: Array<[string, AirflowProps, string[]]> = [
    [
      'an instance name starting with a digit (Service names are RFC 1035 labels)',
      { instance: '1st-airflow' },
      ['test/airflow: instance must start with a letter: it begins every Service name (1st-airflow-api-server, ...), and Service names are RFC 1035 labels; got "1st-airflow"'],
    ],
    ['an uppercase image repository', { image: 'Acme/Airflow:3.1.7' }, [imageMessage('the repository path "Acme/Airflow" must be lowercase letters and digits separated by \'.\', \'_\', \'__\' or \'-\' (no uppercase, no empty parts)', 'Acme/Airflow:3.1.7')]],
    ['an empty image tag', { image: 'apache/airflow:' }, [imageMessage('the tag after ":" is empty', 'apache/airflow:')]],
    ['a malformed image tag', { image: 'apache/airflow:.3.1.7' }, [imageMessage('the tag ".3.1.7" must be 1-128 letters, digits, \'_\', \'.\' or \'-\', not starting with \'.\' or \'-\'', 'apache/airflow:.3.1.7')]],
    ['a malformed image digest', { image: 'apache/airflow@sha256:abc123' }, [imageMessage('the digest after "@" must be "sha256:" and 64 lowercase hex digits (or "sha512:" and 128)', 'apache/airflow@sha256:abc123')]],
    ['an image with an empty path part', { image: 'registry.example.com//airflow:3.1.7' }, [imageMessage('the repository path "/airflow" must be lowercase letters and digits separated by \'.\', \'_\', \'__\' or \'-\' (no uppercase, no empty parts)', 'registry.example.com//airflow:3.1.7')]],
    ['memory in millibytes', { scheduler: { resources: { memory: '512m' } } }, ['test/airflow: scheduler.resources.memory is 0.512 bytes: "m" means thousandths (milli), not mega; write "512Mi" for mebibytes']],
    ['a fraction of a byte', { triggerer: { resources: { memoryLimit: '1.5' } } }, ['test/airflow: triggerer.resources.memoryLimit must be a whole number of bytes, got "1.5" (1.5 bytes)']],
    ['a zero memory limit', { apiServer: { resources: { memory: '0', memoryLimit: '0' } } }, ['test/airflow: apiServer.resources.memoryLimit must be above 0: Kubernetes reads a memory limit of 0 as no limit at all']],
    ['a zero CPU limit', { dagProcessor: { resources: { cpu: '0', cpuLimit: '0' } } }, ['test/airflow: dagProcessor.resources.cpuLimit must be above 0: Kubernetes reads a CPU limit of 0 as no limit; leave cpuLimit unset for that']],
    ['a zero-sized database volume', { database: MetadataDatabase.embedded({ storage: '0Gi' }) }, ['test/airflow: database.storage must be above 0, such as "8Gi"']],
    ['storage in millibytes', { logs: TaskLogs.sharedVolume({ size: '20m' }) }, ['test/airflow: logs.size is 0.02 bytes: "m" means thousandths (milli), not mega; write "20Mi" for mebibytes']],
    ['an invalid StorageClass name', { database: MetadataDatabase.embedded({ storageClassName: 'Fast SSD' }) }, ['test/airflow: database.storageClassName must be a StorageClass name (lowercase RFC 1123 subdomain), got "Fast SSD"']],
    [
      'a port out of range',
      { networkPolicies: { egress: { kubernetesApi: [{ cidr: '10.0.0.1/32', ports: [0, 65536] }] } } },
      [
        'test/airflow: networkPolicies.egress.kubernetesApi[0].ports[0] must be a port number from 1 to 65535, got 0',
        'test/airflow: networkPolicies.egress.kubernetesApi[0].ports[1] must be a port number from 1 to 65535, got 65536',
      ],
    ],
    [
      'an IPv4 address out of range in a CIDR',
      { networkPolicies: { egress: { kubernetesApi: [{ cidr: '10.0.0.256/32', ports: [443] }] } } },
      ['test/airflow: networkPolicies.egress.kubernetesApi[0].cidr must be a CIDR such as "10.0.0.1/32" ("10.0.0.256" is not an IPv4 or IPv6 address), got "10.0.0.256/32"'],
    ],
    [
      'a prefix length out of range',
      { networkPolicies: { egress: { kubernetesApi: [{ cidr: '10.0.0.0/33', ports: [443] }] }, taskEgress: [{ cidr: 'fd00::/129', ports: [443] }] } },
      [
        'test/airflow: networkPolicies.egress.kubernetesApi[0].cidr must be a CIDR such as "10.0.0.1/32" (the prefix length must be 0-32 for an IPv4 address), got "10.0.0.0/33"',
        'test/airflow: networkPolicies.taskEgress[0].cidr must be a CIDR such as "10.0.0.1/32" (the prefix length must be 0-128 for an IPv6 address), got "fd00::/129"',
      ],
    ],
    ['a cron minute out of range', { cleanup: { database: { schedule: '60 3 * * *' } } }, [cron('has an invalid minute field "60": "60" is not a minute (0-59)', '60 3 * * *')]],
    ['a cron day of week 7', { cleanup: { database: { schedule: '0 3 * * 7' } } }, [cron('has an invalid day of week field "7": "7" is not a day of week (0-6 or SUN-SAT)', '0 3 * * 7')]],
    ['a cron step of 0', { cleanup: { database: { schedule: '*/0 * * * *' } } }, [cron('has an invalid minute field "*/0": a step of 0', '*/0 * * * *')]],
    ['a backwards cron range', { cleanup: { database: { schedule: '0 18-6 * * *' } } }, [cron('has an invalid hour field "18-6": the range "18-6" ends before it starts', '0 18-6 * * *')]],
    ['a time zone in the schedule', { cleanup: { database: { schedule: 'TZ=UTC 0 3 * * *' } } }, [cron('sets a time zone, which Kubernetes refuses in the schedule: CronJobs take spec.timeZone', 'TZ=UTC 0 3 * * *')]],
    ['six cron fields', { cleanup: { database: { schedule: '0 0 3 * * *' } } }, [cron('has 6 fields, not 5 (minute, hour, day of month, month, day of week)', '0 0 3 * * *')]],
    [
      'a nodeSelector key and value Kubernetes rejects',
      { scheduler: { nodeSelector: { 'node role': 'airflow', 'example.com/pool': 'batch jobs' } } },
      [
        'test/airflow: scheduler.nodeSelector has key "node role", which is not a label key: an optional DNS prefix and "/", then at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit',
        'test/airflow: scheduler.nodeSelector.example.com/pool must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit), got "batch jobs"',
      ],
    ],
    [
      'a nodeSelector of the default task pod',
      { executor: new KubernetesExecutor({ taskPod: { nodeSelector: { pool: 'x'.repeat(64) } } }) },
      [`test/airflow: executor.taskPod.nodeSelector.pool must be a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit), got "${'x'.repeat(64)}"`],
    ],
    [
      'a nodeSelector key with two "/"',
      { scheduler: { nodeSelector: { 'example.com/pool/gpu': 'a' } } },
      ['test/airflow: scheduler.nodeSelector has key "example.com/pool/gpu", which is not a label key: an optional DNS prefix and "/", then at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit'],
    ],
    [
      'a nodeSelector that is not a map (from JavaScript)',
      { scheduler: { nodeSelector: 'amd64' as unknown as Record<string, string> } },
      ['test/airflow: scheduler.nodeSelector must be a map of label keys to values such as { "kubernetes.io/arch": "amd64" }, got "amd64"'],
    ],
    [
      'a toleration key that is not a string (from JavaScript)',
      { scheduler: { tolerations: [{ key: 42 as unknown as string, operator: 'Exists' }] } },
      ['test/airflow: scheduler.tolerations[0].key must be a taint key (a label key such as "dedicated" or "example.com/gpu"), got 42'],
    ],
    [
      'Ingress annotations that are not a map (from JavaScript)',
      { ingress: { host: 'airflow.example.com', annotations: ['nginx.ingress.kubernetes.io/ssl-redirect'] as unknown as Record<string, string> } },
      ['test/airflow: ingress.annotations must be a map of annotation keys to string values, got ["nginx.ingress.kubernetes.io/ssl-redirect"]'],
    ],
    [
      'an Ingress annotation whose value is not a string (from JavaScript)',
      { ingress: { host: 'airflow.example.com', annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': 8 as unknown as string } } },
      ['test/airflow: ingress.annotations.nginx.ingress.kubernetes.io/proxy-body-size must be a string (quote numbers and booleans), got 8'],
    ],
    ['an image reference with whitespace', { image: 'apache/airflow: 3.1.7' }, ['test/airflow: image must not contain whitespace, got "apache/airflow: 3.1.7"']],
    ['a priorityClassName Kubernetes rejects', { triggerer: { priorityClassName: 'High_Priority' } }, ['test/airflow: triggerer.priorityClassName must be a PriorityClass name (lowercase RFC 1123 subdomain), got "High_Priority"']],
    [
      'tolerations Kubernetes rejects',
      { executor: new CeleryExecutor({ workers: { tolerations: [{ key: 'gpu', operator: 'Exists', value: 'true' }, { operator: 'Equal', value: 'x' }, { key: 'spot', effect: 'NoSchedule', tolerationSeconds: 60 }] } }) },
      [
        'test/airflow: executor.workers.tolerations[0].value must be empty with operator "Exists", got "true"',
        'test/airflow: executor.workers.tolerations[1].key is required with operator "Equal" (only "Exists" may match every taint)',
        'test/airflow: executor.workers.tolerations[2].tolerationSeconds only applies with effect "NoExecute" (Kubernetes refuses it otherwise)',
      ],
    ],
    ['a family nodeSelector', operator({ nodeSelector: { '-pool': 'a' } }), ['test/airflow: taskPods.families[0].nodeSelector has key "-pool", which is not a label key: an optional DNS prefix and "/", then at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit']],
    [
      'a volume name that is not an RFC 1123 label',
      operator({ volumes: [{ name: 'Scratch_Space', mountPath: '/scratch', emptyDir: true }] }),
      ['test/airflow: taskPods.families[0].volumes[0].name must be a lowercase RFC 1123 label of at most 63 characters, got "Scratch_Space"'],
    ],
    [
      'two volumes with one name',
      operator({ volumes: [{ name: 'data', mountPath: '/a', emptyDir: true }, { name: 'data', mountPath: '/b', emptyDir: true }] }),
      ['test/airflow: taskPods.families[0].volumes[1].name "data" is already a volume of this template (from taskPods.families[0].volumes[0]): give each volume its own name'],
    ],
    [
      'a volume named like the library\'s',
      executorFamily({ volumes: [{ name: 'config', mountPath: '/etc/app', configMapName: 'app-config' }] }),
      ['test/airflow: taskPods.families[0].volumes[0].name "config" is already a volume of this template (from cdk8s-airflow): give each volume its own name'],
    ],
    [
      'a volume named like a writable path\'s',
      operator({ volumes: [{ name: 'writable-0', mountPath: '/data', emptyDir: true }] }),
      ['test/airflow: taskPods.families[0].volumes[0].name must be another name: writable-<n> names the volumes of writablePaths, got "writable-0"'],
    ],
    [
      'two mounts at one path',
      operator({ writablePaths: ['/tmp', '/work'], volumes: [{ name: 'data', mountPath: '/work/', claimName: 'data' }] }),
      [clash('taskPods.families[0].volumes[0].mountPath', '/work/', 'taskPods.families[0].writablePaths[1]')],
    ],
    [
      'a mount where executor templates mount the Airflow config',
      executorFamily({ volumes: [{ name: 'cfg', mountPath: '/opt/airflow/airflow.cfg', configMapName: 'my-cfg' }] }),
      [clash('taskPods.families[0].volumes[0].mountPath', '/opt/airflow/airflow.cfg', 'cdk8s-airflow')],
    ],
    [
      'a mount where git-sync delivers the DAGs',
      executorFamily({ volumes: [{ name: 'my-dags', mountPath: '/opt/airflow/dags', claimName: 'dags' }] }, DagSource.gitSync({ repo: 'git@github.com:acme/dags.git', auth: ssh })),
      [clash('taskPods.families[0].volumes[0].mountPath', '/opt/airflow/dags', 'cdk8s-airflow')],
    ],
    [
      'a mount where the Spark family gets its configuration',
      { taskPods: { families: [TaskPodPresets.spark({ volumes: [{ name: 'conf', mountPath: '/opt/spark/conf', configMapName: 'spark-extra' }] })] } },
      [clash('taskPods.families[0].volumes[0].mountPath', '/opt/spark/conf', 'cdk8s-airflow')],
    ],
    [
      'a relative mount path and an invalid ConfigMap name',
      operator({ volumes: [{ name: 'cfg', mountPath: 'etc/app', configMapName: 'App.Config' }] }),
      [
        'test/airflow: taskPods.families[0].volumes[0].configMapName must be an object name (lowercase RFC 1123 subdomain), got "App.Config"',
        'test/airflow: taskPods.families[0].volumes[0].mountPath must be an absolute path, got "etc/app"',
      ],
    ],
    [
      'envFrom with no source, or an invalid name',
      operator({ envFrom: [{}, { secretName: 'API_KEYS' }] }),
      [
        'test/airflow: taskPods.families[0].envFrom[0] must set exactly one of secretName and configMapName',
        'test/airflow: taskPods.families[0].envFrom[1].secretName must be an object name (lowercase RFC 1123 subdomain), got "API_KEYS"',
      ],
    ],
    ['a non-string env value', operator({ env: { RETRIES: 3 as unknown as string } }), ['test/airflow: taskPods.families[0].env.RETRIES must be a string (env values are text: quote numbers and booleans), got 3']],
    [
      'an annotation key Kubernetes rejects',
      { ingress: { host: 'airflow.example.com', annotations: { 'nginx.ingress.kubernetes.io/proxy body size': '8m' } } },
      ['test/airflow: ingress.annotations has key "nginx.ingress.kubernetes.io/proxy body size", which is not an annotation key: an optional DNS prefix and "/", then at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit'],
    ],
  ];

  test.each(cases)('%s', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });
});

describe('good input: what Kubernetes accepts still deploys', () => {
  const cases: Array<[string, AirflowProps]> = [
    ['an instance name starting with a letter and containing digits', { instance: 'airflow2-prod' }],
    [
      'image references with a registry port, a digest, and both tag and digest',
      {
        image: 'registry.example.com:5000/data/airflow:3.1.7-python3.12',
        metrics: { image: `quay.io/prometheus/statsd-exporter@sha256:${'a'.repeat(64)}` },
        pgbouncer: { image: `localhost/pgbouncer:1.23.1@sha256:${'b'.repeat(64)}` },
      },
    ],
    ['decimal and binary quantities', { scheduler: { resources: { cpu: '0.5', memory: '1G', memoryLimit: '2Gi', cpuLimit: '2' } }, database: MetadataDatabase.embedded({ storage: '100Gi' }) }],
    [
      'cron schedules with names, ranges, steps, lists and descriptors',
      { executor: new KubernetesExecutor(), cleanup: { taskPods: { schedule: '*/15 8-18 * JAN-DEC MON-FRI' }, database: { schedule: '@daily' } } },
    ],
    [
      'IPv4 and IPv6 CIDRs and the whole range',
      { networkPolicies: { egress: { kubernetesApi: [{ cidr: '10.0.0.1/32', ports: [443, 6443] }], objectStorage: [{ cidr: '0.0.0.0/0', ports: [443] }] }, taskEgress: [{ cidr: 'fd00::/8', ports: [65535] }] }, logs: TaskLogs.remote({ connectionId: 'aws', baseLogFolder: 's3://b/p' }) },
    ],
    [
      'scheduling with prefixed labels, tolerations and a priority class',
      {
        scheduler: {
          nodeSelector: { 'kubernetes.io/arch': 'amd64', 'node.example.com/pool': 'airflow_core-1' },
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'airflow', effect: 'NoSchedule' }, { operator: 'Exists' }, { key: 'spot', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
          priorityClassName: 'airflow-critical',
        },
      },
    ],
    [
      'family volumes next to the library\'s, and a DAG volume where DAGs are baked in',
      executorFamily({
        writablePaths: ['/tmp', '/opt/airflow/logs', '/home/airflow/.cache'],
        volumes: [{ name: 'dags-extra', mountPath: '/opt/airflow/dags', claimName: 'shared-dags', readOnly: true }, { name: 'certs', mountPath: '/etc/ssl/private', secretName: 'warehouse-tls' }],
        nodeSelector: { 'example.com/gpu': 'true' },
      }),
    ],
    ['an SSH DAG source with executor families', executorFamily({ volumes: [{ name: 'scratch', mountPath: '/scratch', emptyDir: true }] }, DagSource.gitSync({ repo: 'git@github.com:acme/dags.git', auth: ssh, period: Duration.minutes(2) }))],
  ];

  test.each(cases)('%s', (_, props) => {
    expect(problemsOf(props)).toEqual([]);
    expect(schemaProblemsOf(synthAirflow(props))).toEqual([]);
  });

  test('the library\'s own mounts in executor templates are the ones the checks protect', () => {
    // GIVEN git-sync with SSH, so every volume the library can add is there
    const objects = synthAirflow(executorFamily({}, DagSource.gitSync({ repo: 'git@github.com:acme/dags.git', auth: ssh })));
    const [template] = familyTemplates(objects).filter((t) => t.name === 'etl');
    // THEN each mount path of the base container and each volume name is known to the checks
    const known = executorTemplateMounts(DagSource.gitSync({ repo: 'x', auth: ssh }));
    const mounts = template.pod.spec.containers[0].volumeMounts.map((m: any) => m.mountPath).sort();
    expect(mounts).toEqual(known.filter((m) => m.mountPath).map((m) => m.mountPath).sort());
    expect(template.pod.spec.volumes.map((v: any) => v.name).sort()).toEqual(known.map((m) => m.volume).sort());
  });
});
