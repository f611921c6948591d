/**
 * How the pods that write and read remote logs authenticate to the log store, as a typed choice:
 * an Airflow connection from a Secret, or the pods' workload identity, which the cloud grants to
 * their ServiceAccounts (no secret anywhere).
 */
import { AirflowSecret } from './secrets';

/** AWS IAM Roles for Service Accounts: the role is named on each ServiceAccount. */
export interface AwsIrsaProps {
  /** The IAM role the pods assume, e.g. `arn:aws:iam::123456789012:role/airflow-logs`. */
  readonly roleArn: string;
}

/** GKE Workload Identity: the Google service account is named on each ServiceAccount. */
export interface GkeWorkloadIdentityProps {
  /** The Google service account, e.g. `airflow-logs@my-project.iam.gserviceaccount.com`. */
  readonly serviceAccount: string;
}

/** Azure Workload Identity: the managed identity or app registration the pods federate with. */
export interface AzureWorkloadIdentityProps {
  /** Client id of the identity. */
  readonly clientId: string;
  /** Tenant id, when it is not the cluster's default. @default - the webhook's default tenant */
  readonly tenantId?: string;
}

/** A cloud identity granted to the ServiceAccounts of the pods that read and write logs. */
export class WorkloadIdentity {
  /** AWS IRSA: pods exchange their projected token at STS (HTTPS; declare it in `egress.objectStorage`). */
  public static awsIrsa(props: AwsIrsaProps): WorkloadIdentity {
    return new WorkloadIdentity('aws-irsa', props);
  }

  /**
   * EKS Pod Identity: the association is made in the EKS API for each ServiceAccount name (no
   * annotation); pods fetch credentials from the node's Pod Identity agent at 169.254.170.23:80.
   */
  public static eksPodIdentity(): WorkloadIdentity {
    return new WorkloadIdentity('eks-pod-identity', {});
  }

  /** GKE Workload Identity: pods get tokens from the GKE metadata server (169.254.169.254:80, 169.254.169.252:988). */
  public static gke(props: GkeWorkloadIdentityProps): WorkloadIdentity {
    return new WorkloadIdentity('gke', props);
  }

  /** Azure Workload Identity: pods exchange their projected token at Microsoft Entra ID (HTTPS; declare it in `egress.objectStorage`). */
  public static azure(props: AzureWorkloadIdentityProps): WorkloadIdentity {
    return new WorkloadIdentity('azure', props);
  }

  private constructor(
    /** Which cloud mechanism. */
    public readonly provider: 'aws-irsa' | 'eks-pod-identity' | 'gke' | 'azure',
    /** Its settings. */
    public readonly props: Partial<AwsIrsaProps & GkeWorkloadIdentityProps & AzureWorkloadIdentityProps>,
  ) {}
}

/** Settings of workload identity credentials. */
export interface WorkloadIdentityCredentialsProps {
  /** The cloud identity granted to the pods' ServiceAccounts. */
  readonly identity: WorkloadIdentity;
  /**
   * A connection URI without secrets for the log connection id, set as plain env
   * `AIRFLOW_CONN_<ID>` where logs are written and read, e.g. `google-cloud-platform://` or
   * `wasb://?extra__wasb__account_name=acme`. Credentials in it are rejected.
   *
   * @default - the connection id must resolve elsewhere (AWS hooks fall back to the default
   * credential chain when the connection does not exist)
   */
  readonly connectionUri?: string;
}

/** The connection is an `AIRFLOW_CONN_<ID>` URI read from a Secret. */
export class ConnectionCredentials {
  public readonly kind = 'connection';
  constructor(public readonly secret: AirflowSecret) {}
}

/** The pods' workload identity. */
export class WorkloadIdentityCredentials {
  public readonly kind = 'workload-identity';
  constructor(public readonly props: WorkloadIdentityCredentialsProps) {}
}

/** The connection comes from a secrets backend or `config`; nothing is added. */
export class CredentialsDefinedElsewhere {
  public readonly kind = 'defined-elsewhere';
}

/** How remote logging authenticates. */
export type RemoteLogCredentials = ConnectionCredentials | WorkloadIdentityCredentials | CredentialsDefinedElsewhere;

/** Factories for `RemoteLogCredentials`. */
export const RemoteLogCredentials = {
  /** The connection URI in a Secret, exposed as `AIRFLOW_CONN_<ID>` where logs are written and read. */
  connection(secret: AirflowSecret): ConnectionCredentials {
    return new ConnectionCredentials(secret);
  },
  /** The pods' cloud workload identity: no secret; the ServiceAccounts carry the identity. */
  workloadIdentity(props: WorkloadIdentityCredentialsProps): WorkloadIdentityCredentials {
    return new WorkloadIdentityCredentials(props);
  },
  /** The connection is defined in a secrets backend or `config`. */
  definedElsewhere(): CredentialsDefinedElsewhere {
    return new CredentialsDefinedElsewhere();
  },
};
