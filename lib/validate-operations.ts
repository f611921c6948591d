/**
 * Checks of the production-operations props: DAG delivery, task logs, NetworkPolicies, Ingress,
 * disruption budgets, autoscaling and cleanup. Each problem names the prop and what would be right.
 */
import { Duration } from 'cdk8s';
import { WorkerAutoscaling, replicaRange } from './autoscaling';
import { DisruptionBudget } from './availability';
import { DagSource, GitSyncDags, VolumeDags } from './dags';
import { ValidationProblems } from './errors';
import { CleanupProps } from './extras/cleanup';
import { TaskLogs, RemoteLogs, SharedVolumeLogs } from './logs';
import { AirflowIngressProps } from './networking/ingress';
import { EgressEndpoint, NetworkPoliciesProps } from './networking/network-policies';
import { isQuantity } from './quantity';
import { checkImage, checkInteger, checkSecret, isDnsSubdomain } from './validation';

const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/;
const CONN_ID = /^[a-z0-9_]+$/;
const CRON = /^(\S+\s+){4}\S+$/;

/** Checks where DAGs come from. */
export function validateDags(problems: ValidationProblems, dags: DagSource): void {
  if (dags instanceof VolumeDags) {
    if (!isDnsSubdomain(dags.props.claimName)) problems.add('dags.claimName', `must be a PersistentVolumeClaim name, got ${JSON.stringify(dags.props.claimName)}`);
  }
  if (!(dags instanceof GitSyncDags)) return;
  const { repo, auth, period, image, subPath } = dags.props;
  if (typeof repo !== 'string' || repo.trim() === '') problems.add('dags.repo', 'must be the Git URL of the DAG repository, e.g. "git@github.com:acme/dags.git"');
  if (image !== undefined) checkImage(problems, 'dags.image', image);
  if (period !== undefined && (period.toSeconds() < 1 || !Number.isInteger(period.toSeconds()))) {
    problems.add('dags.period', `must be a whole number of seconds >= 1, got ${period.toHumanString()}`);
  }
  if (subPath !== undefined && subPath.split('/').includes('..')) problems.add('dags.subPath', `must stay inside the repository, got ${JSON.stringify(subPath)}`);
  if (auth === undefined) return;
  if (!isDnsSubdomain(auth.secretName)) problems.add('dags.auth.secretName', `must be a Secret name, got ${JSON.stringify(auth.secretName)}`);
  if (auth.kind === 'ssh') {
    if (typeof auth.knownHostsKey !== 'string' || auth.knownHostsKey === '') {
      problems.add('dags.auth.knownHostsKey', 'is required with SSH: name the key of the known_hosts file in the Secret (e.g. `ssh-keyscan github.com`), or git-sync would trust any server');
    }
    if (repo?.startsWith('https://')) problems.add('dags.repo', `uses HTTPS but dags.auth is SSH: use the git@host:org/repo.git form or GitAuth.https(...)`);
  }
}

/** Checks where task logs go. */
export function validateLogs(problems: ValidationProblems, logs: TaskLogs): void {
  if (logs instanceof RemoteLogs) {
    if (typeof logs.props.connectionId !== 'string' || !CONN_ID.test(logs.props.connectionId)) {
      problems.add('logs.connectionId', `must be an Airflow connection id (a-z, 0-9, _), got ${JSON.stringify(logs.props.connectionId)}`);
    }
    if (typeof logs.props.baseLogFolder !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/./.test(logs.props.baseLogFolder)) {
      problems.add('logs.baseLogFolder', `must be a URL such as "s3://bucket/prefix" or "gs://bucket/prefix", got ${JSON.stringify(logs.props.baseLogFolder)}`);
    }
    if (logs.props.connection !== undefined) checkSecret(problems, 'logs.connection', logs.props.connection, false);
  }
  if (logs instanceof SharedVolumeLogs) {
    const mode = logs.props.accessMode ?? 'ReadWriteMany';
    if (mode !== 'ReadWriteMany') {
      problems.add('logs.accessMode', `must be "ReadWriteMany": every Airflow pod writes task logs to the shared volume, got ${JSON.stringify(mode)}`);
    }
    if (logs.props.size !== undefined && !isQuantity(logs.props.size)) problems.add('logs.size', `must be a quantity such as "20Gi", got ${JSON.stringify(logs.props.size)}`);
    if (logs.props.claimName !== undefined && !isDnsSubdomain(logs.props.claimName)) problems.add('logs.claimName', `must be a PersistentVolumeClaim name, got ${JSON.stringify(logs.props.claimName)}`);
  }
}

