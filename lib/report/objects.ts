/**
 * Read-only access to synthesized Kubernetes objects as parsed from YAML. Reports never trust the
 * shape of what they read: a missing or mistyped field reads as absent, never as a crash.
 */

/** A Kubernetes object as parsed from a manifest. */
export type K8sObject = Readonly<Record<string, unknown>>;

/** A JSON map read from an object; empty when the field is missing or not a map. */
export type Fields = Readonly<Record<string, unknown>>;

/** Label holding the component of an object, e.g. `scheduler`. */
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
/** Label holding the instance of an object, e.g. `airflow-celery`. */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** Workload kinds that run pods from a pod template at `spec.template`. */
const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** `value` as a map, or an empty map. */
export function asFields(value: unknown): Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
}

/** `value` as a list, or an empty list. */
export function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` as a list of maps; entries that are not maps are dropped. */
export function asFieldsList(value: unknown): readonly Fields[] {
  return asList(value).filter((v) => typeof v === 'object' && v !== null && !Array.isArray(v)).map(asFields);
}

/** `value` when it is a string. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A resource quantity as text: YAML gives `cpu: 1` as a number, `cpu: 250m` as a string. */
export function asQuantityText(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : asString(value);
}

/** `value` when it is a finite number. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The field at `path` below `value` (maps only), or undefined. */
export function fieldAt(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    const fields = asFields(current);
    if (!(key in fields)) return undefined;
    current = fields[key];
  }
  return current;
}

/** The object's kind, e.g. `Deployment`. */
export function kindOf(obj: K8sObject): string {
  return asString(obj.kind) ?? '';
}

/** The object's name. */
export function nameOf(obj: K8sObject): string {
  return asString(fieldAt(obj, 'metadata', 'name')) ?? '';
}

/** The object's namespace, or `defaultNamespace` when it has none. */
export function namespaceOf(obj: K8sObject, defaultNamespace = 'default'): string {
  return asString(fieldAt(obj, 'metadata', 'namespace')) ?? defaultNamespace;
}

/** The object's labels. */
export function labelsOf(obj: K8sObject): Readonly<Record<string, string>> {
  return stringMap(fieldAt(obj, 'metadata', 'labels'));
}

/** The object's `app.kubernetes.io/component` label, or an empty string. */
export function componentOf(obj: K8sObject): string {
  return asString(fieldAt(obj, 'metadata', 'labels', COMPONENT_LABEL)) ?? '';
}

/** `Kind/name`, how reports refer to an object. */
export function refOf(obj: K8sObject): string {
  return `${kindOf(obj)}/${nameOf(obj)}`;
}

/** A map of strings; entries with other values are dropped. */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(asFields(value))) if (typeof v === 'string') out[key] = v;
  return out;
}

/** The ConfigMap's `data`, string values only. */
export function configMapData(obj: K8sObject): Readonly<Record<string, string>> {
  return stringMap(obj.data);
}

/** The pod template of a workload (`spec.template`, or `spec.jobTemplate.spec.template` for a CronJob; the object itself for a Pod). */
export function podTemplateOf(obj: K8sObject): Fields | undefined {
  const kind = kindOf(obj);
  if (kind === 'Pod') return obj;
  if (TEMPLATE_KINDS.has(kind)) return asFields(fieldAt(obj, 'spec', 'template'));
  if (kind === 'CronJob') return asFields(fieldAt(obj, 'spec', 'jobTemplate', 'spec', 'template'));
  return undefined;
}

/** The pod spec of a workload or Pod; undefined for objects that run no pods. */
export function podSpecOf(obj: K8sObject): Fields | undefined {
  const template = podTemplateOf(obj);
  return template === undefined ? undefined : asFields(template.spec);
}

/** Containers of a pod spec. */
export function containersOf(podSpec: Fields): readonly Fields[] {
  return asFieldsList(podSpec.containers);
}

/** Init containers of a pod spec, in start order. */
export function initContainersOf(podSpec: Fields): readonly Fields[] {
  return asFieldsList(podSpec.initContainers);
}

/** Compares strings for sorting, independent of the locale. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A sorted copy of `items` ordered by `key`. */
export function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => byText(key(a), key(b)));
}
