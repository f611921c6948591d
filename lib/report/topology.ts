/**
 * The topology of one deployment as a graph, with edges only for connections the manifests state:
 * a Service selecting a workload's pods, a workload's env naming a Service host
 * (`<service>.<namespace>`), and a pod launcher mounting task pod templates it may start.
 */
import { AlwaysOnWorkload } from './always-on';
import {
  Fields, K8sObject, asFields, asFieldsList, asString, byText, componentOf, containersOf, initContainersOf, kindOf, labelsOf, nameOf, namespaceOf,
  podSpecOf, podTemplateOf, refOf, sortedBy, stringMap,
} from './objects';
import { TaskPodTemplateFacts, mountFoldersOf } from './pod-templates';
import { ServiceAccountGrants, podCreateScopes } from './rbac';

/** How a node is drawn. */
export type NodeShape = 'workload' | 'datastore' | 'service' | 'task-template';

/** One box of the diagram. */
export interface TopologyNode {
  /** A safe Mermaid identifier: letters, digits and `_`, starting with a letter. */
  readonly id: string;
  /** Lines of text shown in the box. */
  readonly lines: readonly string[];
  readonly shape: NodeShape;
  /** Id of the group (subgraph) drawn around it, if any. */
  readonly group?: string;
}

/** A group of nodes, e.g. the templates of one ConfigMap. */
export interface TopologyGroup {
  readonly id: string;
  readonly title: string;
}

