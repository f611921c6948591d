/** An Ingress in front of the api-server (webserver on Airflow 2). */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AirflowIngressProps } from '../../model/ingress';
import { API_SERVER_PORT, componentName } from '../../resolve/addresses';
import { AirflowContext, metadataFor } from '../context';

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
