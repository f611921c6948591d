/** The facts every component of one instance shares, resolved from the props. */
import { AirflowSettings } from '../model/config';
import { DagSource } from '../model/dags';
import { Executor } from '../model/executor';
import { TaskLogs } from '../model/logs';
import { AirflowVersion } from '../model/version';
import { ResolvedAuth } from './auth';
import { ResolvedLocalLogs } from './logs';
import { ResolvedSecret } from './secrets';

/** The secrets of one instance, resolved to Secret names and keys. */
export interface InstanceSecrets {
  readonly fernetKey: ResolvedSecret;
  readonly apiSecretKey: ResolvedSecret;
  readonly jwtSecret?: ResolvedSecret;
  /** Either the embedded database password or the external connection URI. */
  readonly database: { readonly kind: 'embedded-password' | 'connection'; readonly secret: ResolvedSecret };
  /** Either the embedded Redis password or the external broker URL (with CeleryExecutor only). */
  readonly broker?: { readonly kind: 'embedded-password' | 'url'; readonly secret: ResolvedSecret };
}

/** Everything the context is derived from. */
export interface WiringInput {
  readonly instance: string;
  readonly namespace: string;
  readonly version: AirflowVersion;
  readonly image: string;
  readonly imagePullSecrets: readonly string[];
  /** The executors in `[core] executor` order; the first is the default. */
  readonly executors: readonly Executor[];
  /** `[core] executor`, e.g. `CeleryExecutor,KubernetesExecutor`. */
  readonly executorSetting: string;
  readonly secrets: InstanceSecrets;
  readonly userSettings: AirflowSettings;
  /** How users log in to the UI: auth manager settings and the passwords Secret. */
  readonly auth: ResolvedAuth;
  readonly celeryConcurrency?: number;
  readonly dags: DagSource;
  readonly logs: TaskLogs;
  /** How log files on each pod's disk are bounded. */
  readonly localLogs: ResolvedLocalLogs;
  /** Remote log connection, when logs go to remote storage with a connection in a Secret. */
  readonly logConnection?: ResolvedSecret;
  /** Remote log connection without secrets (workload identity), set as plain env. */
  readonly logConnectionUri?: string;
  /** Connection KEDA reads (external database only). */
  readonly autoscalerConnection?: ResolvedSecret;
  /** PgBouncer between Airflow and the database: the user, database and password it is reached with. */
  readonly pooler?: { readonly user: string; readonly database: string; readonly password: ResolvedSecret };
  /** Whether metrics go to the StatsD exporter. */
  readonly statsd: boolean;
  /** External URL of the UI, when an Ingress exposes it. */
  readonly baseUrl?: string;
  /** Proxies the HTTP server trusts to forward client details, when an Ingress exposes it. */
  readonly trustedProxies?: readonly string[];
}

/** Every secret an instance reads, each once, in a stable order. */
export function secretsOf(input: WiringInput): ResolvedSecret[] {
  const secrets = [
    input.secrets.fernetKey,
    input.secrets.apiSecretKey,
    ...(input.secrets.jwtSecret ? [input.secrets.jwtSecret] : []),
    input.secrets.database.secret,
    ...(input.secrets.broker ? [input.secrets.broker.secret] : []),
    ...(input.logConnection ? [input.logConnection] : []),
    ...(input.autoscalerConnection ? [input.autoscalerConnection] : []),
    ...(input.auth.passwords ? [input.auth.passwords] : []),
    ...(input.auth.fabAdmin ? [input.auth.fabAdmin.password] : []),
  ];
  // An external server's password is a secret of its own; the embedded one is already listed.
  if (input.pooler && !secrets.includes(input.pooler.password)) secrets.push(input.pooler.password);
  return secrets;
}