/** One arrow. */
export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/** The diagram of one deployment. */
export interface Topology {
  readonly groups: readonly TopologyGroup[];
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

/** Components whose workloads keep state: drawn as data stores. */
const DATASTORE_COMPONENTS = new Set(['postgresql', 'redis', 'pgbouncer']);

/** Makes ids unique and safe for Mermaid (no reserved words: every id has a kind prefix). */
class IdAllocator {
  private readonly used = new Set<string>();
  public allocate(prefix: string, name: string): string {
    const base = `${prefix}_${name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '')}`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    return id;
  }
}

/** True when every selector entry is among the labels (an empty selector selects nothing here). */
export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

/** Hosts named in a pod spec's env values, as lower-case dotted tokens. */
function envHosts(podSpec: Fields): Set<string> {
  const hosts = new Set<string>();
  for (const container of [...initContainersOf(podSpec), ...containersOf(podSpec)]) {
    for (const env of asFieldsList(container.env)) {
      for (const token of (asString(env.value) ?? '').split(/[^A-Za-z0-9.-]+/)) if (token.includes('.')) hosts.add(token.toLowerCase().replace(/\.+$/, ''));
    }
  }
  return hosts;
}

/** True when `hosts` names the Service as `<name>.<namespace>` or `<name>.<namespace>.svc[...]`. */
function namesService(hosts: ReadonlySet<string>, service: K8sObject): boolean {
  const host = `${nameOf(service)}.${namespaceOf(service)}`;
  for (const h of hosts) if (h === host || h.startsWith(`${host}.svc`)) return true;
  return false;
}

/** True when some container of the pod spec mounts the ConfigMap (as a folder or a file). */
function mountsConfigMap(podSpec: Fields, configMap: string): boolean {
  const volumes = new Set(asFieldsList(podSpec.volumes).filter((v) => asString(asFields(v.configMap).name) === configMap).map((v) => v.name));
  return [...initContainersOf(podSpec), ...containersOf(podSpec)].some((c) => asFieldsList(c.volumeMounts).some((m) => volumes.has(m.name)));
}

/**
 * The topology of a deployment.
 *
 * @param workloads the always-on workloads (for replica counts)
 * @param templates task pod templates
 * @param accounts RBAC grants, to find who may create pods
 */
export function buildTopology(
  objects: readonly K8sObject[],
  workloads: readonly AlwaysOnWorkload[],
  templates: readonly TaskPodTemplateFacts[],
  accounts: readonly ServiceAccountGrants[],
): Topology {
  const ids = new IdAllocator();
  const nodes: TopologyNode[] = [];
  const edges = new Map<string, TopologyEdge>();
  const addEdge = (from: string, to: string, label: string) => edges.set(`${from} ${to} ${label}`, { from, to, label });
  const launchers = new Map(accounts.map((a) => [`${a.namespace}/${a.name}`, podCreateScopes(a)]));

  const workloadNodes = sortedBy(objects.filter((o) => ['Deployment', 'StatefulSet'].includes(kindOf(o))), refOf).map((obj) => {
    const facts = workloads.find((w) => w.kind === kindOf(obj) && w.name === nameOf(obj));
    const spec = podSpecOf(obj) ?? {};
    const namespace = namespaceOf(obj);
    const serviceAccount = asString(spec.serviceAccountName) ?? 'default';
    // Pods may be launched into another namespace (`[kubernetes_executor] namespace`): any pod-create grant counts.
    const launchScopes = launchers.get(`${namespace}/${serviceAccount}`) ?? [];
    const canLaunch = launchScopes.length > 0;
    const replicas = facts === undefined ? '' : ` ×${facts.replicas}${facts.autoscaler ? ' (autoscaled)' : ''}`;
    const node: TopologyNode = {
      id: ids.allocate('wl', refOf(obj)),
      lines: [componentOf(obj) || nameOf(obj), `${kindOf(obj)} ${nameOf(obj)}${replicas}`, ...(canLaunch ? [`launches pods in ${launchScopes.join(', ')} as ${serviceAccount}`] : [])],
      shape: DATASTORE_COMPONENTS.has(componentOf(obj)) ? 'datastore' : 'workload',
    };
    nodes.push(node);
    return { obj, node, spec, namespace, canLaunch, hosts: envHosts(spec) };
  });

  const services = sortedBy(objects.filter((o) => kindOf(o) === 'Service'), refOf);
  for (const service of services) {
    const ports = asFieldsList(asFields(service.spec).ports).map((p) => String(p.port ?? '?')).join(', ');
    const node: TopologyNode = { id: ids.allocate('svc', nameOf(service)), lines: [`Service ${nameOf(service)}`, ...(ports ? [`port ${ports}`] : [])], shape: 'service' };
    nodes.push(node);
    const selector = stringMap(asFields(service.spec).selector);
    for (const w of workloadNodes) {
      if (w.namespace === namespaceOf(service) && selectorMatches(selector, labelsOf(podTemplateOf(w.obj) ?? {}))) addEdge(node.id, w.node.id, 'selects');
    }
    for (const w of workloadNodes) if (namesService(w.hosts, service)) addEdge(w.node.id, node.id, 'env');
  }

  const groups: TopologyGroup[] = [];
  const groupIds = new Map<string, string>();
  for (const template of templates) {
    const groupKey = `${template.namespace}/${template.configMap}`;
    if (!groupIds.has(groupKey)) {
      const id = ids.allocate('cm', template.configMap);
      groupIds.set(groupKey, id);
      const folder = mountFoldersOf(template.configMap, template.namespace, objects)[0];
      groups.push({ id, title: `ConfigMap ${template.configMap}${folder ? ` at ${folder}` : ''}` });
    }
    const node: TopologyNode = {
      id: ids.allocate('tpl', `${template.configMap}_${template.name}`),
      lines: [`task pod ${template.name}`, ...(template.kind ? [template.kind] : [])],
      shape: 'task-template',
      group: groupIds.get(groupKey),
    };
    nodes.push(node);
    for (const w of workloadNodes) {
      const mayLaunch = w.canLaunch && w.namespace === template.namespace && mountsConfigMap(w.spec, template.configMap);
      if (mayLaunch && launchesKind(componentOf(w.obj), template.kind)) addEdge(w.node.id, node.id, 'launches');
    }
  }

  return { groups, nodes, edges: [...edges.keys()].sort(byText).map((k) => edges.get(k)!) };
}

/**
 * Executor templates are started by the scheduler (KubernetesExecutor); operator templates by
 * KubernetesPodOperator, which runs in workers, the triggerer and task pods, never the scheduler.
 */
function launchesKind(component: string, templateKind: string | undefined): boolean {
  if (templateKind === undefined) return true;
  return templateKind.startsWith('executor') ? component === 'scheduler' : component !== 'scheduler';
}
