/** Resolves the metadata database: the embedded PostgreSQL or an external connection. */
import { ValidationProblems, show } from '../errors';
import { MetadataDatabase } from '../model/database';
import { POSTGRES_DEFAULT_IMAGE, POSTGRES_DEFAULT_RESOURCES, POSTGRES_DEFAULT_STORAGE } from '../model/defaults';
import { ResolvedResources } from '../model/resources';
import { AirflowSecret } from '../model/secrets';
import { checkImage, isDnsSubdomain } from './checks';
import { InstanceSecrets } from './instance-wiring';
import { checkStorageSize, resolveResources, validateResources } from './resources';
import { ResolvedSecret, checkSecret, resolveSecret } from './secrets';

/** Resolved settings of the embedded database. */
export interface PostgresqlOptions {
  readonly image: string;
  readonly storage: string;
  readonly storageClassName?: string;
  readonly resources: ResolvedResources;
  readonly password: ResolvedSecret;
}

/** The metadata database, resolved. */
export interface ResolvedDatabase {
  /** The embedded PostgreSQL, when the database is embedded. */
  readonly postgres?: PostgresqlOptions;
  /** The embedded database's password or the external connection URI. */
  readonly secret: InstanceSecrets['database'];
  /** Whether the database is external (its connection URI is opaque here). */
  readonly external: boolean;
}

/** Resolves the `database` prop. */
export function resolveDatabase(problems: ValidationProblems, database: MetadataDatabase, instance: string): ResolvedDatabase {
  if (database.kind === 'external') {
    checkSecret(problems, 'database.connection', database.props.connection, false);
    const secret = resolveSecret(database.props.connection, instance, `${instance}-metadata-db`, 'connection', 'hex-token');
    return { secret: { kind: 'connection', secret }, external: true };
  }
  const password = database.props.password ?? AirflowSecret.generated();
  checkSecret(problems, 'database.password', password, true);
  const image = database.props.image ?? POSTGRES_DEFAULT_IMAGE;
  checkImage(problems, 'database.image', image);
  const storage = database.props.storage ?? POSTGRES_DEFAULT_STORAGE;
  checkStorageSize(problems, 'database.storage', storage, '8Gi');
  if (database.props.storageClassName !== undefined && !isDnsSubdomain(database.props.storageClassName)) {
    problems.add('database.storageClassName', `must be a StorageClass name (lowercase RFC 1123 subdomain), got ${show(database.props.storageClassName)}`);
  }
  const resources = resolveResources(POSTGRES_DEFAULT_RESOURCES, database.props.resources);
  validateResources(resources, 'database.resources', problems);
  const secret = resolveSecret(password, instance, `${instance}-postgresql`, 'password', 'hex-token');
  return {
    secret: { kind: 'embedded-password', secret },
    external: false,
    postgres: { image, storage, storageClassName: database.props.storageClassName, resources, password: secret },
  };
}

/**
 * The connection KEDA reads from the worker's env (external database only): a separate libpq
 * Secret when given, else the connection itself.
 */
export function resolveAutoscalerConnection(
  problems: ValidationProblems,
  database: MetadataDatabase,
  resolved: ResolvedDatabase,
  instance: string,
  /** Whether KEDA scales the workers: it is the only reader of the autoscaler connection. */
  usesKeda: boolean,
): { autoscalerConnection?: ResolvedSecret; kedaConnection?: ResolvedSecret } {
  if (database.kind !== 'external') return {};
  let autoscalerConnection: ResolvedSecret | undefined;
  if (database.props.autoscalerConnection && !usesKeda) {
    problems.add('database.autoscalerConnection', 'does nothing without KEDA autoscaling (executor: new CeleryExecutor({ workers: { autoscaling: WorkerAutoscaling.keda(...) } })), the only reader of this connection: remove it');
  } else if (database.props.autoscalerConnection) {
    checkSecret(problems, 'database.autoscalerConnection', database.props.autoscalerConnection, false);
    autoscalerConnection = resolveSecret(database.props.autoscalerConnection, instance, `${instance}-metadata-db`, 'libpq-connection', 'hex-token');
  }
  return { autoscalerConnection, kedaConnection: autoscalerConnection ?? resolved.secret.secret };
}
