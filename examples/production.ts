/**
 * `airflow-production`: what a production deployment looks like. CeleryExecutor with KEDA, an
 * external database behind PgBouncer and keys from a secret manager, DAGs from Git over SSH, task
 * logs in S3, an Ingress with TLS, disruption budgets, NetworkPolicies, spread replicas, metrics.
 * Addresses and names are examples: replace them with yours.
 */
import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Airflow, AirflowAuth, AirflowSecret, CeleryBroker, CeleryExecutor, DagSource, GitAuth, MetadataDatabase, RemoteLogCredentials, TaskLogs, WorkerAutoscaling, WorkloadIdentity } from '../lib';
import { exampleTaskPodFamilies } from './shared';

/** Namespace of the production example. */
export const PRODUCTION_NAMESPACE = 'airflow-prod';

/** The production example: every item of the README's production checklist turned on. */
export class ProductionExample extends Chart {
  public readonly airflow: Airflow;
  constructor(scope: Construct, id = 'airflow-production') {
    super(scope, id, { namespace: PRODUCTION_NAMESPACE, disableResourceNameHashes: true });
    const vault = { name: 'vault', kind: 'ClusterSecretStore' as const };
    const fromVault = (property: string, group: string) =>
      AirflowSecret.fromExternalSecret({ store: vault, remoteKey: 'airflow/production', remoteProperty: property, group });
    this.airflow = new Airflow(this, 'airflow', {
      instance: 'airflow',
      createNamespace: true,
      executor: new CeleryExecutor({
        workers: {
          concurrency: 16,
          resources: { cpu: '1', memory: '3Gi', memoryLimit: '6Gi' },
          autoscaling: WorkerAutoscaling.keda({ minReplicas: 1, maxReplicas: 10, cooldownPeriod: Duration.minutes(5) }),
          gracePeriod: Duration.minutes(30),
          longestTaskDuration: Duration.minutes(25),
        },
        // Queued work survives a Redis restart instead of waiting out task_queued_timeout.
        broker: CeleryBroker.embeddedRedis({ persistence: { size: '1Gi' } }),
      }),
      database: MetadataDatabase.external({
        connection: fromVault('sql_alchemy_conn', 'database'),
        autoscalerConnection: fromVault('libpq_conn', 'database'),
      }),
      secrets: {
        fernetKey: fromVault('fernet_key', 'keys'),
        apiSecretKey: fromVault('api_secret_key', 'keys'),
        jwtSecret: fromVault('jwt_secret', 'keys'),
      },
      // FAB: users, roles and permissions in the database (the simple auth manager is for
      // development); the first admin's password comes from the secret manager.
      auth: AirflowAuth.fab({ admin: { email: 'airflow-admins@example.com', password: fromVault('admin_password', 'keys') } }),
      dags: DagSource.gitSync({
        repo: 'git@github.com:example-org/airflow-dags.git',
        ref: 'main',
        subPath: 'dags',
        auth: GitAuth.ssh({ secretName: 'airflow-git-ssh', privateKeyKey: 'ssh', knownHostsKey: 'known_hosts' }),
      }),
      // Every pod that writes or reads task logs runs as the IAM role of the log bucket (EKS IRSA):
      // no credential at all, in the cluster or in the secret manager. STS is reached over HTTPS,
      // which the objectStorage egress below allows.
      logs: TaskLogs.remote({
        connectionId: 'aws_logs',
        baseLogFolder: 's3://example-org-airflow-logs/production',
        credentials: RemoteLogCredentials.workloadIdentity({
          identity: WorkloadIdentity.awsIrsa({ roleArn: 'arn:aws:iam::123456789012:role/airflow-production-logs' }),
        }),
      }),
      ingress: {
        host: 'airflow.example.com',
        tlsSecretName: 'airflow-example-com-tls',
        className: 'nginx',
        annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
      },
      availability: { podDisruptionBudgets: true },
      apiServer: { replicas: 2 },
      scheduler: { replicas: 2 },
      triggerer: { replicas: 2 },
      networkPolicies: {
        egress: {
          database: [{ cidr: '10.20.0.0/24', ports: [5432] }],
          // S3 has no fixed addresses: HTTPS anywhere, or your VPC endpoint's range.
          objectStorage: [{ cidr: '0.0.0.0/0', ports: [443] }],
          git: [{ cidr: '140.82.112.0/20', ports: [22] }],
          // The API server's endpoints (kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes),
          // and the kubernetes Service's ClusterIP for CNIs that match before translating it.
          kubernetesApi: [
            { cidr: '10.20.0.10/32', ports: [6443] },
            { cidr: '10.20.0.11/32', ports: [6443] },
            { cidr: '10.96.0.1/32', ports: [443] },
          ],
        },
      },
      metrics: { serviceMonitor: true },
      pgbouncer: {
        server: { host: 'airflow-db.example.internal', database: 'airflow', user: 'airflow', password: fromVault('db_password', 'database') },
      },
      taskPods: { families: exampleTaskPodFamilies() },
      cleanup: { database: { retentionDays: 90 } },
    });
  }
}
