/**
 * Resolves the `executor` prop, one executor or a list of both: the executors in `[core] executor`
 * order (the first is the default), each resolved, and what only a list or an alias can get wrong:
 * an executor given twice, an alias that is not a name of its own, an Airflow release that cannot
 * run several executors at once.
 */
import { ValidationProblems } from '../errors';
import { CeleryExecutor, Executor, ExecutorList, KubernetesExecutor } from '../model/executor';
import { ResolvedCelery, ResolvedKubernetes, resolveCelery, resolveKubernetes } from './executor';

/** Module paths of the executors: how `[core] executor` names an executor that has an alias. */
export const EXECUTOR_MODULE_PATHS: Readonly<Record<Executor['kind'], string>> = {
  CeleryExecutor: 'airflow.providers.celery.executors.celery_executor.CeleryExecutor',
  KubernetesExecutor: 'airflow.providers.cncf.kubernetes.executors.kubernetes_executor.KubernetesExecutor',
};

/**
 * Class names of Airflow's executors. Airflow looks a task's `executor=` up as an alias first, so
 * an alias with one of these names would take the tasks meant for that executor.
 */
const EXECUTOR_CLASS_NAMES = [
  'CeleryExecutor', 'CeleryKubernetesExecutor', 'DebugExecutor', 'EdgeExecutor', 'KubernetesExecutor', 'LocalExecutor', 'LocalKubernetesExecutor', 'SequentialExecutor',
];

/** Airflow splits `[core] executor` on `,`, `:`, `;` and `=`; a dot would read as a module path. */
const ALIAS = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Where an executor sits in the props and which tasks it runs. */
export interface ExecutorRole {
  /** Its prop path: `executor`, or `executor[i]` in a list. */
  readonly prop: string;
  /** Whether it runs the tasks that name no executor (their `task_instance.executor` is NULL). */
  readonly isDefault: boolean;
  /** The values of `task_instance.executor` that send a task to it: class name, module path, alias. */
  readonly taskExecutorNames: readonly string[];
}

/** The executors of an instance, resolved. */
export interface ResolvedExecutors {
  /** In `[core] executor` order; the first runs every task that names no executor. */
  readonly executors: readonly Executor[];
  /** `[core] executor`, e.g. `CeleryExecutor,KubernetesExecutor`. */
  readonly setting: string;
  /** CeleryExecutor, when it is among them. */
  readonly celery?: ResolvedCelery & ExecutorRole;
  /** KubernetesExecutor, when it is among them. */
  readonly kubernetes?: ResolvedKubernetes & ExecutorRole;
}

/** What the executors are resolved against. */
export interface ExecutorContext {
  readonly instance: string;
  readonly createNamespace: boolean;
}

/** Resolves the `executor` prop. */
export function resolveExecutors(problems: ValidationProblems, value: Executor | ExecutorList, context: ExecutorContext): ResolvedExecutors {
  const isList = Array.isArray(value);
  const entries: readonly unknown[] = isList ? value : [value];
  if (isList) checkList(problems, entries.length);
  const kinds = new Map<string, string>();
  const aliases = new Map<string, string>();
  const executors: Executor[] = [];
  let celery: ResolvedExecutors['celery'];
  let kubernetes: ResolvedExecutors['kubernetes'];
  entries.forEach((entry, i) => {
    const prop = isList ? `executor[${i}]` : 'executor';
    if (!(entry instanceof CeleryExecutor || entry instanceof KubernetesExecutor)) {
      const or = isList ? '' : ', or a list of both such as [new CeleryExecutor(), new KubernetesExecutor()]';
      problems.add(prop, `must be new CeleryExecutor(...) or new KubernetesExecutor(...)${or}`);
      return;
    }
    const first = kinds.get(entry.kind);
    if (first !== undefined) {
      problems.add(prop, `is a second ${entry.kind} (${first} is the first): Airflow runs each executor once per instance; merge its settings into ${first}`);
      return;
    }
    kinds.set(entry.kind, prop);
    const alias = checkAlias(problems, prop, entry.props.alias, aliases);
    const role: ExecutorRole = {
      prop,
      isDefault: executors.length === 0,
      taskExecutorNames: [entry.kind, EXECUTOR_MODULE_PATHS[entry.kind], ...(alias ? [alias] : [])],
    };
    executors.push(entry);
    const scoped = problems.renamed('executor', prop);
    if (entry instanceof CeleryExecutor) celery = { ...resolveCelery(scoped, entry, context.instance, context.createNamespace), ...role };
    else kubernetes = { ...resolveKubernetes(scoped, entry), ...role };
  });
  return { executors, setting: executors.map(executorSettingEntry).join(','), celery, kubernetes };
}

/** One entry of `[core] executor`: the class name, or `alias:module.path` (Airflow wants a module path after an alias). */
export function executorSettingEntry(executor: Executor): string {
  return executor.props.alias ? `${executor.props.alias}:${EXECUTOR_MODULE_PATHS[executor.kind]}` : executor.kind;
}

/**
 * A list names both executors. Every supported release line (2.11, 3.1, 3.3) runs several
 * executors side by side and knows aliases (Airflow 2.10 and later), so no version is checked.
 */
function checkList(problems: ValidationProblems, length: number): void {
  if (length !== 2) {
    problems.add('executor', `must list two executors, CeleryExecutor and KubernetesExecutor, the first being the default; got ${length}. For one executor, pass it directly: executor: new CeleryExecutor()`);
  }
}

/** Checks an alias: its form, that it shadows no executor class name and is used once. */
function checkAlias(problems: ValidationProblems, prop: string, alias: unknown, taken: Map<string, string>): string | undefined {
  if (alias === undefined) return undefined;
  const aliasProp = `${prop}.alias`;
  if (typeof alias !== 'string' || !ALIAS.test(alias)) {
    problems.add(aliasProp, `must be a name of letters, digits, '_' and '-' starting with a letter (Airflow reads ',', ':' and '.' in [core] executor), got ${JSON.stringify(alias)}`);
    return undefined;
  }
  if (EXECUTOR_CLASS_NAMES.includes(alias)) {
    problems.add(aliasProp, `("${alias}") is the class name of an Airflow executor: tasks already name executors by class, and an alias is looked up first, so it would shadow one; choose another alias`);
  }
  const other = taken.get(alias);
  if (other !== undefined) problems.add(aliasProp, `("${alias}") is already the alias of ${other}: each alias must name one executor`);
  else taken.set(alias, prop);
  return alias;
}
