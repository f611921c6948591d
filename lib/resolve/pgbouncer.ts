/** Resolves and checks the PgBouncer settings. */
import { ValidationProblems, show } from '../errors';
import { PGBOUNCER_DEFAULT_IMAGE, PGBOUNCER_DEFAULT_RESOURCES } from '../model/defaults';
import { PgBouncerProps } from '../model/pgbouncer';
import { ResolvedResources } from '../model/resources';
import { POSTGRES_DATABASE, POSTGRES_PORT } from './addresses';
import { checkImage, checkInteger, isDnsSubdomain } from './checks';
import { checkPort, isIpAddress } from './k8s-rules';
import { resolveResources, validateResources } from './resources';
import { ResolvedSecret, checkSecret, resolveSecret } from './secrets';

/** What PgBouncer connects to when no server is given. */
export interface PgBouncerDefaults {
  readonly instance: string;
  /** Whether the database is external (a server must then be given). */
  readonly external: boolean;
  readonly embeddedHost: string;
  readonly embeddedPassword: ResolvedSecret;
}

/** Fills in PgBouncer defaults and records every problem. */
export function resolvePgBouncer(problems: ValidationProblems, props: PgBouncerProps, defaults: PgBouncerDefaults): ResolvedPgBouncer {
  const server = props.server;
  if (defaults.external && !server) {
    problems.add('pgbouncer.server', 'is required with an external database: give its host, database, user and password (the connection URI is a Secret this library cannot read)');
  } else if (!defaults.external && server) {
    problems.add('pgbouncer.server', 'does nothing with the embedded database, which PgBouncer finds by itself: remove it');
  }
  if (server && defaults.external) {
    if (!isDnsSubdomain(server.host) && !isIpAddress(server.host)) problems.add('pgbouncer.server.host', `must be a host name or IP address, got ${show(server.host)}`);
    if (server.port !== undefined) checkPort(problems, 'pgbouncer.server.port', server.port);
    if (!/^[A-Za-z0-9_]+$/.test(server.database ?? '')) problems.add('pgbouncer.server.database', `must be a database name (letters, digits, _), got ${show(server.database)}`);
    if (!/^[A-Za-z0-9_.-]+$/.test(server.user ?? '')) problems.add('pgbouncer.server.user', `must be a user name, got ${show(server.user)}`);
    checkSecret(problems, 'pgbouncer.server.password', server.password, false);
  }
  const image = props.image ?? PGBOUNCER_DEFAULT_IMAGE;
  checkImage(problems, 'pgbouncer.image', image);
  const resources = resolveResources(PGBOUNCER_DEFAULT_RESOURCES, props.resources);
  validateResources(resources, 'pgbouncer.resources', problems);
  const replicas = props.replicas ?? 1;
  checkInteger(problems, 'pgbouncer.replicas', replicas, 1);
  const poolSize = props.poolSize ?? 20;
  checkInteger(problems, 'pgbouncer.poolSize', poolSize, 1);
  const maxClientConnections = props.maxClientConnections ?? 250;
  checkInteger(problems, 'pgbouncer.maxClientConnections', maxClientConnections, 1);

  const common = { image, resources, replicas, poolSize, maxClientConnections };
  if (defaults.external && server) {
    return {
      ...common,
      host: server.host,
      port: server.port ?? 5432,
      database: server.database,
      user: server.user,
      password: resolveSecret(server.password, defaults.instance, `${defaults.instance}-pgbouncer`, 'password', 'hex-token'),
      sslMode: server.sslMode ?? 'require',
    };
  }
  return {
    ...common,
    host: defaults.embeddedHost,
    port: POSTGRES_PORT,
    database: POSTGRES_DATABASE,
    user: POSTGRES_DATABASE,
    password: defaults.embeddedPassword,
    sslMode: 'disable',
  };
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
