import { Chart, Testing } from 'cdk8s';
import { Airflow, AirflowSecret, CeleryExecutor, KubernetesExecutor, RemoteLogCredentials, TaskLogs, TaskPodFamily, TaskPodPresets, WorkloadIdentity, collectWarnings } from '../../lib';
import { K8sObject, envOf, find, ofKind, podSpecs, problemsOf, synthAirflow, taskPodTemplates, workloadOf } from '../support/chart';

const remote = (credentials?: any) => TaskLogs.remote({ connectionId: 'logs', baseLogFolder: 's3://acme-logs/airflow', credentials });
const irsa = RemoteLogCredentials.workloadIdentity({ identity: WorkloadIdentity.awsIrsa({ roleArn: 'arn:aws:iam::123456789012:role/airflow-logs' }) });
const policies = { egress: { kubernetesApi: [{ cidr: '10.20.0.10/32', ports: [6443] }], objectStorage: [{ cidr: '0.0.0.0/0', ports: [443] }] } };
/** Every pod that writes or reads logs: the long-running components and the executor task pods. */
const logPods = (objects: K8sObject[]) => [
  ...['api-server', 'scheduler', 'dag-processor', 'triggerer'].map((c) => ({ where: c, container: workloadOf(objects, c).spec.template.spec.containers[0] })),
  ...taskPodTemplates(objects).filter((t) => t.name === 'default').map((t) => ({ where: 'task', container: t.pod.spec.containers[0] })),
];
/** ipBlock egress rules of a component's NetworkPolicy, as "cidr:port". */
const ipEgress = (objects: K8sObject[], component: string) =>
  find(objects, 'NetworkPolicy', `airflow-${component}`).spec.egress.filter((r: any) => r.to?.[0]?.ipBlock).flatMap((r: any) => r.ports.map((p: any) => `${r.to[0].ipBlock.cidr}:${p.port}`));

