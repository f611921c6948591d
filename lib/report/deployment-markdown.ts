/**
 * The Markdown section of one deployment: topology diagram, always-on pods, storage, images,
 * secrets, RBAC and task pod templates.
 */
import { DeploymentReport } from './deployment-report';
import { code, cpu, limits, memory, requests, storage, table } from './markdown';
import { renderMermaid } from './mermaid';
import { ResourceLimits } from './pod-resources';
import { RbacRule } from './rbac';

const NONE = '_None._';

/** `memory limit 9472Mi, no CPU limit`. */
function limitsPhrase(l: ResourceLimits): string {
  const phrase = (name: string, value: number | undefined, format: (v: number) => string) => (value === undefined ? `no ${name} limit` : `${name} limit ${format(value)}`);
  return `${phrase('memory', l.memoryBytes, memory)}, ${phrase('CPU', l.cpuMillicores, cpu)}`;
}

/** One-line summary of the idle footprint. */
export function footprintSentence(report: DeploymentReport): string {
  const { pods, total } = report.alwaysOn;
  return (
    `Idle footprint: **${pods} always-on pod${pods === 1 ? '' : 's'}** requesting **${cpu(total.requests.cpuMillicores)} CPU** and ` +
    `**${memory(total.requests.memoryBytes)} memory** (${limitsPhrase(total.limits)}), ` +
    `**${storage(report.storage.totalBytes)}** persistent storage.`
  );
}

function alwaysOnTable(report: DeploymentReport): string {
  const rows = report.alwaysOn.workloads.map((w) => [
    code(`${w.kind}/${w.name}`),
    w.component,
    w.autoscaler ? `${w.replicas} (min of ${w.autoscaler.ref}${w.autoscaler.maxReplicas === undefined ? '' : `, max ${w.autoscaler.maxReplicas}`})` : String(w.replicas),
    requests(w.perPod.requests),
    limits(w.perPod.limits),
    requests(w.total.requests),
    limits(w.total.limits),
  ]);
  const { pods, total } = report.alwaysOn;
  rows.push(['**total**', '', `**${pods}**`, '', '', `**${requests(total.requests)}**`, `**${limits(total.limits)}**`]);
  return table(['workload', 'component', 'pods', 'requests per pod (CPU / memory)', 'limits per pod', 'requests total', 'limits total'], rows);
}

function storageTable(report: DeploymentReport): string {
  if (report.storage.claims.length === 0) return NONE;
  return table(
    ['claim', 'owner', 'component', 'claims', 'size each', 'total', 'storage class', 'access modes'],
    report.storage.claims.map((c) => [
      code(c.claim), code(c.owner), c.component, String(c.count), storage(c.bytesEach), storage(c.totalBytes), c.storageClass ?? 'cluster default', c.accessModes.join(', '),
    ]),
  );
}

function imagesTable(report: DeploymentReport): string {
  if (report.images.length === 0) return NONE;
  return table(['image', 'tag', 'used by'], report.images.map((i) => [code(i.repository), code(i.tag), i.usedBy.join('\n')]));
}

function secretsTable(report: DeploymentReport): string {
  if (report.secrets.length === 0) return NONE;
  return table(
    ['Secret', 'keys read', 'source', 'used by'],
    report.secrets.map((s) => [code(s.name), s.keys.map(code).join(', ') || 'whole Secret', s.source, s.usedBy.join('\n')]),
  );
}

/** `create, get on pods` with api group and names when they narrow it. */
export function describeRule(rule: RbacRule): string {
  if (rule.nonResourceURLs.length > 0) return `${rule.verbs.join(', ')} on URLs ${rule.nonResourceURLs.join(', ')}`;
  const groups = rule.apiGroups.filter((g) => g !== '');
  const names = rule.resourceNames.length > 0 ? ` named ${rule.resourceNames.join(', ')}` : '';
  return `${rule.verbs.join(', ')} on ${rule.resources.join(', ')}${groups.length > 0 ? ` (${groups.join(', ')})` : ''}${names}`;
}

function rbacTable(report: DeploymentReport): string {
  if (report.rbac.length === 0) return NONE;
  const rows = report.rbac.flatMap((account) => {
    const sa = code(`${account.namespace}/${account.name}`);
    if (account.grants.length === 0) return [[sa, 'no RBAC grants', '', '', '']];
    return account.grants.map((g) => [sa, g.binding, g.role, g.scope, g.rules === undefined ? 'role not in this file' : g.rules.map(describeRule).join('\n')]);
  });
  return table(['ServiceAccount', 'binding', 'role', 'applies in', 'may'], rows);
}

function templatesTable(report: DeploymentReport): string {
  if (report.taskPodTemplates.length === 0) return NONE;
  return table(
    ['template', 'kind', 'file in launcher pods', 'image', 'requests (CPU / memory)', 'limits'],
    report.taskPodTemplates.map((t) => [
      code(t.name), t.kind ?? '', t.path ? code(t.path) : `${code(t.configMap)} key ${code(t.key)}`,
      ...(t.kind?.startsWith('spark ')
        // Spark fills in the image and sizes from spark-defaults.conf when it creates the pod.
        ? ['set by Spark', 'set by `spark-defaults.conf`', 'set by `spark-defaults.conf`']
        : [code(t.image), requests(t.resources.requests), limits(t.resources.limits)]),
    ]),
  );
}

/** `Executor: **X**`, or for several `Executors: **X** (default), **Y**`. */
function executorsFact(executors: readonly string[]): string {
  if (executors.length === 0) return 'Executor: not set in any airflow.cfg';
  if (executors.length === 1) return `Executor: **${executors[0]}**`;
  return `Executors: ${executors.map((e, i) => `**${e}**${i === 0 ? ' (default)' : ''}`).join(', ')}`;
}

/** The whole section of one deployment, starting with a level-2 heading. */
export function deploymentSection(report: DeploymentReport): string {
  const facts = [
    executorsFact(report.executors),
    `instance${report.instances.length === 1 ? '' : 's'} ${report.instances.map(code).join(', ') || 'unlabelled'}`,
    `namespace${report.namespaces.length === 1 ? '' : 's'} ${report.namespaces.map(code).join(', ') || 'none'}`,
  ];
  return [
    `## ${code(report.file)}`,
    `${facts.join(' · ')}.`,
    footprintSentence(report),
    '### Topology',
    'Arrows are connections the manifests state: a Service selecting pods, env naming a Service host, a pod launcher (mounts the templates, may create pods) starting task pods.',
    ['```mermaid', renderMermaid(report.topology), '```'].join('\n'),
    '### Always-on pods',
    'Per-pod figures are what the scheduler reserves: the larger of all containers together and the biggest init container.',
    alwaysOnTable(report),
    '### Persistent storage',
    storageTable(report),
    '### Images',
    imagesTable(report),
    '### Secrets',
    secretsTable(report),
    '### RBAC',
    rbacTable(report),
    '### Task pod templates',
    templatesTable(report),
  ].join('\n\n');
}
