/** NetworkPolicies: who may reach the UI, and the endpoints outside the cluster components reach. */
import { k8s } from 'cdk8s-plus-27';

/** An address outside the cluster's pods that some components must reach. */
export interface EgressEndpoint {
  /** Address range, e.g. `172.18.0.2/32` (an API server endpoint) or `52.216.0.0/15` (S3). */
  readonly cidr: string;
  /** Destination ports. */
  readonly ports: readonly number[];
  /** Protocol. @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/** Egress to the world outside the instance, per purpose. */
export interface EgressEndpoints {
  /** The external metadata database. Required with an external database. */
  readonly database?: readonly EgressEndpoint[];
  /** The external Celery broker. Required with an external broker. */
  readonly broker?: readonly EgressEndpoint[];
  /** Object storage for remote logs. Required with remote logging. */
  readonly objectStorage?: readonly EgressEndpoint[];
  /** The Git server. Required with git-sync. */
  readonly git?: readonly EgressEndpoint[];
  /**
   * The Kubernetes API server. Required when any pod launches pods or generates secrets. List its
   * endpoint addresses and port, usually 6443
   * (`kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes`): many CNIs
   * (Cilium, Calico eBPF, ...) match NetworkPolicies after the `kubernetes` Service's ClusterIP has
   * been translated to an endpoint, so a rule for the ClusterIP alone (`10.96.0.1/32` port 443)
   * blocks the secret bootstrap Job and every pod launcher. Listing both the endpoints and the
   * ClusterIP on 443 works under any CNI.
   */
  readonly kubernetesApi?: readonly EgressEndpoint[];
}

/** Settings of the NetworkPolicies. */
export interface NetworkPoliciesProps {
  /**
   * Who may reach the api-server (and Flower): usually the ingress controller's pods.
   *
   * @default - pods in the namespace named "ingress-nginx"
   */
  readonly apiServerFrom?: readonly k8s.NetworkPolicyPeer[];
  /**
   * The KEDA operator, which queries the embedded database to scale workers.
   *
   * @default - pods in the namespace named "keda"
   */
  readonly kedaFrom?: readonly k8s.NetworkPolicyPeer[];
  /**
   * Who may scrape metrics (the StatsD exporter).
   *
   * @default - pods in any namespace
   */
  readonly metricsFrom?: readonly k8s.NetworkPolicyPeer[];
  /** Endpoints outside the cluster's pods. @default - none */
  readonly egress?: EgressEndpoints;
  /**
   * Egress of pods that run task code (Celery workers, task pods): DAGs call arbitrary systems,
   * so it is open unless you list endpoints.
   *
   * @default 'unrestricted'
   */
  readonly taskEgress?: 'unrestricted' | readonly EgressEndpoint[];
}
