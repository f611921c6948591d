/**
 * RBAC derived from the wiring: who launches pods gets exactly the verbs Airflow needs for it.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AirflowContext, componentName, metadataFor } from './context';

/** The rules a pod launcher needs (KubernetesExecutor, KubernetesPodOperator). */
export const POD_LAUNCHER_RULES: k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'watch', 'delete', 'patch'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
  { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
];

/** Where pods are launched and who launches them. */
export interface PodLauncherRbacOptions {
  /** Namespace the pods are launched in (Role and RoleBinding go there). */
  readonly namespace: string;
  /** ServiceAccounts, in the instance's namespace, that launch pods. */
  readonly serviceAccountNames: readonly string[];
}

/** A namespaced Role allowing pod launching, bound to the ServiceAccounts that launch pods. */
export class PodLauncherRbac extends Construct {
  /** The Role. */
  public readonly role: k8s.KubeRole;
  /** The RoleBinding. */
  public readonly roleBinding: k8s.KubeRoleBinding;

  constructor(scope: Construct, id: string, ctx: AirflowContext, options: PodLauncherRbacOptions) {
    super(scope, id);
    const name = componentName(ctx, 'pod-launcher');
    const metadata = { ...metadataFor(ctx, 'pod-launcher'), namespace: options.namespace };
    this.role = new k8s.KubeRole(this, 'role', { metadata, rules: POD_LAUNCHER_RULES });
    this.roleBinding = new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: options.serviceAccountNames.map((sa) => ({ kind: 'ServiceAccount', name: sa, namespace: ctx.namespace })),
    });
  }
}
