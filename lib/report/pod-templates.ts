/**
 * Task pod templates decoded from the ConfigMaps that ship them: every `*.yaml` key of a
 * `*-pod-templates` ConfigMap or of its continuations `*-pod-templates-2`, `-3`, ... (kinds from
 * the `index.json` of the first), and Spark driver / executor pod templates in any other ConfigMap.
 */
import {
  Fields, K8sObject, asFields, asFieldsList, asString, byText, configMapData, containersOf, kindOf, nameOf, namespaceOf, podSpecOf, sortedBy,
} from './objects';
import { PodResources, podResources } from './pod-resources';
import { parseYamlDocument } from './yaml-text';

/** Suffix of the ConfigMaps that ship task pod templates. */
export const POD_TEMPLATES_SUFFIX = '-pod-templates';

/** `<instance>-pod-templates` and, when the templates were split, `<instance>-pod-templates-<n>`. */
const POD_TEMPLATES_NAME = /^(.*-pod-templates)(-[0-9]+)?$/;

/** A pod template decoded from a ConfigMap key. */
export interface DecodedPodTemplate {
  /** Template name: the key without `.yaml`. */
  readonly name: string;
  /** The ConfigMap holding it. */
  readonly configMap: string;
  /** Namespace of the ConfigMap. */
  readonly namespace: string;
  /** The ConfigMap key. */
  readonly key: string;
  /** What kind of template this is, when known (`index.json`, or `spark driver` / `spark executor`). */
  readonly kind?: string;
  /** The Pod manifest. */
  readonly pod: Fields;
  /** Its `spec`. */
  readonly podSpec: Fields;
}

/** The facts about one task pod template shown in reports. */
export interface TaskPodTemplateFacts {
  readonly name: string;
  readonly kind?: string;
  readonly configMap: string;
  /** Namespace of the ConfigMap. */
  readonly namespace: string;
  readonly key: string;
  /** Where launcher pods see the file, when a workload mounts the ConfigMap as a folder. */
  readonly path?: string;
  /** Image of the `base` container (Airflow's main container), else of the first container. */
  readonly image: string;
  readonly resources: PodResources;
}

/** Parses YAML text into a Pod-like map, or undefined when it is not one. */
function parsePod(text: string): Fields | undefined {
  let parsed: unknown;
  try {
    parsed = parseYamlDocument(text);
  } catch {
    return undefined;
  }
  const pod = asFields(parsed);
  return pod.kind === 'Pod' || Array.isArray(asFields(pod.spec).containers) ? pod : undefined;
}

/** Template kinds by template name from the `index.json` shipped next to the templates. */
export function kindsFromIndex(text: string | undefined): ReadonlyMap<string, string> {
  const kinds = new Map<string, string>();
  if (text === undefined) return kinds;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return kinds;
  }
  for (const entry of asFieldsList(asFields(parsed).families)) {
    const name = asString(entry.name);
    const kind = asString(entry.kind);
    if (name !== undefined && kind !== undefined) kinds.set(name, kind);
  }
  return kinds;
}

function templatesOfConfigMap(configMap: K8sObject, indexes: ReadonlyMap<string, string>): DecodedPodTemplate[] {
  const data = configMapData(configMap);
  const group = POD_TEMPLATES_NAME.exec(nameOf(configMap));
  const isTaskTemplates = group !== null;
  const kinds = kindsFromIndex(group ? indexes.get(`${namespaceOf(configMap)}/${group[1]}`) : undefined);
  const decoded: DecodedPodTemplate[] = [];
  for (const key of Object.keys(data).sort(byText)) {
    const sparkRole = /driver/i.test(key) ? 'spark driver' : /executor/i.test(key) ? 'spark executor' : undefined;
    if (isTaskTemplates ? !/\.ya?ml$/.test(key) : sparkRole === undefined) continue;
    const pod = parsePod(data[key]);
    if (pod === undefined) continue;
    const name = key.replace(/\.ya?ml$/, '');
    decoded.push({
      name,
      configMap: nameOf(configMap),
      namespace: namespaceOf(configMap),
      key,
      kind: kinds.get(name) ?? sparkRole,
      pod,
      podSpec: asFields(pod.spec),
    });
  }
  return decoded;
}

/** Every pod template shipped in the deployment's ConfigMaps, sorted by ConfigMap and key. */
export function decodePodTemplates(objects: readonly K8sObject[]): DecodedPodTemplate[] {
  const configMaps = sortedBy(objects.filter((o) => kindOf(o) === 'ConfigMap'), nameOf);
  // The index of split templates is in the first ConfigMap only.
  const indexes = new Map<string, string>();
  for (const configMap of configMaps) {
    const index = configMapData(configMap)['index.json'];
    if (index !== undefined && nameOf(configMap).endsWith(POD_TEMPLATES_SUFFIX)) indexes.set(`${namespaceOf(configMap)}/${nameOf(configMap)}`, index);
  }
  return configMaps.flatMap((configMap) => templatesOfConfigMap(configMap, indexes));
}

/** Folders where workloads mount the ConfigMap `configMapName` (whole, without subPath), sorted. */
export function mountFoldersOf(configMapName: string, namespace: string, objects: readonly K8sObject[]): string[] {
  const folders = new Set<string>();
  for (const obj of objects) {
    const spec = podSpecOf(obj);
    if (spec === undefined || namespaceOf(obj) !== namespace) continue;
    // A ConfigMap mounted itself, or as one source of a projected volume (split templates).
    const mountsIt = (v: Fields) =>
      asString(asFields(v.configMap).name) === configMapName ||
      asFieldsList(asFields(v.projected).sources).some((source) => asString(asFields(source.configMap).name) === configMapName);
    const volumes = asFieldsList(spec.volumes).filter(mountsIt).map((v) => v.name);
    for (const container of [...asFieldsList(spec.initContainers), ...containersOf(spec)]) {
      for (const mount of asFieldsList(container.volumeMounts)) {
        if (volumes.includes(mount.name) && mount.subPath === undefined && typeof mount.mountPath === 'string') folders.add(mount.mountPath);
      }
    }
  }
  return [...folders].sort(byText);
}

/** Kind given to the template `[kubernetes_executor] pod_template_file` points at. */
export const EXECUTOR_DEFAULT_KIND = 'executor default';

/**
 * Report facts of each decoded template.
 *
 * @param defaultTemplateFile `[kubernetes_executor] pod_template_file`, to recognise the executor's default template
 */
export function taskPodTemplateFacts(
  templates: readonly DecodedPodTemplate[],
  objects: readonly K8sObject[],
  defaultTemplateFile?: string,
): TaskPodTemplateFacts[] {
  return templates.map((t) => {
    const containers = containersOf(t.podSpec);
    const main = containers.find((c) => c.name === 'base') ?? containers[0] ?? {};
    const folder = mountFoldersOf(t.configMap, t.namespace, objects)[0];
    const path = folder === undefined ? undefined : `${folder.replace(/\/$/, '')}/${t.key}`;
    return {
      name: t.name,
      kind: path !== undefined && path === defaultTemplateFile ? EXECUTOR_DEFAULT_KIND : t.kind,
      configMap: t.configMap,
      namespace: t.namespace,
      key: t.key,
      path,
      image: asString(main.image) ?? '',
      resources: podResources(t.podSpec),
    };
  });
}

