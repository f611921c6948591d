/**
 * The parts every workload of this library shares: a Deployment selected by the component
 * labels, and the pod spec of a non-Airflow image (exporter, pooler, data service) under Pod
 * Security "restricted" with no ServiceAccount token.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ComponentName } from '../../labels';
import { RunAsIdentity } from '../../model/identity';
import { componentName } from '../../resolve/addresses';
import { AirflowContext, metadataFor } from '../context';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../security';

/** A pod spec for a service image that never calls the Kubernetes API. */
export function servicePodSpec(
  ctx: AirflowContext,
  component: ComponentName,
  identity: RunAsIdentity,
  containers: Array<Omit<k8s.Container, 'securityContext'>>,
  volumes?: k8s.Volume[],
): k8s.PodSpec {
  return {
    serviceAccountName: componentName(ctx, component),
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: restrictedPodSecurityContext(identity),
    containers: containers.map((c) => ({ ...c, securityContext: restrictedContainerSecurityContext(identity) })),
    volumes,
  };
}

/** What differs between component Deployments. */
export interface ComponentDeploymentOptions {
  /** Pods; omitted when an autoscaler owns the count. */
  readonly replicas?: number;
  /** The pod spec. */
  readonly podSpec: k8s.PodSpec;
  /** Pod template annotations (e.g. a config hash that rolls the pods). */
  readonly annotations?: Record<string, string>;
  /** Labels added to the pod template's (never to the selector). */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/** A Deployment named `<instance>-<component>`, selecting its pods by the component labels. */
export function componentDeployment(scope: Construct, id: string, ctx: AirflowContext, component: ComponentName, options: ComponentDeploymentOptions): k8s.KubeDeployment {
  return new k8s.KubeDeployment(scope, id, {
    metadata: metadataFor(ctx, component),
    spec: {
      replicas: options.replicas,
      revisionHistoryLimit: 3,
      selector: { matchLabels: ctx.labels.selector(component) },
      template: {
        metadata: { labels: { ...ctx.labels.of(component), ...options.podLabels }, annotations: options.annotations },
        spec: options.podSpec,
      },
    },
  });
}

/** A port of a component Service; the target is the container port of the same name. */
export interface ServicePort {
  readonly name: string;
  readonly port: number;
  readonly protocol?: 'TCP' | 'UDP';
}

/** A ClusterIP Service named `<instance>-<component>` in front of the component's pods. */
export function componentService(scope: Construct, id: string, ctx: AirflowContext, component: ComponentName, ports: readonly ServicePort[]): k8s.KubeService {
  return new k8s.KubeService(scope, id, {
    metadata: metadataFor(ctx, component),
    spec: {
      type: 'ClusterIP',
      selector: ctx.labels.selector(component),
      ports: ports.map((p) => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromString(p.name), protocol: p.protocol ?? 'TCP' })),
    },
  });
}
