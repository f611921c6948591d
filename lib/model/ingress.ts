/** The Ingress in front of the api-server. */

/** How users reach the Airflow UI and API from outside the cluster. */
export interface AirflowIngressProps {
  /** Host name, e.g. `airflow.example.com`. */
  readonly host: string;
  /** Path prefix Airflow is served under. @default '/' */
  readonly path?: string;
  /** Secret holding the TLS certificate for `host` (e.g. made by cert-manager). @default - no TLS */
  readonly tlsSecretName?: string;
  /** IngressClass. @default - the cluster's default class */
  readonly className?: string;
  /** Annotations for the ingress controller. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Who the api-server trusts to set `X-Forwarded-For`/`-Proto`/`-Port`: addresses or CIDRs of the
   * ingress controller's pods. Behind a TLS Ingress the api-server then sees https, so session
   * cookies are `Secure` and redirects stay on https (`airflow api-server --proxy-headers` with
   * `FORWARDED_ALLOW_IPS`; Flask's ProxyFix on Airflow 2).
   *
   * @default ['*'] - any client: the api-server is a ClusterIP Service reachable only from inside
   * the cluster (with NetworkPolicies, only from the ingress controller and Airflow's own pods);
   * list the ingress controller's pod CIDR to trust it alone
   */
  readonly trustedProxies?: readonly string[];
}