describe('remote log credentials', () => {
  test('a connection from a Secret reaches every pod that writes or reads logs, the api-server and task pods included', () => {
    const objects = synthAirflow({ executor: new KubernetesExecutor(), logs: remote(RemoteLogCredentials.connection(AirflowSecret.fromExisting('log-conn', 'uri'))) });
    for (const { where, container } of logPods(objects)) {
      expect([where, envOf(container).AIRFLOW_CONN_LOGS?.valueFrom?.secretKeyRef]).toEqual([where, { name: 'log-conn', key: 'uri' }]);
    }
  });

  test('workload identity needs no secret; a connection without secrets may be given as plain env', () => {
    const identity = RemoteLogCredentials.workloadIdentity({ identity: WorkloadIdentity.gke({ serviceAccount: 'airflow-logs@acme-prod.iam.gserviceaccount.com' }), connectionUri: 'google-cloud-platform://' });
    const objects = synthAirflow({ executor: new KubernetesExecutor(), logs: TaskLogs.remote({ connectionId: 'logs', baseLogFolder: 'gs://acme-logs/airflow', credentials: identity }) });
    for (const { where, container } of logPods(objects)) {
      expect([where, envOf(container).AIRFLOW_CONN_LOGS]).toEqual([where, { name: 'AIRFLOW_CONN_LOGS', value: 'google-cloud-platform://' }]);
    }
  });

  test.each<[string, any, string[]]>([
    ['GKE Workload Identity', WorkloadIdentity.gke({ serviceAccount: 'airflow-logs@acme-prod.iam.gserviceaccount.com' }), ['169.254.169.254/32:80', '169.254.169.252/32:988']],
    ['EKS Pod Identity', WorkloadIdentity.eksPodIdentity(), ['169.254.170.23/32:80', 'fd00:ec2::23/128:80']],
    ['AWS IRSA (STS over HTTPS, declared as objectStorage)', WorkloadIdentity.awsIrsa({ roleArn: 'arn:aws:iam::123456789012:role/airflow-logs' }), []],
    ['Azure Workload Identity (Entra ID over HTTPS, declared as objectStorage)', WorkloadIdentity.azure({ clientId: '00000000-0000-0000-0000-000000000001' }), []],
  ])('%s: every pod that writes or reads logs may reach the credential endpoints it needs, nothing more', (_, identity, endpoints) => {
    const objects = synthAirflow({ executor: new KubernetesExecutor(), logs: remote(RemoteLogCredentials.workloadIdentity({ identity })), networkPolicies: policies });
    for (const component of ['api-server', 'scheduler', 'dag-processor', 'triggerer', 'task']) {
      // (minus the declared object storage and Kubernetes API)
      const identityEgress = ipEgress(objects, component).filter((e: string) => !e.startsWith('0.0.0.0/0') && !e.startsWith('10.20.0.10/32'));
      expect([component, identityEgress]).toEqual([component, endpoints]);
    }
    // Components that neither write nor read logs get none of them.
    expect(ipEgress(objects, 'migrate-database')).toEqual([]);
  });

  test('every ServiceAccount of a pod that writes or reads logs carries the identity\'s annotations, and those pods its labels', () => {
    const azure = RemoteLogCredentials.workloadIdentity({ identity: WorkloadIdentity.azure({ clientId: '00000000-0000-0000-0000-000000000001' }) });
    const objects = synthAirflow({ executor: new CeleryExecutor(), logs: remote(azure) });
    const annotated = ofKind(objects, 'ServiceAccount')
      .filter((sa) => sa.metadata.annotations?.['azure.workload.identity/client-id'] === '00000000-0000-0000-0000-000000000001')
      .map((sa) => sa.metadata.name);
    expect(annotated.sort()).toEqual(['airflow-api-server', 'airflow-dag-processor', 'airflow-scheduler', 'airflow-triggerer', 'airflow-worker']);
    for (const component of ['api-server', 'scheduler', 'dag-processor', 'triggerer', 'worker']) {
      const labels = workloadOf(objects, component).spec.template.metadata.labels;
      expect({ component, label: labels['azure.workload.identity/use'] }).toEqual({ component, label: 'true' });
      // A pod label, never part of the immutable selector.
      expect(workloadOf(objects, component).spec.selector.matchLabels['azure.workload.identity/use']).toBeUndefined();
    }
    // Pods that never touch task logs get neither.
    expect(find(objects, 'ServiceAccount', 'airflow-migrate-database').metadata.annotations?.['azure.workload.identity/client-id']).toBeUndefined();
    expect(workloadOf(objects, 'migrate-database').spec.template.metadata.labels['azure.workload.identity/use']).toBeUndefined();
  });

  test('it is applied, so the synth no longer warns about it; Airflow.logIdentity still lists the ServiceAccounts', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'airflow' });
    const airflow = new Airflow(chart, 'airflow', { executor: new CeleryExecutor(), logs: remote(irsa) });
    expect(airflow.logIdentity?.serviceAccountNames).toEqual(['airflow-api-server', 'airflow-scheduler', 'airflow-dag-processor', 'airflow-triggerer', 'airflow-worker']);
    expect(collectWarnings(chart).filter((w) => w.includes('logs:'))).toEqual([]);
  });

  test('EKS Pod Identity is bound in AWS, not by annotations: the synth names the ServiceAccounts to associate', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'airflow' });
    new Airflow(chart, 'airflow', { executor: new CeleryExecutor(), logs: remote(RemoteLogCredentials.workloadIdentity({ identity: WorkloadIdentity.eksPodIdentity() })) });
    expect(collectWarnings(chart)).toEqual([
      'test/airflow: logs: EKS Pod Identity needs an association (aws eks create-pod-identity-association) for each ServiceAccount that writes or reads logs: airflow-api-server, airflow-scheduler, airflow-dag-processor, airflow-triggerer, airflow-worker',
    ]);
  });

  test('under KubernetesExecutor the executor task pods carry it too: the default template and every executor family, not operator families', () => {
    const objects = synthAirflow({
      executor: new KubernetesExecutor(),
      logs: remote(irsa),
      taskPods: { families: [TaskPodFamily.executor({ name: 'highmem', image: 'apache/airflow:3.3.2' }), TaskPodPresets.python()] },
    });
    const role = (name: string) => find(objects, 'ServiceAccount', name).metadata.annotations?.['eks.amazonaws.com/role-arn'];
    expect(role('airflow-task')).toBe('arn:aws:iam::123456789012:role/airflow-logs');
    expect(role('airflow-task-highmem')).toBe('arn:aws:iam::123456789012:role/airflow-logs');
    expect(role('airflow-task-python')).toBeUndefined();
  });

  test('a user value that differs from what the identity needs is a problem naming both props', () => {
    const other = { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/other' };
    expect(problemsOf({
      executor: new KubernetesExecutor({ taskPod: { serviceAccountAnnotations: other } }),
      logs: remote(irsa),
      scheduler: { serviceAccountAnnotations: other },
      taskPods: { families: [TaskPodFamily.executor({ name: 'highmem', image: 'apache/airflow:3.3.2', serviceAccountAnnotations: other })] },
    })).toEqual([
      'test/airflow: taskPods.families[0].serviceAccountAnnotations["eks.amazonaws.com/role-arn"] ("arn:aws:iam::123456789012:role/other") conflicts with "arn:aws:iam::123456789012:role/airflow-logs" from logs.credentials (workload identity): set it in one place',
      'test/airflow: executor.taskPod.serviceAccountAnnotations["eks.amazonaws.com/role-arn"] ("arn:aws:iam::123456789012:role/other") conflicts with "arn:aws:iam::123456789012:role/airflow-logs" from logs.credentials (workload identity): set it in one place',
      'test/airflow: scheduler.serviceAccountAnnotations["eks.amazonaws.com/role-arn"] ("arn:aws:iam::123456789012:role/other") conflicts with "arn:aws:iam::123456789012:role/airflow-logs" from logs.credentials (workload identity): set it in one place',
    ]);
    // The same value twice is no conflict.
    expect(problemsOf({ logs: remote(irsa), scheduler: { serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/airflow-logs' } } })).toEqual([]);
  });

  test('no credentials, no identity: nothing is added', () => {
    const objects = synthAirflow({ logs: remote() });
    expect(JSON.stringify(podSpecs(objects))).not.toContain('AIRFLOW_CONN_LOGS');
  });

  test.each<[string, any, string]>([
    ['an IAM role that is no ARN', WorkloadIdentity.awsIrsa({ roleArn: 'airflow-logs' }), 'test/airflow: logs.credentials.identity.roleArn must be an IAM role ARN such as "arn:aws:iam::123456789012:role/airflow-logs", got "airflow-logs"'],
    ['a Google account that is no service account', WorkloadIdentity.gke({ serviceAccount: 'me@gmail.com' }), 'test/airflow: logs.credentials.identity.serviceAccount must be a Google service account email such as "airflow-logs@my-project.iam.gserviceaccount.com", got "me@gmail.com"'],
    ['an Azure client id that is no UUID', WorkloadIdentity.azure({ clientId: 'airflow' }), 'test/airflow: logs.credentials.identity.clientId must be the identity\'s client id (a UUID), got "airflow"'],
  ])('%s is an error', (_, identity, message) => {
    expect(problemsOf({ logs: remote(RemoteLogCredentials.workloadIdentity({ identity })) })).toEqual([message]);
  });

  test('a connection URI with a password is an error: it would be written into the manifests', () => {
    const credentials = RemoteLogCredentials.workloadIdentity({ identity: WorkloadIdentity.eksPodIdentity(), connectionUri: 'aws://AKIA:secret@' });
    expect(problemsOf({ logs: remote(credentials) })).toEqual([
      'test/airflow: logs.credentials.connectionUri must be a connection URI without a password, e.g. "google-cloud-platform://": it is written into the manifests; put connections with secrets in a Secret (RemoteLogCredentials.connection)',
    ]);
  });

  test('the former "connection" prop is reported with its replacement', () => {
    const logs = TaskLogs.remote({ connectionId: 'logs', baseLogFolder: 's3://b/p', connection: AirflowSecret.fromExisting('a', 'b') } as any);
    expect(problemsOf({ logs })).toEqual(['test/airflow: logs.connection was replaced by "credentials": use credentials: RemoteLogCredentials.connection(secret)']);
  });
});
