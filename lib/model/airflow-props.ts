/**
 * Everything that describes one Airflow deployment: the props of the `Airflow` construct.
 */
import { AirflowAuth } from './auth';
import { CleanupProps } from './cleanup';
import { ComponentProps } from './component';
import { AirflowSettings } from './config';
import { DagSource } from './dags';
import { MetadataDatabase } from './database';
import { Executor, ExecutorList } from './executor';
import { AirflowIngressProps } from './ingress';
import { TaskLogs } from './logs';
import { MetricsProps } from './metrics';
import { NetworkPoliciesProps } from './network-policies';
import { PgBouncerProps } from './pgbouncer';
import { ComputeResources } from './resources';
import { AirflowSecret } from './secrets';
import { TaskPodsProps } from './task-pod-family';
import { AirflowVersion } from './version';

/** The secrets Airflow components share. */
export interface AirflowSecretsProps {
  /**
   * `[core] fernet_key`: encrypts connections and variables in the database.
   *
   * @default AirflowSecret.generated()
   */
  readonly fernetKey?: AirflowSecret;

  /**
   * `[api] secret_key` (`[webserver] secret_key` on Airflow 2): signs sessions and log requests;
   * one value for every replica.
   *
   * @default AirflowSecret.generated()
   */
  readonly apiSecretKey?: AirflowSecret;

  /**
   * `[api_auth] jwt_secret` (Airflow 3): signs the tokens tasks use with the execution API; one
   * value for every api-server, scheduler and task.
   *
   * @default AirflowSecret.generated()
   */
  readonly jwtSecret?: AirflowSecret;
}

/** Settings of the migration Job. */
export interface MigrationProps {
  /**
   * CPU and memory of `airflow db migrate`.
   *
   * @default - 250m / 512Mi requested, 1Gi memory limit
   */
  readonly resources?: ComputeResources;
}

/** Everything that describes one Airflow deployment. */
export interface AirflowProps {
  /**
   * Instance name: prefix of every object name and value of `app.kubernetes.io/instance`.
   * At most 30 characters, so generated Job names stay valid.
   *
   * @default - the construct id
   */
  readonly instance?: string;

  /**
   * Namespace of every object.
   *
   * @default - the chart's namespace, or "airflow"
   */
  readonly namespace?: string;

  /**
   * Airflow release. Its release line (3.3, 3.1 or 2.11) selects what is generated; the full
   * version is the default image tag.
   *
   * @default AirflowVersion.V3_3_2
   */
  readonly version?: AirflowVersion;

  /**
   * Airflow image, pinned to a tag or digest. Use your own image to bake in DAGs and providers.
   *
   * @default - `apache/airflow:<version>`
   */
  readonly image?: string;

  /**
   * Secrets used to pull images.
   *
   * @default - none
   */
  readonly imagePullSecrets?: readonly string[];

  /**
   * How tasks run: one executor, or both as a list whose first is the default (a gradual move
   * from Celery to Kubernetes, see the README). Only what the listed executors need is emitted.
   *
   * @default new CeleryExecutor()
   */
  readonly executor?: Executor | ExecutorList;

  /**
   * The metadata database.
   *
   * @default MetadataDatabase.embedded()
   */
  readonly database?: MetadataDatabase;

  /**
   * Where shared secrets come from.
   *
   * @default - every secret generated inside the cluster
   */
  readonly secrets?: AirflowSecretsProps;

  /**
   * Extra Airflow settings by section and key, as in `airflow.cfg`. Settings derived from other
   * props (executor, database, broker, secrets, URLs, pod template) are rejected.
   *
   * @default - none
   */
  readonly config?: AirflowSettings;

  /**
   * How users log in to the UI (Airflow 3). The simple auth manager's passwords live in one Secret
   * that every api-server replica reads, so logins work whichever pod answers.
   *
   * @default AirflowAuth.simple() - user "admin" (role admin), password generated in the cluster
   */
  readonly auth?: AirflowAuth;

  /**
   * The api-server (webserver on Airflow 2).
   *
   * @default - 1 replica
   */
  readonly apiServer?: ComponentProps;

  /**
   * The scheduler.
   *
   * @default - 1 replica
   */
  readonly scheduler?: ComponentProps;

  /**
   * The standalone DAG processor.
   *
   * @default - 1 replica
   */
  readonly dagProcessor?: ComponentProps;

  /**
   * The triggerer.
   *
   * @default - 1 replica
   */
  readonly triggerer?: ComponentProps;

  /**
   * Named task pod templates (Spark, Hadoop, Python, ...) for KubernetesPodOperator and
   * `executor_config`, and the namespace their pods run in.
   *
   * @default - none; KubernetesExecutor still gets its default template
   */
  readonly taskPods?: TaskPodsProps;

  /**
   * Where DAG files come from.
   *
   * @default DagSource.baked() - in the image at /opt/airflow/dags
   */
  readonly dags?: DagSource;

  /**
   * Where task logs go. KubernetesExecutor without a choice here prints a warning: ephemeral task
   * logs vanish with the task pod (choose `TaskLogs.ephemeral()` explicitly to keep them so,
   * quietly).
   *
   * @default TaskLogs.ephemeral()
   */
  readonly logs?: TaskLogs;

  /**
   * NetworkPolicies derived from the wiring: default deny, then only the connections the
   * components make. Endpoints outside the cluster's pods must be declared.
   *
   * @default - no NetworkPolicies
   */
  readonly networkPolicies?: NetworkPoliciesProps;

  /**
   * An Ingress in front of the api-server; also sets Airflow's external base URL.
   *
   * @default - no Ingress (reach the UI with `kubectl port-forward`)
   */
  readonly ingress?: AirflowIngressProps;

  /**
   * Availability: PodDisruptionBudgets for scheduler, api-server, DAG processor, triggerer and
   * workers (sized per component with `disruptionBudget`). Replicated components always get a
   * preferred anti-affinity across nodes unless they set their own affinity.
   *
   * @default - no PodDisruptionBudgets
   */
  readonly availability?: { readonly podDisruptionBudgets?: boolean };

  /**
   * Metrics: a StatsD exporter Airflow reports to, optionally with a ServiceMonitor.
   *
   * @default - no metrics
   */
  readonly metrics?: MetricsProps;

  /**
   * PgBouncer between Airflow and the metadata database (migrations still connect directly).
   *
   * @default - no PgBouncer
   */
  readonly pgbouncer?: PgBouncerProps;

  /**
   * Housekeeping CronJobs.
   *
   * @default - none
   */
  readonly cleanup?: CleanupProps;

  /**
   * Emit the Namespace object(s) with Pod Security admission enforcing "restricted". Leave off
   * when the namespace is managed elsewhere (a platform team, Argo CD's `CreateNamespace`).
   *
   * @default false
   */
  readonly createNamespace?: boolean;

  /**
   * Annotate objects for Argo CD: sync waves on every object, and the secret bootstrap and
   * migration Jobs as `Sync` hooks. Harmless under `kubectl apply`.
   *
   * @default true
   */
  readonly argoCdAnnotations?: boolean;

  /**
   * The database migration Job.
   *
   * @default - default resources
   */
  readonly migrations?: MigrationProps;
}
