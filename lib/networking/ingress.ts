/** An Ingress in front of the api-server (webserver on Airflow 2). */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AirflowContext, componentName, metadataFor } from '../context';
import { API_SERVER_PORT } from '../components/api-server';

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

/** The external URL of the UI, written to `[api] base_url` (`[webserver] base_url` on Airflow 2). */
export function externalBaseUrl(props: AirflowIngressProps): string {
  const path = (props.path ?? '/').replace(/\/+$/, '');
  return `${props.tlsSecretName ? 'https' : 'http'}://${props.host}${path}`;
}

/** The api-server Ingress. */
export class ApiServerIngress extends Construct {
  public readonly ingress: k8s.KubeIngress;

  constructor(scope: Construct, id: string, ctx: AirflowContext, props: AirflowIngressProps) {
    super(scope, id);
    const component = ctx.capabilities.httpServerComponent;
    this.ingress = new k8s.KubeIngress(this, 'ingress', {
      metadata: { ...metadataFor(ctx, component), annotations: props.annotations ? { ...props.annotations } : undefined },
      spec: {
        ingressClassName: props.className,
        tls: props.tlsSecretName ? [{ hosts: [props.host], secretName: props.tlsSecretName }] : undefined,
        rules: [
          {
            host: props.host,
            http: {
              paths: [
                {
                  path: props.path ?? '/',
                  pathType: 'Prefix',
                  backend: { service: { name: componentName(ctx, component), port: { number: API_SERVER_PORT } } },
                },
              ],
            },
          },
        ],
      },
    });
  }
}
