/** PgBouncer between Airflow and the metadata database. */
import { ComputeResources } from './resources';
import { AirflowSecret } from './secrets';

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
  /** That user's password, from a Secret; any characters work (Airflow's URL percent-encodes it). */
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
