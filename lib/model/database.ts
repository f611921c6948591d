/**
 * The Airflow metadata database: an embedded PostgreSQL (default, so a fresh cluster needs no
 * outside service) or an external database reached through a connection URI held in a Secret.
 */
import { ComputeResources } from './resources';
import { AirflowSecret } from './secrets';

/** Settings of the embedded PostgreSQL StatefulSet. */
export interface EmbeddedPostgresProps {
  /**
   * The official `postgres` image, pinned.
   *
   * @default 'postgres:17.5'
   */
  readonly image?: string;

  /**
   * Size of the data volume.
   *
   * @default '8Gi'
   */
  readonly storage?: string;

  /**
   * StorageClass of the data volume.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * Password of the `airflow` database user. Any characters work: Airflow gets the connection URL
   * from a command that percent-encodes the password, PgBouncer quotes it, and KEDA reads it on
   * its own.
   *
   * @default AirflowSecret.generated()
   */
  readonly password?: AirflowSecret;

  /**
   * CPU and memory of the database container.
   *
   * @default - 100m / 256Mi requested, 1Gi memory limit
   */
  readonly resources?: ComputeResources;
}

/** An existing database Airflow connects to. */
export interface ExternalDatabaseProps {
  /**
   * SQLAlchemy connection URI, e.g. `postgresql+psycopg2://user:pass@host:5432/airflow`, read from
   * an existing Secret: `AirflowSecret.fromExisting('airflow-db', 'uri')`. It cannot be generated.
   */
  readonly connection: AirflowSecret;

  /**
   * A libpq URI (`postgresql://user:pass@host:5432/airflow?sslmode=require`, no `+driver`) for
   * KEDA's PostgreSQL trigger, when `connection` uses a SQLAlchemy driver suffix.
   *
   * @default - `connection`, which must then be a plain `postgresql://` URI
   */
  readonly autoscalerConnection?: AirflowSecret;
}

/** Where the metadata database lives. */
export type MetadataDatabase = EmbeddedPostgres | ExternalDatabase;

/** Factories for `MetadataDatabase`. */
export const MetadataDatabase = {
  /** A PostgreSQL StatefulSet deployed with Airflow. */
  embedded(props: EmbeddedPostgresProps = {}): EmbeddedPostgres {
    return new EmbeddedPostgres(props);
  },
  /** A database managed elsewhere (a cloud service, an operator, another team). */
  external(props: ExternalDatabaseProps): ExternalDatabase {
    return new ExternalDatabase(props);
  },
};

/** See `MetadataDatabase.embedded()`. */
export class EmbeddedPostgres {
  public readonly kind = 'embedded';
  constructor(public readonly props: EmbeddedPostgresProps = {}) {}
}

/** See `MetadataDatabase.external()`. */
export class ExternalDatabase {
  public readonly kind = 'external';
  constructor(public readonly props: ExternalDatabaseProps) {}
}