/** Which outside endpoints the wiring needs, and whether they are declared. */
export interface RequiredEgress {
  readonly database: boolean;
  readonly broker: boolean;
  readonly objectStorage: boolean;
  readonly git: boolean;
  /** Components that call the Kubernetes API, for the message. */
  readonly kubernetesApiClients: readonly string[];
}

/** Checks NetworkPolicy props against what the wiring needs. */
export function validateNetworkPolicies(problems: ValidationProblems, props: NetworkPoliciesProps, needs: RequiredEgress): void {
  const egress = props.egress ?? {};
  const require = (declared: readonly EgressEndpoint[] | undefined, key: string, why: string, example: string) => {
    if (!declared || declared.length === 0) problems.add(`networkPolicies.egress.${key}`, `must list the endpoints ${why}, e.g. ${example}; with NetworkPolicies on, anything not listed is blocked`);
  };
  if (needs.database) require(egress.database, 'database', 'of the external database', "[{ cidr: '10.20.0.5/32', ports: [5432] }]");
  if (needs.broker) require(egress.broker, 'broker', 'of the external Celery broker', "[{ cidr: '10.20.0.6/32', ports: [6379] }]");
  if (needs.objectStorage) require(egress.objectStorage, 'objectStorage', 'of the remote log storage', "[{ cidr: '52.216.0.0/15', ports: [443] }]");
  if (needs.git) require(egress.git, 'git', 'of the Git server git-sync pulls DAGs from', "[{ cidr: '140.82.112.0/20', ports: [22] }]");
  if (needs.kubernetesApiClients.length > 0) {
    require(egress.kubernetesApi, 'kubernetesApi', `of the Kubernetes API server (called by ${needs.kubernetesApiClients.join(', ')})`, "[{ cidr: '10.0.0.1/32', ports: [443] }]");
  }
  const all: Array<[string, readonly EgressEndpoint[] | undefined]> = [
    ...Object.entries(egress),
    ['taskEgress', props.taskEgress === 'unrestricted' ? undefined : props.taskEgress],
  ];
  for (const [key, endpoints] of all) {
    (endpoints ?? []).forEach((e, i) => {
      const prop = key === 'taskEgress' ? `networkPolicies.taskEgress[${i}]` : `networkPolicies.egress.${key}[${i}]`;
      if (!CIDR.test(e.cidr)) problems.add(`${prop}.cidr`, `must be a CIDR such as "10.0.0.1/32", got ${JSON.stringify(e.cidr)}`);
      if (!e.ports || e.ports.length === 0) problems.add(`${prop}.ports`, 'must list at least one port');
      for (const p of e.ports ?? []) checkInteger(problems, `${prop}.ports`, p, 1);
    });
  }
}

/** Checks the Ingress. */
export function validateIngress(problems: ValidationProblems, ingress: AirflowIngressProps): void {
  if (!isDnsSubdomain(ingress.host)) problems.add('ingress.host', `must be a host name such as "airflow.example.com", got ${JSON.stringify(ingress.host)}`);
  if (ingress.path !== undefined && !ingress.path.startsWith('/')) problems.add('ingress.path', `must start with "/", got ${JSON.stringify(ingress.path)}`);
  if (ingress.tlsSecretName !== undefined && !isDnsSubdomain(ingress.tlsSecretName)) problems.add('ingress.tlsSecretName', `must be a Secret name, got ${JSON.stringify(ingress.tlsSecretName)}`);
  if (ingress.className !== undefined && !isDnsSubdomain(ingress.className)) problems.add('ingress.className', `must be an IngressClass name, got ${JSON.stringify(ingress.className)}`);
}

