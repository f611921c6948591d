/**
 * Checks what users add to pods (`./../model/extensions`): names and label syntax, exactly one
 * source per env var and volume, no secret literals, no env var that cdk8s-airflow sets, pinned
 * images and explicit resources for added containers. What can only be known once the pod is
 * rendered (a volume name or mount path the component already uses) is checked by the renderer,
 * with the same prop paths.
 */
import { ValidationProblems } from '../errors';
import { ComponentExtensionProps, ExtraContainer, ExtraEnvVar, ExtraVolume, PodMetadataProps } from '../model/extensions';
import { DB_PASSWORD_ENV } from './addresses';
import { checkImage, checkInteger, isDnsLabel, isDnsSubdomain } from './checks';
import { OWNED_SETTINGS, settingEnvName } from './config';
import { validateResources } from './resources';
import { secretLiteralProblem } from './secret-literals';

/** A component's additions, checked, with where they came from for later messages. */
export interface ResolvedExtensions extends Required<PodMetadataProps> {
  /** Construct path of the Airflow construct, as in every other problem. */
  readonly owner: string;
  /** Prop path of the component, e.g. `scheduler` or `executor.workers`. */
  readonly prop: string;
  readonly env: readonly ExtraEnvVar[];
  readonly volumes: readonly ExtraVolume[];
  readonly sidecars: readonly ExtraContainer[];
  readonly initContainers: readonly ExtraContainer[];
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const KEY_NAME = /^[-._a-zA-Z0-9]+$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** Label prefixes whose labels cdk8s-airflow sets (and selects on). */
export const RESERVED_LABEL_PREFIXES = ['app.kubernetes.io/', 'cdk8s-airflow/'];

/** Env names cdk8s-airflow sets in Airflow containers, with what to do instead. */
function reservedEnv(): ReadonlyMap<string, string> {
  const reserved = new Map<string, string>();
  for (const [setting, advice] of Object.entries(OWNED_SETTINGS)) {
    const [section, key] = setting.split('.');
    for (const suffix of ['', '_cmd', '_secret']) reserved.set(settingEnvName(section, key + suffix), advice);
  }
  reserved.set(DB_PASSWORD_ENV, 'it carries the database password: set the "database" prop');
  reserved.set('AIRFLOW_REDIS_PASSWORD', 'it carries the broker password: set the Celery executor\'s "broker" prop');
  reserved.set('CONNECTION_CHECK_MAX_COUNT', 'an init container already waits for the database');
  reserved.set('DUMB_INIT_SETSID', 'Celery workers set it so running tasks can finish on shutdown');
  return reserved;
}
let reservedCache: ReadonlyMap<string, string> | undefined;

/** `[prefix/]name` as Kubernetes requires of label and annotation keys. */
export function isQualifiedKey(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  return (parts.length === 1 || isDnsSubdomain(parts[0])) && name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** Checks a map of labels or annotations. */
function checkMetadataMap(problems: ValidationProblems, prop: string, map: unknown, kind: 'label' | 'annotation', reservedPrefixes: readonly string[] = []): void {
  if (map === undefined) return;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    problems.add(prop, `must be a map of ${kind} keys to strings, got ${JSON.stringify(map)}`);
    return;
  }
  for (const [key, value] of Object.entries(map)) {
    const where = `${prop}["${key}"]`;
    if (!isQualifiedKey(key)) {
      problems.add(where, `is not a valid ${kind} key: [prefix/]name, the name at most 63 characters of A-Z, a-z, 0-9, '-', '_', '.', starting and ending alphanumeric`);
    } else if (reservedPrefixes.some((p) => key.startsWith(p))) {
      problems.add(where, `is set by cdk8s-airflow (keys under ${reservedPrefixes.join(' and ')} are reserved): use another key`);
    }
    if (typeof value !== 'string') {
      problems.add(where, `must be a string, got ${JSON.stringify(value)}`);
    } else if (kind === 'label' && !(value.length <= 63 && LABEL_VALUE.test(value))) {
      problems.add(where, `is not a valid label value (at most 63 characters of A-Z, a-z, 0-9, '-', '_', '.', starting and ending alphanumeric), got ${JSON.stringify(value)}`);
    } else {
      const secret = secretLiteralProblem(undefined, value);
      if (secret) problems.add(where, `${secret}: reference it from a Secret instead`);
    }
  }
}

/** Checks the pod and ServiceAccount metadata additions; returns them with empty defaults. */
export function resolvePodMetadata(problems: ValidationProblems, prop: string, props: PodMetadataProps | undefined): Required<PodMetadataProps> {
  checkMetadataMap(problems, `${prop}.serviceAccountAnnotations`, props?.serviceAccountAnnotations, 'annotation');
  checkMetadataMap(problems, `${prop}.podLabels`, props?.podLabels, 'label', RESERVED_LABEL_PREFIXES);
  checkMetadataMap(problems, `${prop}.podAnnotations`, props?.podAnnotations, 'annotation');
  return {
    serviceAccountAnnotations: props?.serviceAccountAnnotations ?? {},
    podLabels: props?.podLabels ?? {},
    podAnnotations: props?.podAnnotations ?? {},
  };
}

/**
 * Annotations cdk8s-airflow puts on task pods: the cluster autoscaler must not evict a running
 * task, and Argo CD must neither prune nor diff the pods launched from a template.
 */
const TASK_POD_ANNOTATIONS = ['cluster-autoscaler.kubernetes.io/safe-to-evict'];
const TASK_POD_ANNOTATION_PREFIXES = ['argocd.argoproj.io/'];

/** Checks the metadata additions of a task pod template (`prop`: the family or `executor.taskPod`). */
export function resolveTaskPodMetadata(problems: ValidationProblems, prop: string, props: PodMetadataProps | undefined): Required<PodMetadataProps> {
  const metadata = resolvePodMetadata(problems, prop, props);
  for (const key of Object.keys(metadata.podAnnotations)) {
    if (TASK_POD_ANNOTATIONS.includes(key) || TASK_POD_ANNOTATION_PREFIXES.some((p) => key.startsWith(p))) {
      problems.add(`${prop}.podAnnotations["${key}"]`, 'is set by cdk8s-airflow on task pods and cannot be overridden');
    }
  }
  return metadata;
}

/** Checks a list of env vars: names, one source each, no duplicates, no secret literals, nothing reserved. */
export function checkEnv(problems: ValidationProblems, prop: string, env: readonly ExtraEnvVar[] | undefined, reserved = true): void {
  const seen = new Map<string, number>();
  (env ?? []).forEach((variable, i) => {
    const where = `${prop}[${i}]`;
    const { name } = variable;
    if (typeof name !== 'string' || !ENV_NAME.test(name)) {
      problems.add(`${where}.name`, `must be an environment variable name (letters, digits, '_', '-', '.', no digit first), got ${JSON.stringify(name)}`);
      return;
    }
    if (seen.has(name)) problems.add(`${where}.name`, `"${name}" is already set by ${prop}[${seen.get(name)}]`);
    seen.set(name, i);
    reservedCache ??= reservedEnv();
    const advice = reserved ? reservedCache.get(name) : undefined;
    if (advice !== undefined) problems.add(`${where}.name`, `"${name}" is set by cdk8s-airflow and cannot be overridden: ${advice}`);
    const sources = (['value', 'secret', 'configMap'] as const).filter((s) => variable[s] !== undefined);
    if (sources.length !== 1) {
      problems.add(where, `("${name}") must set exactly one of value, secret, configMap; got ${sources.length === 0 ? 'none' : sources.join(' and ')}`);
      return;
    }
    if (variable.value !== undefined) {
      if (typeof variable.value !== 'string') problems.add(`${where}.value`, `must be a string, got ${JSON.stringify(variable.value)}`);
      else {
        const secret = secretLiteralProblem(name, variable.value);
        if (secret) problems.add(`${where}.value`, `${secret}: use { name: "${name}", secret: { name: <Secret>, key: <key> } } so only a reference reaches the manifests`);
      }
    }
    for (const source of ['secret', 'configMap'] as const) {
      const ref = variable[source];
      if (ref === undefined) continue;
      if (!isDnsSubdomain(ref.name)) problems.add(`${where}.${source}.name`, `must be the name of a ${source === 'secret' ? 'Secret' : 'ConfigMap'} (a lowercase RFC 1123 subdomain), got ${JSON.stringify(ref.name)}`);
      if (typeof ref.key !== 'string' || !KEY_NAME.test(ref.key)) problems.add(`${where}.${source}.key`, `must be a key (letters, digits, '-', '_', '.'), got ${JSON.stringify(ref.key)}`);
    }
  });
}

/** An absolute path without `..` segments. */
function checkPath(problems: ValidationProblems, prop: string, path: unknown): void {
  if (typeof path !== 'string' || !path.startsWith('/') || path.split('/').includes('..')) {
    problems.add(prop, `must be an absolute path without "..", got ${JSON.stringify(path)}`);
  }
}

function checkSubPath(problems: ValidationProblems, prop: string, subPath: unknown): void {
  if (subPath === undefined) return;
  if (typeof subPath !== 'string' || subPath === '' || subPath.startsWith('/') || subPath.split('/').includes('..')) {
    problems.add(prop, `must be a relative path inside the volume without "..", got ${JSON.stringify(subPath)}`);
  }
}

/** Checks the extra volumes: names, one source each, restricted-compatible sources, mount paths. */
function checkVolumes(problems: ValidationProblems, prop: string, volumes: readonly ExtraVolume[] | undefined): void {
  const names = new Map<string, number>();
  const paths = new Map<string, number>();
  (volumes ?? []).forEach((entry, i) => {
    const where = `${prop}[${i}]`;
    const volume = (entry.volume ?? {}) as unknown as Record<string, unknown>;
    const name = volume.name;
    if (!isDnsLabel(name)) {
      problems.add(`${where}.volume.name`, `must be a lowercase RFC 1123 label, got ${JSON.stringify(name)}`);
    } else if (names.has(name)) {
      problems.add(`${where}.volume.name`, `"${name}" is already used by ${prop}[${names.get(name)}]`);
    } else {
      names.set(name, i);
    }
    const sources = Object.keys(volume).filter((k) => k !== 'name' && volume[k] !== undefined);
    if (sources.length !== 1) {
      problems.add(`${where}.volume`, `must have exactly one source (configMap, secret, emptyDir, projected, csi, persistentVolumeClaim, ...), got ${sources.length === 0 ? 'none' : sources.join(' and ')}`);
    } else if (sources[0] === 'hostPath') {
      problems.add(`${where}.volume.hostPath`, 'is not allowed: Pod Security "restricted" rejects hostPath volumes, and a node\'s files are no place for Airflow data');
    }
    if (entry.mountPath !== undefined) {
      checkPath(problems, `${where}.mountPath`, entry.mountPath);
      if (paths.has(entry.mountPath)) problems.add(`${where}.mountPath`, `"${entry.mountPath}" is already mounted by ${prop}[${paths.get(entry.mountPath)}]`);
      paths.set(entry.mountPath, i);
    } else if (entry.subPath !== undefined || entry.readOnly !== undefined) {
      problems.add(where, 'sets subPath or readOnly without mountPath: they only apply where the main container mounts the volume');
    }
    checkSubPath(problems, `${where}.subPath`, entry.subPath);
  });
}

/** Checks added containers (sidecars or init containers). */
function checkContainers(problems: ValidationProblems, prop: string, containers: readonly ExtraContainer[] | undefined, init: boolean, names: Map<string, string>): void {
  (containers ?? []).forEach((container, i) => {
    const where = `${prop}[${i}]`;
    if (!isDnsLabel(container.name)) {
      problems.add(`${where}.name`, `must be a lowercase RFC 1123 label, got ${JSON.stringify(container.name)}`);
    } else if (names.has(container.name)) {
      problems.add(`${where}.name`, `"${container.name}" is already used by ${names.get(container.name)}: container names are unique in a pod`);
    } else {
      names.set(container.name, where);
    }
    checkImage(problems, `${where}.image`, container.image);
    const resources = container.resources;
    if (!resources || [resources.cpu, resources.memory, resources.memoryLimit].some((v) => v === undefined)) {
      problems.add(`${where}.resources`, 'must set cpu, memory and memoryLimit: every container has explicit requests and a memory limit');
    } else {
      validateResources(resources, `${where}.resources`, problems);
    }
    checkEnv(problems, `${where}.env`, container.env, false);
    for (const field of ['command', 'args'] as const) {
      (container[field] ?? []).forEach((arg, j) => {
        const secret = typeof arg === 'string' ? secretLiteralProblem(undefined, arg) : undefined;
        if (secret) problems.add(`${where}.${field}[${j}]`, `${secret}: pass it as an env var from a Secret and refer to it as $(NAME)`);
      });
    }
    const paths = new Set<string>();
    (container.volumeMounts ?? []).forEach((mount, j) => {
      const at = `${where}.volumeMounts[${j}]`;
      if (!isDnsLabel(mount.name)) problems.add(`${at}.name`, `must name a volume of the pod, got ${JSON.stringify(mount.name)}`);
      checkPath(problems, `${at}.mountPath`, mount.mountPath);
      if (paths.has(mount.mountPath)) problems.add(`${at}.mountPath`, `"${mount.mountPath}" is mounted twice in this container`);
      paths.add(mount.mountPath);
      checkSubPath(problems, `${at}.subPath`, mount.subPath);
    });
    if (container.runAs) {
      checkInteger(problems, `${where}.runAs.user`, container.runAs.user, 1);
      checkInteger(problems, `${where}.runAs.group`, container.runAs.group, 0);
    }
    if (init) {
      for (const field of ['ports', 'readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
        if (container[field] !== undefined) problems.add(`${where}.${field}`, 'does not apply to an init container, which runs to completion before the pod starts: remove it or make the container a sidecar');
      }
      return;
    }
    (container.ports ?? []).forEach((port, j) => {
      const at = `${where}.ports[${j}]`;
      if (typeof port.name !== 'string' || port.name.length > 15 || !PORT_NAME.test(port.name) || port.name.includes('--')) {
        problems.add(`${at}.name`, `must be a port name (at most 15 characters of a-z, 0-9, '-', with a letter), got ${JSON.stringify(port.name)}`);
      }
      if (!Number.isInteger(port.containerPort) || port.containerPort < 1 || port.containerPort > 65535) {
        problems.add(`${at}.containerPort`, `must be a port number 1-65535, got ${JSON.stringify(port.containerPort)}`);
      }
    });
  });
}

/** Checks a component's additions (`prop` is its prop path) and returns them resolved. */
export function resolveExtensions(problems: ValidationProblems, prop: string, props: ComponentExtensionProps | undefined): ResolvedExtensions {
  const metadata = resolvePodMetadata(problems, prop, props);
  checkEnv(problems, `${prop}.env`, props?.env);
  checkVolumes(problems, `${prop}.volumes`, props?.volumes);
  const containerNames = new Map<string, string>();
  checkContainers(problems, `${prop}.initContainers`, props?.initContainers, true, containerNames);
  checkContainers(problems, `${prop}.sidecars`, props?.sidecars, false, containerNames);
  return {
    ...metadata,
    owner: problems.constructPath,
    prop,
    env: props?.env ?? [],
    volumes: props?.volumes ?? [],
    sidecars: props?.sidecars ?? [],
    initContainers: props?.initContainers ?? [],
  };
}

/**
 * Adds ServiceAccount annotations that another prop derives (for example remote-log credentials
 * through IRSA) to a component's resolved additions. An annotation the user set to another value
 * is a problem naming both props.
 */
export function addServiceAccountAnnotations(
  problems: ValidationProblems,
  extensions: ResolvedExtensions,
  annotations: Readonly<Record<string, string>>,
  fromProp: string,
): ResolvedExtensions {
  for (const [key, value] of Object.entries(annotations)) {
    const existing = extensions.serviceAccountAnnotations[key];
    if (existing !== undefined && existing !== value) {
      problems.add(`${extensions.prop}.serviceAccountAnnotations["${key}"]`, `(${JSON.stringify(existing)}) conflicts with ${JSON.stringify(value)} from ${fromProp}: set it in one place`);
    }
  }
  return { ...extensions, serviceAccountAnnotations: { ...extensions.serviceAccountAnnotations, ...annotations } };
}
