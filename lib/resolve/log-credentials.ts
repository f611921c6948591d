/**
 * Resolves how pods authenticate to remote log storage: the connection Secret, or a workload
 * identity with the ServiceAccount annotations, pod labels and link-local endpoints it needs.
 */
import { ValidationProblems } from '../errors';
import { ConnectionCredentials, CredentialsDefinedElsewhere, RemoteLogCredentials, WorkloadIdentity, WorkloadIdentityCredentials } from '../model/log-credentials';
import { RemoteLogsProps } from '../model/logs';
import { EgressEndpoint } from '../model/network-policies';
import { ResolvedSecret, checkSecret, resolveSecret } from './secrets';

/** What a workload identity needs from Kubernetes, resolved. */
export interface ResolvedWorkloadIdentity {
  readonly provider: WorkloadIdentity['provider'];
  /**
   * Annotations every ServiceAccount of a pod that writes or reads logs must carry (api-server,
   * scheduler, DAG processor, triggerer, workers, executor task pods).
   */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  /** Labels the pods themselves must carry (Azure's admission webhook selects pods by label). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Node-local endpoints the pods fetch credentials from; allowed when NetworkPolicies are on. */
  readonly egress: readonly EgressEndpoint[];
}

/** How pods reach the log store, resolved. */
export interface ResolvedLogAccess {
  /** `AIRFLOW_CONN_<ID>` from a Secret. */
  readonly connection?: ResolvedSecret;
  /** `AIRFLOW_CONN_<ID>` as a plain value (a connection without secrets, for workload identity). */
  readonly connectionUri?: string;
  /** The workload identity, when that is how pods authenticate. */
  readonly identity?: ResolvedWorkloadIdentity;
}

/** The GKE metadata server: 169.254.169.254:80, served by the node's gke-metadata-server on 169.254.169.252:988. */
const GKE_METADATA: readonly EgressEndpoint[] = [
  { cidr: '169.254.169.254/32', ports: [80] },
  { cidr: '169.254.169.252/32', ports: [988] },
];

/** The EKS Pod Identity agent on every node (IPv4 and IPv6). */
const EKS_POD_IDENTITY_AGENT: readonly EgressEndpoint[] = [
  { cidr: '169.254.170.23/32', ports: [80] },
  { cidr: 'fd00:ec2::23/128', ports: [80] },
];

/** What a workload identity needs from Kubernetes. */
export function workloadIdentityNeeds(identity: WorkloadIdentity): ResolvedWorkloadIdentity {
  const { provider, props } = identity;
  switch (provider) {
    case 'aws-irsa':
      return { provider, serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': props.roleArn ?? '' }, podLabels: {}, egress: [] };
    case 'eks-pod-identity':
      return { provider, serviceAccountAnnotations: {}, podLabels: {}, egress: EKS_POD_IDENTITY_AGENT };
    case 'gke':
      return { provider, serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': props.serviceAccount ?? '' }, podLabels: {}, egress: GKE_METADATA };
    case 'azure':
      return {
        provider,
        serviceAccountAnnotations: {
          'azure.workload.identity/client-id': props.clientId ?? '',
          ...(props.tenantId ? { 'azure.workload.identity/tenant-id': props.tenantId } : {}),
        },
        podLabels: { 'azure.workload.identity/use': 'true' },
        egress: [],
      };
  }
}

/** Resolves the `logs.credentials` prop of remote logs. */
export function resolveLogAccess(props: RemoteLogsProps, instance: string): ResolvedLogAccess {
  const credentials = props.credentials ?? RemoteLogCredentials.definedElsewhere();
  if (credentials instanceof ConnectionCredentials) {
    return { connection: resolveSecret(credentials.secret, instance, `${instance}-log-connection`, 'uri', 'hex-token') };
  }
  if (credentials instanceof WorkloadIdentityCredentials) {
    return { connectionUri: credentials.props.connectionUri, identity: workloadIdentityNeeds(credentials.props.identity) };
  }
  return {};
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const GOOGLE_SA = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.-]+\.iam\.gserviceaccount\.com$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Checks the `logs.credentials` prop of remote logs. */
export function validateLogCredentials(problems: ValidationProblems, props: RemoteLogsProps): void {
  if ((props as { connection?: unknown }).connection !== undefined) {
    problems.add('logs.connection', 'was replaced by "credentials": use credentials: RemoteLogCredentials.connection(secret)');
  }
  const credentials = props.credentials;
  if (credentials === undefined || credentials instanceof CredentialsDefinedElsewhere) return;
  if (credentials instanceof ConnectionCredentials) {
    checkSecret(problems, 'logs.credentials.secret', credentials.secret, false);
    return;
  }
  if (!(credentials instanceof WorkloadIdentityCredentials)) {
    problems.add('logs.credentials', 'must be created with RemoteLogCredentials.connection(...), .workloadIdentity(...) or .definedElsewhere()');
    return;
  }
  const { identity, connectionUri } = credentials.props;
  if (!(identity instanceof WorkloadIdentity)) {
    problems.add('logs.credentials.identity', 'must be created with WorkloadIdentity.awsIrsa(...), .eksPodIdentity(), .gke(...) or .azure(...)');
    return;
  }
  const where = 'logs.credentials.identity';
  if (identity.provider === 'aws-irsa' && !ROLE_ARN.test(identity.props.roleArn ?? '')) {
    problems.add(`${where}.roleArn`, `must be an IAM role ARN such as "arn:aws:iam::123456789012:role/airflow-logs", got ${JSON.stringify(identity.props.roleArn)}`);
  }
  if (identity.provider === 'gke' && !GOOGLE_SA.test(identity.props.serviceAccount ?? '')) {
    problems.add(`${where}.serviceAccount`, `must be a Google service account email such as "airflow-logs@my-project.iam.gserviceaccount.com", got ${JSON.stringify(identity.props.serviceAccount)}`);
  }
  if (identity.provider === 'azure') {
    if (!UUID.test(identity.props.clientId ?? '')) problems.add(`${where}.clientId`, `must be the identity's client id (a UUID), got ${JSON.stringify(identity.props.clientId)}`);
    if (identity.props.tenantId !== undefined && !UUID.test(identity.props.tenantId)) problems.add(`${where}.tenantId`, `must be a tenant id (a UUID), got ${JSON.stringify(identity.props.tenantId)}`);
  }
  if (connectionUri !== undefined && (typeof connectionUri !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//.test(connectionUri) || /^[a-z][a-z0-9+.-]*:\/\/[^/?#@]*:[^/?#@]*@/.test(connectionUri))) {
    problems.add('logs.credentials.connectionUri', 'must be a connection URI without a password, e.g. "google-cloud-platform://": it is written into the manifests; put connections with secrets in a Secret (RemoteLogCredentials.connection)');
  }
}
