/** Who a container image expects to run as: the identities of the images this library knows. */

/** The identity a container image expects to run as. */
export interface RunAsIdentity {
  /** UID of the main process. */
  readonly user: number;
  /** GID of the main process. */
  readonly group: number;
  /** GID that owns mounted volumes. */
  readonly fsGroup: number;
}

/** The official `apache/airflow` image: user `airflow` (50000) in group root (0). */
export const AIRFLOW_IDENTITY: RunAsIdentity = { user: 50000, group: 0, fsGroup: 0 };

/** The official `postgres` and `redis` images: their own user, UID and GID 999. */
export const DEBIAN_SERVICE_IDENTITY: RunAsIdentity = { user: 999, group: 999, fsGroup: 999 };
