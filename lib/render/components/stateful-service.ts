/**
 * A single-replica StatefulSet of an official Debian-based service image (PostgreSQL, Redis) with
 * its ServiceAccount and ClusterIP Service, under Pod Security "restricted".
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ComponentName } from '../../labels';
import { DEBIAN_SERVICE_IDENTITY } from '../../model/identity';
import { componentName } from '../../resolve/addresses';
import { AirflowContext, metadataFor } from '../context';
import { componentService, servicePodSpec } from './workloads';

/** What one embedded service runs. */
export interface StatefulServiceProps {
  /** The component label and name suffix. */
  readonly component: ComponentName;
  /** The service port (also the Service port). */
  readonly port: number;
  /** The main container; its security context and port are filled in here. */
  readonly container: Omit<k8s.Container, 'securityContext' | 'ports'>;
  /** Volumes of the pod. */
  readonly volumes: k8s.Volume[];
  /** Claims created per pod. */
  readonly volumeClaimTemplates?: k8s.KubePersistentVolumeClaimProps[];
}

/** ServiceAccount, StatefulSet and Service of one embedded service. */
export class StatefulService extends Construct {
  /** The ServiceAccount (no token: the service never calls the Kubernetes API). */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The StatefulSet. */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The ClusterIP Service clients connect to. */
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, ctx: AirflowContext, props: StatefulServiceProps) {
    super(scope, id);
    const name = componentName(ctx, props.component);
    const selector = ctx.labels.selector(props.component);

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: metadataFor(ctx, props.component),
      automountServiceAccountToken: false,
    });

    this.service = componentService(this, 'service', ctx, props.component, [{ name: props.component, port: props.port }]);

    this.statefulSet = new k8s.KubeStatefulSet(this, 'stateful-set', {
      metadata: metadataFor(ctx, props.component),
      spec: {
        serviceName: name,
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: ctx.labels.of(props.component) },
          spec: servicePodSpec(
            ctx,
            props.component,
            DEBIAN_SERVICE_IDENTITY,
            [{ ...props.container, ports: [{ name: props.component, containerPort: props.port, protocol: 'TCP' }] }],
            props.volumes,
          ),
        },
        volumeClaimTemplates: props.volumeClaimTemplates,
      },
    });
  }
}