/** Checks a PodDisruptionBudget against the pods it protects. */
export function validateDisruptionBudget(problems: ValidationProblems, prop: string, budget: DisruptionBudget | undefined, minPods: number): void {
  if (!budget) return;
  if (budget.minAvailable !== undefined && budget.maxUnavailable !== undefined) {
    problems.add(prop, 'sets both minAvailable and maxUnavailable: a PodDisruptionBudget takes one');
  }
  if (budget.minAvailable !== undefined) {
    checkInteger(problems, `${prop}.minAvailable`, budget.minAvailable, 0);
    if (budget.minAvailable > minPods) {
      problems.add(`${prop}.minAvailable`, `(${budget.minAvailable}) is above the ${minPods} pod(s) that run: no node could ever be drained; lower it or add replicas`);
    }
  }
  if (budget.maxUnavailable !== undefined) checkInteger(problems, `${prop}.maxUnavailable`, budget.maxUnavailable, 1);
}

/** Checks worker autoscaling against the other worker settings. */
export function validateAutoscaling(
  problems: ValidationProblems,
  autoscaling: WorkerAutoscaling,
  replicas: number | undefined,
): void {
  if (replicas !== undefined) {
    problems.add('executor.workers.replicas', 'cannot be set together with executor.workers.autoscaling: the autoscaler owns the replica count; use autoscaling minReplicas/maxReplicas');
  }
  const { min, max } = replicaRange(autoscaling);
  checkInteger(problems, 'executor.workers.autoscaling.minReplicas', min, 0);
  checkInteger(problems, 'executor.workers.autoscaling.maxReplicas', max, 1);
  if (min > max) problems.add('executor.workers.autoscaling.minReplicas', `(${min}) must not exceed maxReplicas (${max})`);
  if (autoscaling.kind === 'keda') {
    const cooldown = (autoscaling.props.cooldownPeriod ?? Duration.minutes(5)).toSeconds();
    if (cooldown < 30) problems.add('executor.workers.autoscaling.cooldownPeriod', `must be at least 30s so workers are not removed between two polls, got ${cooldown}s`);
  } else {
    const target = autoscaling.props.targetCpuUtilization ?? 80;
    if (!Number.isInteger(target) || target < 1 || target > 100) problems.add('executor.workers.autoscaling.targetCpuUtilization', `must be an integer percentage 1-100, got ${target}`);
  }
}

/** Checks the cleanup CronJobs. */
export function validateCleanup(problems: ValidationProblems, cleanup: CleanupProps, executorKind: string): void {
  if (cleanup.taskPods) {
    if (executorKind !== 'KubernetesExecutor') problems.add('cleanup.taskPods', 'only applies to KubernetesExecutor (Celery tasks run in the workers, not in task pods)');
    if (cleanup.taskPods.schedule !== undefined && !CRON.test(cleanup.taskPods.schedule)) problems.add('cleanup.taskPods.schedule', `must be a cron expression with 5 fields, got ${JSON.stringify(cleanup.taskPods.schedule)}`);
  }
  if (cleanup.database) {
    if (cleanup.database.retentionDays !== undefined) checkInteger(problems, 'cleanup.database.retentionDays', cleanup.database.retentionDays, 1);
    if (cleanup.database.schedule !== undefined && !CRON.test(cleanup.database.schedule)) problems.add('cleanup.database.schedule', `must be a cron expression with 5 fields, got ${JSON.stringify(cleanup.database.schedule)}`);
  }
}
