/**
 * The Markdown section comparing the CeleryExecutor and KubernetesExecutor deployments, and the
 * gradual move through a deployment running both.
 */
import { formatGibibytes, formatMebibytes, formatMillicores } from '../quantity';
import { ExecutorComparison, IdleFootprint, MigrationSteps, ObjectChanges, ObjectGroupChange } from './executor-comparison';
import { code, cpu, memory, requests, signed, storage, table } from './markdown';
import { TaskPodTemplateFacts } from './pod-templates';

function difference(a: number | undefined, b: number | undefined, format: (v: number) => string): string {
  return a === undefined || b === undefined ? 'n/a' : signed(b - a, format);
}

function footprintTable(c: ExecutorComparison): string {
  const [l, r] = [c.celery, c.kubernetes];
  return table(
    ['idle footprint', `Celery (${l.file})`, `Kubernetes (${r.file})`, 'Kubernetes − Celery'],
    [
      ['always-on pods', String(l.pods), String(r.pods), signed(r.pods - l.pods, String)],
      ['CPU requests', cpu(l.resources.requests.cpuMillicores), cpu(r.resources.requests.cpuMillicores), difference(l.resources.requests.cpuMillicores, r.resources.requests.cpuMillicores, formatMillicores)],
      ['memory requests', memory(l.resources.requests.memoryBytes), memory(r.resources.requests.memoryBytes), difference(l.resources.requests.memoryBytes, r.resources.requests.memoryBytes, formatMebibytes)],
      ['CPU limits', cpu(l.resources.limits.cpuMillicores), cpu(r.resources.limits.cpuMillicores), difference(l.resources.limits.cpuMillicores, r.resources.limits.cpuMillicores, formatMillicores)],
      ['memory limits', memory(l.resources.limits.memoryBytes), memory(r.resources.limits.memoryBytes), difference(l.resources.limits.memoryBytes, r.resources.limits.memoryBytes, formatMebibytes)],
      ['persistent storage', storage(l.storageBytes), storage(r.storageBytes), signed(r.storageBytes - l.storageBytes, formatGibibytes)],
    ],
  );
}

function changeRow(change: string, g: ObjectGroupChange): string[] {
  const names = (list: readonly string[]) => list.map(code).join(', ') || '-';
  const generated = 'generated in the cluster by the secret bootstrap Job, not in dist/';
  const note = g.generatedInCluster
    ? (g.kubernetes.length === 0 ? `${generated}: neither kubectl apply nor Argo CD deletes it (${code(`kubectl delete secret ${g.celery.join(' ')}`)})` : generated)
    : g.keepsData ? 'keeps data: its PersistentVolumeClaims stay after the object is deleted; delete them to free the storage' : '';
  return [change, g.kind, g.component || '(no component label)', names(g.celery), names(g.kubernetes), note];
}

/** The changes of one step, objects of the side before and after it in their own columns. */
function changesTable(c: ObjectChanges, before = 'Celery', after = 'Kubernetes'): string {
  const rows = [
    ...c.removed.map((g) => changeRow('removed', g)),
    ...c.added.map((g) => changeRow('added', g)),
    ...c.changedCount.map((g) => changeRow('count changes', g)),
  ];
  if (rows.length === 0) return '_The two deployments have the same kinds of objects per component._';
  return table(['change', 'kind', 'component', `${before} objects`, `${after} objects`, 'note'], rows);
}

/** Idle footprints side by side: Celery, both at once, Kubernetes. */
function stepsFootprintTable(celery: IdleFootprint, both: IdleFootprint, kubernetes: IdleFootprint): string {
  const sides = [celery, both, kubernetes];
  return table(
    ['idle footprint', `Celery (${celery.file})`, `both (${both.file})`, `Kubernetes (${kubernetes.file})`],
    [
      ['always-on pods', ...sides.map((s) => String(s.pods))],
      ['CPU requests', ...sides.map((s) => cpu(s.resources.requests.cpuMillicores))],
      ['memory requests', ...sides.map((s) => memory(s.resources.requests.memoryBytes))],
      ['memory limits', ...sides.map((s) => memory(s.resources.limits.memoryBytes))],
      ['persistent storage', ...sides.map((s) => storage(s.storageBytes))],
    ],
  );
}

/** The gradual move: Celery, then both executors in one instance, then Kubernetes. */
function migrationSection(c: ExecutorComparison, m: MigrationSteps): string {
  const [first, ...others] = m.executors;
  return [
    `### Step by step: both executors in ${code(m.both.file)}`,
    `${code(m.both.file)} runs ${first} (the default, for every task that names no executor) and ${others.join(', ')} ` +
      `(for tasks with ${others.map((e) => code(`executor="${e}"`)).join(' or ')}) in one instance and one database, so DAGs move a task at a time instead of all at once.`,
    stepsFootprintTable(c.celery, m.both, c.kubernetes),
    `**Step 1, adding KubernetesExecutor** to ${code(c.celery.file)}:`,
    changesTable(m.addKubernetes, 'Celery', 'both'),
    `**Step 2, dropping CeleryExecutor** once no task runs on it, to ${code(c.kubernetes.file)}:`,
    changesTable(m.dropCelery, 'both', 'Kubernetes'),
  ].join('\n\n');
}

/**
 * The comparison section, starting with a level-2 heading.
 *
 * @param taskTemplates task pod templates of the Kubernetes side, to state what each running task adds
 */
export function comparisonSection(c: ExecutorComparison, taskTemplates: readonly TaskPodTemplateFacts[]): string {
  // Executor templates are what KubernetesExecutor starts per task; operator and Spark pods are started by tasks, under either executor.
  const executorTemplates = taskTemplates.filter((t) => t.kind === undefined || t.kind.startsWith('executor'));
  const perTask = executorTemplates.length === 0
    ? ''
    : ` On top of the idle footprint, KubernetesExecutor starts one pod per running task: ${executorTemplates.map((t) => `${code(t.name)} requests ${requests(t.resources.requests)}`).join(', ')}.`;
  return [
    '## Celery vs Kubernetes',
    `Compares ${code(c.celery.file)} (CeleryExecutor) with ${code(c.kubernetes.file)} (KubernetesExecutor). Object names differ by instance, so objects are matched by kind and ${code('app.kubernetes.io/component')}.`,
    '### Idle footprint',
    `What runs while no task does.${perTask}`,
    footprintTable(c),
    '### Switching from CeleryExecutor to KubernetesExecutor',
    'Switching back reverses the table. `kubectl apply` does not delete removed objects: delete them by label, and the Secrets generated in the cluster by name.',
    changesTable(c),
    ...(c.migration ? [migrationSection(c, c.migration)] : []),
  ].join('\n\n');
}
