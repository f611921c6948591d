/**
 * Where task logs go, as a typed choice: remote storage (S3, GCS, ...), a shared ReadWriteMany
 * volume, or the pod's own scratch space (default; gone with the pod). No per-pod claims.
 */
import { AirflowSecret } from './secrets';

/** Logs stay in each pod's emptyDir and disappear with it. */
export class EphemeralLogs {
  public readonly kind = 'ephemeral';
}

/** Settings of remote task logging. */
export interface RemoteLogsProps {
  /** Airflow connection id of the log store, e.g. `aws_logs`. */
  readonly connectionId: string;
  /** Where logs are written, e.g. `s3://acme-airflow-logs/prod`. */
  readonly baseLogFolder: string;
  /**
   * The connection as a URI in a Secret, exposed as `AIRFLOW_CONN_<ID>`; leave unset when the
   * connection comes from a secrets backend or IAM (IRSA, Workload Identity).
   *
   * @default - the connection is defined elsewhere
   */
  readonly connection?: AirflowSecret;
}

/** Logs are uploaded to remote storage when a task finishes. */
export class RemoteLogs {
  public readonly kind = 'remote';
  constructor(public readonly props: RemoteLogsProps) {}
}

/** Settings of a shared log volume. */
export interface SharedVolumeLogsProps {
  /**
   * An existing claim to use.
   *
   * @default - a claim named `<instance>-logs` is created
   */
  readonly claimName?: string;
  /** Size of the created claim. @default '10Gi' */
  readonly size?: string;
  /** StorageClass of the created claim (it must support ReadWriteMany). @default - the cluster default */
  readonly storageClassName?: string;
  /**
   * Access mode of the created claim. Every Airflow pod writes to it, so it must be
   * `ReadWriteMany`; anything else is rejected.
   *
   * @default 'ReadWriteMany'
   */
  readonly accessMode?: string;
}

/** One ReadWriteMany volume shared by every Airflow pod. */
export class SharedVolumeLogs {
  public readonly kind = 'shared-volume';
  constructor(public readonly props: SharedVolumeLogsProps = {}) {}
}

/** Where task logs go. */
export type TaskLogs = EphemeralLogs | RemoteLogs | SharedVolumeLogs;

/** Factories for `TaskLogs`. */
export const TaskLogs = {
  ephemeral(): EphemeralLogs {
    return new EphemeralLogs();
  },
  remote(props: RemoteLogsProps): RemoteLogs {
    return new RemoteLogs(props);
  },
  sharedVolume(props: SharedVolumeLogsProps = {}): SharedVolumeLogs {
    return new SharedVolumeLogs(props);
  },
};
