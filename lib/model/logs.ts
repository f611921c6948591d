/**
 * Where task logs go, as a typed choice: remote storage (S3, GCS, ...), a shared ReadWriteMany
 * volume, or the pod's own scratch space (default; gone with the pod). No per-pod claims.
 *
 * Whatever the choice, log files on a pod's own disk are bounded: the emptyDir holding them has a
 * size limit, and a small log groomer sidecar deletes files older than the retention (and the
 * oldest files when the volume gets full), so a node never evicts an Airflow pod for log growth.
 */
import { Duration } from 'cdk8s';
import { RemoteLogCredentials } from './log-credentials';

/** How log files are bounded where they are written. */
export interface LogRetentionProps {
  /**
   * Log files older than this are deleted by the log groomer sidecar (every 5 minutes) in the
   * components that write log files (DAG processor, triggerer, Celery workers; the scheduler on
   * Airflow 2).
   *
   * @default Duration.days(15) - as the official chart's log groomer
   */
  readonly retention?: Duration;
}

/** How logs on each pod's own disk are bounded. */
export interface LocalLogsProps extends LogRetentionProps {
  /**
   * Size limit of the emptyDir holding logs in each Airflow pod. The log groomer keeps usage
   * under 80% of it by deleting the oldest files first, so the kubelet never evicts the pod.
   *
   * @default '5Gi'
   */
  readonly sizeLimit?: string;
}

/** Logs stay in each pod's emptyDir and disappear with it. */
export class EphemeralLogs {
  public readonly kind = 'ephemeral';
  constructor(public readonly props: LocalLogsProps = {}) {}
}

/** Settings of remote task logging. */
export interface RemoteLogsProps extends LocalLogsProps {
  /** Airflow connection id of the log store, e.g. `aws_logs`. */
  readonly connectionId: string;
  /** Where logs are written, e.g. `s3://acme-airflow-logs/prod`. */
  readonly baseLogFolder: string;
  /**
   * How Airflow authenticates to the log store: the connection from a Secret, or the pods'
   * workload identity (IRSA, EKS Pod Identity, GKE Workload Identity, Azure Workload Identity).
   * With NetworkPolicies on, the identity endpoints the choice needs are allowed.
   *
   * @default RemoteLogCredentials.definedElsewhere() - the connection comes from a secrets
   * backend or `config`, and no identity endpoint is opened
   */
  readonly credentials?: RemoteLogCredentials;
}

/** Logs are uploaded to remote storage when a task finishes. */
export class RemoteLogs {
  public readonly kind = 'remote';
  constructor(public readonly props: RemoteLogsProps) {}
}

/** Settings of a shared log volume. */
export interface SharedVolumeLogsProps extends LogRetentionProps {
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
  /** Logs in each pod's own bounded emptyDir (default). */
  ephemeral(props: LocalLogsProps = {}): EphemeralLogs {
    return new EphemeralLogs(props);
  },
  /** Logs uploaded to object storage; the api-server reads them back from there. */
  remote(props: RemoteLogsProps): RemoteLogs {
    return new RemoteLogs(props);
  },
  /** Logs on one ReadWriteMany volume every Airflow pod mounts. */
  sharedVolume(props: SharedVolumeLogsProps = {}): SharedVolumeLogs {
    return new SharedVolumeLogs(props);
  },
};
