/**
 * The wiring every component of one Airflow instance shares: names, labels, image, the env that
 * carries secrets, and the config file. Built once by the `Airflow` construct, read by components.
 */
import { k8s } from 'cdk8s-plus-27';
import { ComponentName, InstanceLabels } from '../labels';
import { DagSource } from '../model/dags';
import { Executor } from '../model/executor';
import { TaskLogs } from '../model/logs';
import { AirflowCapabilities, AirflowVersion } from '../model/version';
import { componentName } from '../resolve/addresses';
import { ResolvedLocalLogs } from '../resolve/logs';
import { ResolvedSecret } from '../resolve/secrets';
import { DagDelivery } from './dags/dag-delivery';

/** Shared, read-only facts about one Airflow instance. */
export interface AirflowContext {
  /** Instance name: prefix of every object name, value of `app.kubernetes.io/instance`. */
  readonly instance: string;
  /** Namespace of every object. */
  readonly namespace: string;
  /** The Airflow release. */
  readonly version: AirflowVersion;
  /** What this Airflow release needs. */
  readonly capabilities: AirflowCapabilities;
  /** The Airflow image, pinned. */
  readonly image: string;
  /** Names of Secrets used to pull images. */
  readonly imagePullSecrets: readonly string[];
  /** Label factory. */
  readonly labels: InstanceLabels;
  /** The default executor: the only one, or the first of a list. */
  readonly executor: Executor;
  /** Every executor, in `[core] executor` order (the first is the default). */
  readonly executors: readonly Executor[];
  /** Name of the ConfigMap holding `airflow.cfg`. */
  readonly configMapName: string;
  /** The rendered `airflow.cfg`. */
  readonly airflowCfg: string;
  /** Hash of `airflow.cfg`, put on pod templates so a config change rolls the pods. */
  readonly configHash: string;
  /** Env every Airflow container gets: secrets as references, and URLs composed from them. */
  readonly airflowEnv: readonly k8s.EnvVar[];
  /** Env with the Celery broker URL, only for components that use the broker. */
  readonly brokerEnv: readonly k8s.EnvVar[];
  /** The same env with a direct database connection, for migrations (never through a pooler). */
  readonly migrationEnv: readonly k8s.EnvVar[];
  /**
   * Env of executor task pods. On Airflow 3 only the remote log connection: no database URL,
   * fernet key, API secret key or JWT secret. On Airflow 2 tasks use the database: `airflowEnv`.
   */
  readonly taskEnv: readonly k8s.EnvVar[];
  /** Every secret this instance reads, with its source. */
  readonly secrets: readonly ResolvedSecret[];
  /** Where DAG files come from. */
  readonly dags: DagSource;
  /** The volumes and git-sync containers that deliver DAGs to DAG-reading pods. */
  readonly dagDelivery: DagDelivery;
  /** Where task logs go. */
  readonly logs: TaskLogs;
  /** How log files on each pod's disk are bounded (size limit, retention). */
  readonly localLogs: ResolvedLocalLogs;
  /** Proxies the HTTP server trusts to forward client details (behind an Ingress). */
  readonly trustedProxies?: readonly string[];
}

/** Object metadata with name, namespace and the recommended labels. */
export function metadataFor(ctx: AirflowContext, component: ComponentName, name?: string): k8s.ObjectMeta {
  return {
    name: name ?? componentName(ctx, component),
    namespace: ctx.namespace,
    labels: ctx.labels.of(component),
  };
}

/** An env var read from a key of a Secret. */
export function envFromSecret(name: string, secret: ResolvedSecret): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secret.secretName, key: secret.key } } };
}
