/**
 * A main.ts for your own Airflow: one KubernetesExecutor deployment with Spark and Python task
 * pods, an external database, DAGs from Git over SSH, and task logs in S3 reached through IRSA.
 * (README "Use it for your own Airflow" shows this file as main.ts; examples/own-airflow.ts is the
 * same file, compiled and tested.)
 */
import { App, Chart } from 'cdk8s';
import { Airflow, AirflowSecret, DagSource, GitAuth, KubernetesExecutor, MetadataDatabase, RemoteLogCredentials, TaskLogs, TaskPodPresets, WorkloadIdentity, runSynth } from '../lib';

/** Your app: every chart `npm run synth` writes to dist/ (here one, dist/analytics/). */
export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'analytics', { namespace: 'analytics', disableResourceNameHashes: true });
  new Airflow(chart, 'airflow', {
    instance: 'analytics',
    image: 'registry.example.com/data/airflow:3.3.2-1',
    imagePullSecrets: ['registry-credentials'],
    executor: new KubernetesExecutor({
      taskPod: { resources: { memory: '512Mi', memoryLimit: '2Gi' } },
    }),
    database: MetadataDatabase.external({ connection: AirflowSecret.fromExisting('analytics-db', 'sql_alchemy_conn') }),
    dags: DagSource.gitSync({
      repo: 'git@github.com:example-org/analytics-dags.git',
      ref: 'main',
      subPath: 'dags',
      auth: GitAuth.ssh({ secretName: 'analytics-git-ssh', knownHostsKey: 'known_hosts' }),
    }),
    // Every pod that writes or reads task logs runs as the IAM role of the log bucket (EKS IRSA).
    logs: TaskLogs.remote({
      connectionId: 'aws_default',
      baseLogFolder: 's3://example-org-airflow-logs/analytics',
      credentials: RemoteLogCredentials.workloadIdentity({
        identity: WorkloadIdentity.awsIrsa({ roleArn: 'arn:aws:iam::123456789012:role/analytics-airflow-logs' }),
      }),
    }),
    scheduler: { replicas: 2 },
    taskPods: {
      families: [
        TaskPodPresets.spark({ sparkConf: { 'spark.executor.instances': '4', 'spark.executor.cores': '2' } }),
        TaskPodPresets.python({ resources: { memory: '512Mi' } }),
      ],
    },
  });
  return app;
}

if (require.main === module) runSynth(buildApp);
