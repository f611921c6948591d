/**
 * NetworkPolicies derived from the wiring: a default deny for every pod of the instance, then one
 * policy per component allowing exactly the connections the manifests make (database, broker,
 * execution API, log fetching, DNS), plus egress to endpoints outside the cluster that must be
 * declared (external database, object storage, Git, the Kubernetes API).
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { EgressEndpoint, NetworkPoliciesProps } from '../../model/network-policies';
import { componentName } from '../../resolve/addresses';
import { AirflowContext, metadataFor } from '../context';

/** Who talks to whom, derived by the Airflow construct from what it emitted. */
export interface NetworkWiring {
  /** Components running Airflow code (they use the database and the execution API). */
  readonly airflowComponents: readonly string[];
  /** The HTTP server component (`api-server` or `webserver`). */
  readonly httpServer: string;
  /** Embedded data services and their ports. */
  readonly embedded: ReadonlyArray<{ readonly component: string; readonly port: number; readonly clients: readonly string[] }>;
  /** Components serving logs to the HTTP server, with their ports. */
  readonly logServers: ReadonlyArray<{ readonly component: string; readonly port: number }>;
  /** Who calls the Kubernetes API. */
  readonly kubernetesApiClients: readonly string[];
  /** Who runs git-sync. */
  readonly gitClients: readonly string[];
  /** Who writes or reads remote logs. */
  readonly objectStorageClients: readonly string[];
  /** Node-local endpoints those pods fetch cloud credentials from (workload identity). */
  readonly identityEndpoints?: readonly EgressEndpoint[];
  /** Who reaches an external database / broker. */
  readonly externalDatabaseClients: readonly string[];
  readonly externalBrokerClients: readonly string[];
  /** Components that run task code. */
  readonly taskRunners: readonly string[];
  /** Components reached by `apiServerFrom` peers, with their ports (api-server, Flower). */
  readonly publicPorts: ReadonlyArray<{ readonly component: string; readonly port: number }>;
  /** The embedded database KEDA queries, when it does. */
  readonly kedaDatabase?: { readonly component: string; readonly port: number };
  /** The StatsD exporter, when metrics are on. */
  readonly statsd?: { readonly component: string; readonly ingestPort: number; readonly metricsPort: number };
}

const INGRESS_NGINX: k8s.NetworkPolicyPeer = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } };

type Rules = { ingress: k8s.NetworkPolicyIngressRule[]; egress: k8s.NetworkPolicyEgressRule[] };

/** The default deny and one policy per component. */
export class AirflowNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, ctx: AirflowContext, props: NetworkPoliciesProps, wiring: NetworkWiring) {
    super(scope, id);
    const instancePods = { matchLabels: { 'app.kubernetes.io/name': 'airflow', 'app.kubernetes.io/instance': ctx.instance } };
    new k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: metadataFor(ctx, 'network-policy', componentName(ctx, 'default-deny')),
      spec: {
        podSelector: instancePods,
        policyTypes: ['Ingress', 'Egress'],
        // Every pod may resolve names; nothing else is allowed unless a policy below says so.
        egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [port(53, 'UDP'), port(53, 'TCP')] }],
      },
    });

    const rules = new Map<string, Rules>();
    const of = (component: string) => {
      if (!rules.has(component)) rules.set(component, { ingress: [], egress: [] });
      return rules.get(component)!;
    };
    const peer = (components: readonly string[]): k8s.NetworkPolicyPeer => ({
      podSelector: {
        matchLabels: instancePods.matchLabels,
        matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: [...components].sort() }],
      },
    });
    const connect = (from: readonly string[], to: string, ports: k8s.NetworkPolicyPort[]) => {
      // Stryker disable next-line ConditionalExpression: equivalent today: every caller passes at least one client (operations.ts); the guard keeps a future empty list from becoming an `In` selector without values, which Kubernetes refuses
      if (from.length === 0) return;
      of(to).ingress.push({ from: [peer(from)], ports });
      for (const source of from) of(source).egress.push({ to: [peer([to])], ports });
    };
    const external = (from: readonly string[], endpoints: readonly EgressEndpoint[] = []) => {
      for (const source of from) for (const endpoint of endpoints) of(source).egress.push(egressTo(endpoint));
    };

    for (const service of wiring.embedded) connect(service.clients, service.component, [port(service.port)]);
    const callers = wiring.airflowComponents.filter((c) => c !== wiring.httpServer);
    connect(callers, wiring.httpServer, [port(8080)]);
    for (const server of wiring.logServers) connect([wiring.httpServer], server.component, [port(server.port)]);
    for (const target of wiring.publicPorts) of(target.component).ingress.push({ from: [...(props.apiServerFrom ?? [INGRESS_NGINX])], ports: [port(target.port)] });
    if (wiring.kedaDatabase) {
      const keda: k8s.NetworkPolicyPeer = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keda' } } };
      of(wiring.kedaDatabase.component).ingress.push({ from: props.kedaFrom ? [...props.kedaFrom] : [keda], ports: [port(wiring.kedaDatabase.port)] });
    }
    if (wiring.statsd) {
      connect(wiring.airflowComponents, wiring.statsd.component, [port(wiring.statsd.ingestPort, 'UDP')]);
      of(wiring.statsd.component).ingress.push({ from: props.metricsFrom ? [...props.metricsFrom] : [{ namespaceSelector: {} }], ports: [port(wiring.statsd.metricsPort)] });
    }
    external(wiring.externalDatabaseClients, props.egress?.database);
    external(wiring.externalBrokerClients, props.egress?.broker);
    external(wiring.objectStorageClients, props.egress?.objectStorage);
    external(wiring.objectStorageClients, wiring.identityEndpoints);
    external(wiring.gitClients, props.egress?.git);
    external(wiring.kubernetesApiClients, props.egress?.kubernetesApi);
    // Spark drivers and executors (task pods) talk to each other.
    if (wiring.taskRunners.includes('task')) of('task').ingress.push({ from: [peer(['task'])] });
    for (const runner of wiring.taskRunners) {
      const taskEgress = props.taskEgress ?? 'unrestricted';
      if (taskEgress === 'unrestricted') of(runner).egress.push({});
      else external([runner], taskEgress);
    }

    for (const component of [...rules.keys()].sort()) {
      const { ingress, egress } = rules.get(component)!;
      new k8s.KubeNetworkPolicy(this, component, {
        metadata: metadataFor(ctx, 'network-policy', componentName(ctx, component)),
        spec: {
          podSelector: { matchLabels: { ...instancePods.matchLabels, 'app.kubernetes.io/component': component } },
          policyTypes: ['Ingress', 'Egress'],
          ingress: ingress.length > 0 ? ingress : undefined,
          egress: egress.length > 0 ? egress : undefined,
        },
      });
    }
  }
}

/** A port of a rule; TCP unless `protocol` says otherwise. */
function port(number: number, protocol: 'TCP' | 'UDP' = 'TCP'): k8s.NetworkPolicyPort {
  return { port: k8s.IntOrString.fromNumber(number), protocol };
}

function egressTo(endpoint: EgressEndpoint): k8s.NetworkPolicyEgressRule {
  return { to: [{ ipBlock: { cidr: endpoint.cidr } }], ports: endpoint.ports.map((p) => port(p, endpoint.protocol)) };
}
