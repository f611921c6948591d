/**
 * PgBouncer between Airflow and the metadata database: many short-lived Airflow connections
 * share a small pool of server connections. The password never enters a manifest: the users file
 * is written from a Secret-backed env var when the container starts.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { shortHash } from '../../hash';
import { PGBOUNCER_PORT, componentName } from '../../resolve/addresses';
import { ResolvedPgBouncer } from '../../resolve/pgbouncer';
import { componentDeployment, componentService, servicePodSpec } from '../components/workloads';
import { AirflowContext, envFromSecret, metadataFor } from '../context';
import { toResourceRequirements } from '../resources';

const NOBODY = { user: 65534, group: 65534, fsGroup: 65534 };
const CONF_DIR = '/etc/pgbouncer';
const RUN_DIR = '/tmp/pgbouncer';

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

/**
 * The container's shell command: write the users file from `$PGBOUNCER_USER` and
 * `$PGBOUNCER_PASSWORD`, then start PgBouncer. The file holds the password in PgBouncer's quoted
 * format (a `"` inside is doubled), so any password works; it lives in memory only.
 */
export function pgbouncerStartCommand(runDir: string, ini: string): string {
  const quoted = `"$(printf '%s' "$PGBOUNCER_PASSWORD" | sed 's/"/""/g')"`;
  return `umask 077 && printf '"%s" "%s"\\n' "$PGBOUNCER_USER" ${quoted} > ${runDir}/users.txt && exec pgbouncer ${ini}`;
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
    const start = pgbouncerStartCommand(RUN_DIR, `${CONF_DIR}/pgbouncer.ini`);
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
