/**
 * RBAC derived from the wiring: whoever calls the Kubernetes API gets a namespaced Role with
 * exactly the verbs it needs, bound to its own ServiceAccount.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ComponentName } from '../labels';
import { componentName } from '../resolve/addresses';
import { AirflowContext, metadataFor } from './context';

/** The rules a pod launcher needs (KubernetesExecutor, KubernetesPodOperator). */
export const POD_LAUNCHER_RULES: k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'watch', 'delete', 'patch'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
  { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
];

/** Reading the logs of running task pods (the api-server under KubernetesExecutor). */
export const POD_LOG_READER_RULES: k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
];

/** A Role and the RoleBinding granting it to ServiceAccounts of the instance. */
export interface RoleWithBindingOptions {
  /** Component label, and the name suffix unless `name` is given. */
  readonly component: ComponentName;
  /** Rules of the Role. */
  readonly rules: k8s.PolicyRule[];
  /** ServiceAccounts, in the instance's namespace, that get the Role. */
  readonly serviceAccountNames: readonly string[];
  /** Namespace of the Role and RoleBinding. @default - the instance's namespace */
  readonly namespace?: string;
}

/** A namespaced Role bound to ServiceAccounts of the instance, both named `<instance>-<component>`. */
export class RoleWithBinding extends Construct {
  public readonly role: k8s.KubeRole;
  public readonly roleBinding: k8s.KubeRoleBinding;

  constructor(scope: Construct, id: string, ctx: AirflowContext, options: RoleWithBindingOptions) {
    super(scope, id);
    const metadata = { ...metadataFor(ctx, options.component), namespace: options.namespace ?? ctx.namespace };
    this.role = new k8s.KubeRole(this, 'role', { metadata, rules: options.rules });
    this.roleBinding = new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: componentName(ctx, options.component) },
      subjects: options.serviceAccountNames.map((sa) => ({ kind: 'ServiceAccount', name: sa, namespace: ctx.namespace })),
    });
  }
}
