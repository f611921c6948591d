/**
 * The CustomResourceDefinitions in `imports/crds/` (the files `cdk8s import` generates
 * `imports/*.ts` from), loaded lazily: a group's CRDs are parsed only when a custom resource of
 * that group is checked, since the largest (Argo CD's Application) takes a noticeable part of a
 * second to parse.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseYamlDocuments } from '../report/yaml-text';

/** The subset of an OpenAPI v3 schema node (with Kubernetes extensions) that CRDs use. */
export interface JsonSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly nullable?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly format?: string;
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly not?: JsonSchema;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
}

/** One version of a CRD. */
export interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly schema: JsonSchema;
}

/** A CustomResourceDefinition loaded from `imports/crds/`. */
export interface Crd {
  /** The file it came from, relative to the CRD folder. */
  readonly file: string;
  readonly group: string;
  readonly kind: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly versions: readonly CrdVersion[];
}

/**
 * Where the CRDs live: `imports/crds/`, the files `cdk8s import` generates `imports/*.ts` from.
 * Found upwards from this file, so it works from the sources and from a bundle in `build/`.
 */
export const CRD_DIR = findCrdDir(__dirname);

function findCrdDir(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'imports', 'crds');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.join(process.cwd(), 'imports', 'crds');
  }
}

const fileCache = new Map<string, readonly Crd[]>();

/** The CRDs of one file; cached. */
function crdsOfFile(dir: string, file: string): readonly Crd[] {
  const key = path.join(dir, file);
  const cached = fileCache.get(key);
  if (cached) return cached;
  let docs: unknown[];
  try {
    docs = parseYamlDocuments(fs.readFileSync(key, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const crds: Crd[] = [];
  for (const doc of docs) {
    const crd = doc as any;
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    crds.push({
      file,
      group: crd.spec.group,
      kind: crd.spec.names.kind,
      scope: crd.spec.scope,
      versions: crd.spec.versions.map((v: any) => ({
        name: v.name,
        served: v.served === true,
        storage: v.storage === true,
        schema: v.schema?.openAPIV3Schema ?? {},
      })),
    });
  }
  fileCache.set(key, crds);
  return crds;
}

const CRD_FILE = /\.ya?ml$/;
/** `spec.group` of a CRD as written in the files (`  group: argoproj.io`). */
const GROUP_LINE = /^ {2}group: *["']?([a-z0-9.-]+)["']? *$/gm;
const indexCache = new Map<string, ReadonlyMap<string, readonly string[]>>();

/**
 * Files by API group, read from the `group:` lines without parsing the (large) CRDs: a check of
 * built-in objects needs no CRD, and a custom resource only its own. Files without such a line are
 * parsed to find their groups.
 */
function crdFilesByGroup(dir: string): ReadonlyMap<string, readonly string[]> {
  const cached = indexCache.get(dir);
  if (cached) return cached;
  const index = new Map<string, string[]>();
  for (const file of fs.readdirSync(dir).filter((f) => CRD_FILE.test(f)).sort()) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    let groups = [...text.matchAll(GROUP_LINE)].map((m) => m[1]);
    if (groups.length === 0) groups = crdsOfFile(dir, file).map((crd) => crd.group);
    for (const group of new Set(groups)) index.set(group, [...(index.get(group) ?? []), file]);
  }
  indexCache.set(dir, index);
  return index;
}

/** Every CustomResourceDefinition in `dir` (all `*.yaml` files, all documents); cached per file. */
export function loadCrds(dir: string = CRD_DIR): readonly Crd[] {
  return fs.readdirSync(dir).filter((f) => CRD_FILE.test(f)).sort().flatMap((file) => crdsOfFile(dir, file));
}

/** The CRDs of one API group. */
export function crdsOfGroup(group: string, dir: string): readonly Crd[] {
  return (crdFilesByGroup(dir).get(group) ?? []).flatMap((file) => crdsOfFile(dir, file)).filter((crd) => crd.group === group);
}

/** API groups that have an imported CRD, e.g. `argoproj.io`. */
export function crdGroups(dir: string = CRD_DIR): ReadonlySet<string> {
  return new Set(crdFilesByGroup(dir).keys());
}

