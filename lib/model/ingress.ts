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
}
