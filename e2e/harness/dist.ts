import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  [key: string]: unknown;
}

/** The synthesized manifests: every dist/<chart>/<chart>.k8s.yaml (one folder per chart). */
export function distFiles(repoDir: string): string[] {
  const dir = path.join(repoDir, 'dist');
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => fs.readdirSync(path.join(dir, entry.name)).filter((f) => f.endsWith('.k8s.yaml')).map((f) => path.join(dir, entry.name, f)))
    .sort();
}

export function readObjects(file: string): K8sObject[] {
  return (yaml.loadAll(fs.readFileSync(file, 'utf8')) as K8sObject[]).filter((o) => o && typeof o === 'object' && o.kind);
}

/** Namespaces a file's objects live in, plus the Namespaces it defines. */
export function namespacesOf(objects: readonly K8sObject[]): string[] {
  const names = new Set<string>();
  for (const o of objects) {
    if (o.metadata.namespace) names.add(o.metadata.namespace);
    if (o.kind === 'Namespace' && o.apiVersion === 'v1') names.add(o.metadata.name);
  }
  return [...names].sort();
}

/** True for objects of an API group that a CustomResourceDefinition provides. */
export function isCustom(o: K8sObject, crdGroups: ReadonlySet<string>): boolean {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return crdGroups.has(group);
}

/**
 * Images an object makes the cluster run: its pod template's containers (init containers too),
 * and for a ConfigMap, the containers of the pod templates it holds (task pod families, Spark's
 * driver and executor templates) and Spark's `spark.kubernetes.*.image` settings: images that
 * only an executor or spark-submit starts, which no workload names.
 */
export function imagesOf(o: K8sObject): string[] {
  const images = new Set<string>();
  const pod = o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec;
  addContainerImages(pod, images);
  if (o.kind === 'ConfigMap' && o.data && typeof o.data === 'object') {
    for (const value of Object.values(o.data as Record<string, unknown>)) {
      if (typeof value !== 'string') continue;
      for (const m of value.matchAll(/^\s*spark\.kubernetes\.(?:container|driver|executor)\.image[ \t=]+(\S+)/gm)) images.add(m[1]);
      let docs: unknown[];
      try {
        docs = yaml.loadAll(value);
      } catch {
        continue; // not YAML or JSON (airflow.cfg, a script)
      }
      for (const doc of docs) collectPodImages(doc, images);
    }
  }
  return [...images];
}

function addContainerImages(pod: any, images: Set<string>): void {
  for (const c of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) if (typeof c?.image === 'string') images.add(c.image);
}

/** Every pod spec (an object with a `containers` list) inside a parsed document. */
function collectPodImages(value: unknown, images: Set<string>): void {
  if (!value || typeof value !== 'object') return;
  if (Array.isArray((value as any).containers)) addContainerImages(value, images);
  for (const child of Object.values(value as Record<string, unknown>)) collectPodImages(child, images);
}

/** The name containerd stores an image under (docker.io/library/python:3.12 for python:3.12). */
export function fullImageName(ref: string): string {
  const first = ref.split('/')[0];
  const hasRegistry = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return ref;
  return ref.includes('/') ? `docker.io/${ref}` : `docker.io/library/${ref}`;
}
