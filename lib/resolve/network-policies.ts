/** Checks the NetworkPolicy props against what the wiring needs. */
import { ValidationProblems, show } from '../errors';
import { EgressEndpoint, NetworkPoliciesProps } from '../model/network-policies';
import { cidrProblem, checkPort } from './k8s-rules';

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
  const unused = (key: keyof NonNullable<NetworkPoliciesProps['egress']>, why: string) => {
    const declared = egress[key];
    if (declared && declared.length > 0) problems.add(`networkPolicies.egress.${key}`, `does nothing: ${why}; remove it`);
  };
  if (!needs.database) unused('database', 'the metadata database is embedded, and the policies already let its clients reach it');
  if (!needs.broker) unused('broker', 'no Celery executor uses an external broker (the embedded Redis is reached inside the instance)');
  if (!needs.objectStorage) unused('objectStorage', 'task logs are not remote (TaskLogs.remote(...)), so no pod writes to object storage');
  if (!needs.git) unused('git', 'DAGs do not come from git-sync (DagSource.gitSync(...)), so no pod pulls from a Git server');
  if (needs.kubernetesApiClients.length === 0) unused('kubernetesApi', 'no component calls the Kubernetes API server (no generated secrets, KubernetesExecutor, pod operators or task pod cleanup)');
  if (needs.kubernetesApiClients.length > 0) {
    const clients = needs.kubernetesApiClients.join(', ');
    if (!egress.kubernetesApi || egress.kubernetesApi.length === 0) {
      problems.add(
        'networkPolicies.egress.kubernetesApi',
        `must list the endpoints of the Kubernetes API server (called by ${clients}): its endpoint addresses and port, usually 6443 ` +
          '(`kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes`), e.g. ' +
          "[{ cidr: '172.18.0.2/32', ports: [6443] }, { cidr: '10.96.0.1/32', ports: [443] }]: many CNIs (Cilium, Calico eBPF, ...) " +
          'match policies after the Service ClusterIP is translated, so the ClusterIP alone is not enough; with NetworkPolicies on, anything not listed is blocked',
      );
    }
  }
  const all: Array<[string, readonly EgressEndpoint[] | undefined]> = [
    ...Object.entries(egress),
    ['taskEgress', props.taskEgress === 'unrestricted' ? undefined : props.taskEgress],
  ];
  for (const [key, endpoints] of all) {
    (endpoints ?? []).forEach((e, i) => {
      const prop = key === 'taskEgress' ? `networkPolicies.taskEgress[${i}]` : `networkPolicies.egress.${key}[${i}]`;
      const cidr = cidrProblem(e.cidr);
      if (cidr !== undefined) problems.add(`${prop}.cidr`, `must be a CIDR such as "10.0.0.1/32"${cidr ? ` (${cidr})` : ''}, got ${show(e.cidr)}`);
      if (!e.ports || e.ports.length === 0) problems.add(`${prop}.ports`, 'must list at least one port');
      (e.ports ?? []).forEach((p, j) => checkPort(problems, `${prop}.ports[${j}]`, p));
      if (e.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(e.protocol)) problems.add(`${prop}.protocol`, `must be "TCP", "UDP" or "SCTP", got ${show(e.protocol)}`);
    });
  }
}
