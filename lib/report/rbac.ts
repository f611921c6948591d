/**
 * RBAC grants per ServiceAccount: every RoleBinding and ClusterRoleBinding subject, resolved to the
 * rules of the Role or ClusterRole it binds (a RoleBinding may grant a ServiceAccount rights in
 * another namespace).
 */
import { Fields, K8sObject, asFields, asFieldsList, asList, asString, byText, kindOf, nameOf, namespaceOf, sortedBy } from './objects';

/** One policy rule. */
export interface RbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

/** Rights one binding gives one ServiceAccount. */
export interface RbacGrant {
  /** `RoleBinding <namespace>/<name>` or `ClusterRoleBinding <name>`. */
  readonly binding: string;
  /** `Role <namespace>/<name>` or `ClusterRole <name>`. */
  readonly role: string;
  /** Namespace the rules apply in, or `cluster-wide`. */
  readonly scope: string;
  /** The role's rules; undefined when the role is not among the objects (defined elsewhere). */
  readonly rules?: readonly RbacRule[];
}

/** A ServiceAccount and every grant bound to it. */
export interface ServiceAccountGrants {
  readonly namespace: string;
  readonly name: string;
  /** Grants sorted by binding. */
  readonly grants: readonly RbacGrant[];
}

const strings = (value: unknown): string[] => asList(value).filter((v): v is string => typeof v === 'string');

function rulesOf(role: K8sObject): RbacRule[] {
  return asFieldsList(role.rules).map((r: Fields) => ({
    apiGroups: strings(r.apiGroups),
    resources: strings(r.resources),
    verbs: strings(r.verbs),
    resourceNames: strings(r.resourceNames),
    nonResourceURLs: strings(r.nonResourceURLs),
  }));
}

/** Grants per ServiceAccount: every ServiceAccount among the objects (possibly with none) and every bound one. */
export function serviceAccountGrants(objects: readonly K8sObject[]): ServiceAccountGrants[] {
  const roles = new Map<string, K8sObject>();
  for (const obj of objects) {
    if (kindOf(obj) === 'Role') roles.set(`Role ${namespaceOf(obj)}/${nameOf(obj)}`, obj);
    if (kindOf(obj) === 'ClusterRole') roles.set(`ClusterRole ${nameOf(obj)}`, obj);
  }
  const accounts = new Map<string, RbacGrant[]>();
  for (const sa of objects.filter((o) => kindOf(o) === 'ServiceAccount')) accounts.set(`${namespaceOf(sa)}/${nameOf(sa)}`, []);
  for (const binding of objects.filter((o) => kindOf(o) === 'RoleBinding' || kindOf(o) === 'ClusterRoleBinding')) {
    const namespaced = kindOf(binding) === 'RoleBinding';
    const bindingNamespace = namespaceOf(binding);
    const roleRef = asFields(binding.roleRef);
    const roleKind = asString(roleRef.kind) ?? 'Role';
    const role = roleKind === 'ClusterRole' ? `ClusterRole ${asString(roleRef.name)}` : `Role ${bindingNamespace}/${asString(roleRef.name)}`;
    const roleObject = roles.get(role);
    const grant: RbacGrant = {
      binding: namespaced ? `RoleBinding ${bindingNamespace}/${nameOf(binding)}` : `ClusterRoleBinding ${nameOf(binding)}`,
      role,
      // A ClusterRole bound by a RoleBinding only applies in the binding's namespace.
      scope: namespaced ? bindingNamespace : 'cluster-wide',
      rules: roleObject === undefined ? undefined : rulesOf(roleObject),
    };
    for (const subject of asFieldsList(binding.subjects)) {
      if (subject.kind !== 'ServiceAccount') continue;
      const id = `${asString(subject.namespace) ?? bindingNamespace}/${asString(subject.name) ?? '?'}`;
      accounts.set(id, [...(accounts.get(id) ?? []), grant]);
    }
  }
  return [...accounts.keys()].sort(byText).map((id) => {
    const [namespace, name] = id.split('/');
    return { namespace, name, grants: sortedBy(accounts.get(id)!, (g) => g.binding) };
  });
}

const allows = (values: readonly string[], wanted: string) => values.includes(wanted) || values.includes('*');

/** Namespaces (or `cluster-wide`) where the ServiceAccount may create pods, sorted. */
export function podCreateScopes(account: ServiceAccountGrants): string[] {
  const scopes = account.grants
    .filter((g) => (g.rules ?? []).some((r) => allows(r.apiGroups, '') && allows(r.resources, 'pods') && allows(r.verbs, 'create') && r.resourceNames.length === 0))
    .map((g) => g.scope);
  return [...new Set(scopes)].sort(byText);
}
