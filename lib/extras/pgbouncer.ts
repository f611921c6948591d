/**
 * PgBouncer between Airflow and the metadata database: many short-lived Airflow connections
 * share a small pool of server connections. The password never enters a manifest: the users file
 * is written from a Secret-backed env var when the container starts.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AirflowContext, InstanceNames, componentName, envFromSecret, metadataFor } from '../context';
import { shortHash } from '../hash';
import { ComputeResources, ResolvedResources, toResourceRequirements } from '../resources';
import { AirflowSecret, ResolvedSecret } from '../secrets';
import { componentDeployment, componentService, servicePodSpec } from '../components/workloads';

/** PgBouncer's port. */
export const PGBOUNCER_PORT = 6432;
/** The image the official Airflow chart uses, pinned. */
export const PGBOUNCER_DEFAULT_IMAGE = 'apache/airflow:airflow-pgbouncer-2025.03.05-1.23.1';
/** Resources used when none are given. */
export const PGBOUNCER_DEFAULT_RESOURCES: ResolvedResources = { cpu: '50m', memory: '64Mi', memoryLimit: '256Mi' };
const NOBODY = { user: 65534, group: 65534, fsGroup: 65534 };
const CONF_DIR = '/etc/pgbouncer';
const RUN_DIR = '/tmp/pgbouncer';

/** The database server PgBouncer connects to, when the database is external. */
export interface PgBouncerServer {
  /** Host name of the database server. */
  readonly host: string;
  /** Port. @default 5432 */
  readonly port?: number;
  /** Database name. */
  readonly database: string;
  /** User Airflow connects as. */
  readonly user: string;
  /** That user's password, from a Secret; it must be URL-safe (it is embedded in a URI). */
  readonly password: AirflowSecret;
  /** TLS towards the server. @default 'require' */
  readonly sslMode?: 'disable' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
}

/** Settings of PgBouncer. */
export interface PgBouncerProps {
  /**
   * The server to pool, required with an external database (its connection URI is opaque here).
   *
   * @default - the embedded PostgreSQL
   */
  readonly server?: PgBouncerServer;
  /** Server connections per database and user. @default 20 */
  readonly poolSize?: number;
  /** Client connections PgBouncer accepts. @default 250 */
  readonly maxClientConnections?: number;
  /** Number of PgBouncer pods. @default 1 */
  readonly replicas?: number;
  /** Image, pinned. @default 'apache/airflow:airflow-pgbouncer-2025.03.05-1.23.1' */
  readonly image?: string;
  /** CPU and memory. @default - 50m / 64Mi requested, 256Mi memory limit */
  readonly resources?: ComputeResources;
}

/** Everything PgBouncer is built from, resolved. */
export interface ResolvedPgBouncer {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: ResolvedSecret;
  readonly sslMode: string;
  readonly poolSize: number;
  readonly maxClientConnections: number;
  readonly replicas: number;
  readonly image: string;
  readonly resources: ResolvedResources;
}

/** The SQLAlchemy URI Airflow uses to reach the database through PgBouncer. */
export function pgbouncerConnectionUri(ctx: InstanceNames, user: string, database: string, passwordEnv: string): string {
  return `postgresql+psycopg2://${user}:$(${passwordEnv})@${componentName(ctx, 'pgbouncer')}.${ctx.namespace}:${PGBOUNCER_PORT}/${database}`;
}

/** `pgbouncer.ini`: no secrets, the users file is written at start-up. */
export function pgbouncerIni(options: ResolvedPgBouncer): string {
  return [
    '[databases]',
    `${options.database} = host=${options.host} port=${options.port} dbname=${options.database}`,
    '',
    '[pgbouncer]',
    'listen_addr = *',
    `listen_port = ${PGBOUNCER_PORT}`,
    'unix_socket_dir =',
    `auth_file = ${RUN_DIR}/users.txt`,
    'auth_type = scram-sha-256',
    // Airflow sessions are short transactions; the migration Job connects directly.
    'pool_mode = transaction',
    `default_pool_size = ${options.poolSize}`,
    `max_client_conn = ${options.maxClientConnections}`,
    `server_tls_sslmode = ${options.sslMode}`,
    'ignore_startup_parameters = extra_float_digits',
    'server_idle_timeout = 60',
    '',
  ].join('\n');
}

/** PgBouncer's ConfigMap, Deployment, Service and ServiceAccount. */
export class PgBouncer extends Construct {
  public readonly deployment: k8s.KubeDeployment;

  constructor(scope: Construct, id: string, ctx: AirflowContext, options: ResolvedPgBouncer) {
    super(scope, id);
    const name = componentName(ctx, 'pgbouncer');
    const ini = pgbouncerIni(options);
    new k8s.KubeServiceAccount(this, 'service-account', { metadata: metadataFor(ctx, 'pgbouncer'), automountServiceAccountToken: false });
    new k8s.KubeConfigMap(this, 'config', { metadata: metadataFor(ctx, 'pgbouncer'), data: { 'pgbouncer.ini': ini } });
    const tcp = { tcpSocket: { port: k8s.IntOrString.fromString('pgbouncer') }, timeoutSeconds: 5 };
    // The users file holds the password in PgBouncer's quoted format; it lives in memory only.
    const start = `umask 077 && printf '"%s" "%s"\\n' "$PGBOUNCER_USER" "$PGBOUNCER_PASSWORD" > ${RUN_DIR}/users.txt && exec pgbouncer ${CONF_DIR}/pgbouncer.ini`;
    this.deployment = componentDeployment(this, 'deployment', ctx, 'pgbouncer', {
      replicas: options.replicas,
      annotations: { 'checksum/config': shortHash(ini) },
      podSpec: servicePodSpec(
        ctx,
        'pgbouncer',
        NOBODY,
        [
          {
            name: 'pgbouncer',
            image: options.image,
            imagePullPolicy: 'IfNotPresent',
            command: ['sh', '-c', start],
            env: [{ name: 'PGBOUNCER_USER', value: options.user }, envFromSecret('PGBOUNCER_PASSWORD', options.password)],
            ports: [{ name: 'pgbouncer', containerPort: PGBOUNCER_PORT, protocol: 'TCP' }],
            resources: toResourceRequirements(options.resources),
            livenessProbe: { ...tcp, periodSeconds: 20, failureThreshold: 3 },
            readinessProbe: { ...tcp, periodSeconds: 10, failureThreshold: 3 },
            volumeMounts: [
              { name: 'config', mountPath: CONF_DIR, readOnly: true },
              { name: 'run', mountPath: RUN_DIR },
            ],
          },
        ],
        [
          { name: 'config', configMap: { name } },
          { name: 'run', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
        ],
      ),
    });
    componentService(this, 'service', ctx, 'pgbouncer', [{ name: 'pgbouncer', port: PGBOUNCER_PORT }]);
  }
}
