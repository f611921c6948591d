/**
 * `npm run validate`: the strict schema check the tests use, on manifest files. Every object of
 * every document is checked (unknown fields rejected, custom resources against the CRDs in
 * `imports/crds/`), and so are the Pod manifests shipped inside ConfigMaps (task pod templates,
 * Spark's driver and executor templates), which the API server never sees but pods are launched
 * from. Each problem names the file, the object and the field.
 */
import * as fs from 'fs';
import * as path from 'path';
import { K8sObject, asFields, asString, configMapData, kindOf, nameOf } from '../report/objects';
import { parseYamlDocuments } from '../report/yaml-text';
import { validateK8sObject } from './kubernetes-schema';

/** What validating some files found. */
export interface ValidationReport {
  /** Files read. */
  readonly files: number;
  /** Objects checked, embedded Pod manifests included. */
  readonly objects: number;
  /** One line per problem: `file: Kind/name: field: what is wrong`. */
  readonly problems: readonly string[];
}

/** Files that describe how to build manifests rather than being manifests. */
const NOT_MANIFESTS = /^(kustomization|Kustomization)\.ya?ml$/;

/**
 * The files to validate for `targets`: a file as given, a folder as every `*.yaml` / `*.yml`
 * below it except kustomization files, sorted.
 *
 * @throws when a target does not exist
 */
export function manifestPaths(targets: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name) && !NOT_MANIFESTS.test(entry.name)) found.push(full);
    }
  };
  for (const target of targets) {
    if (!fs.existsSync(target)) throw new Error(`${target}: no such file or folder`);
    if (fs.statSync(target).isDirectory()) walk(target);
    else found.push(target);
  }
  return found;
}

/** Validates the manifests in `text`, read from `file` (used in messages only). */
export function validateManifestText(file: string, text: string): ValidationReport {
  let docs: unknown[];
  try {
    docs = parseYamlDocuments(text);
  } catch (error) {
    return { files: 1, objects: 0, problems: [`${file}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const problems: string[] = [];
  let objects = 0;
  docs.forEach((doc, i) => {
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      problems.push(`${file}: document ${i + 1}: not a Kubernetes object`);
      return;
    }
    const obj = doc as K8sObject;
    const where = `${file}: ${objectName(obj, i)}`;
    objects++;
    problems.push(...validateK8sObject(obj).map((p) => `${where}: ${withoutObjectPrefix(p, obj)}`));
    for (const [key, embedded] of embeddedManifests(obj)) {
      objects++;
      const inner = `${where}: data[${JSON.stringify(key)}]: ${objectName(embedded, 0)}`;
      problems.push(...validateK8sObject(embedded).map((p) => `${inner}: ${withoutObjectPrefix(p, embedded)}`));
    }
  });
  return { files: 1, objects, problems };
}

/** Validates every file of `files`. */
export function validateManifestFiles(files: readonly string[]): ValidationReport {
  const reports = files.map((file) => validateManifestText(file, fs.readFileSync(file, 'utf8')));
  return {
    files: files.length,
    objects: reports.reduce((sum, r) => sum + r.objects, 0),
    problems: reports.flatMap((r) => r.problems),
  };
}

/** `Kind/name`, or the document number when the object has no name. */
function objectName(obj: K8sObject, index: number): string {
  const name = nameOf(obj);
  return `${kindOf(obj) || '<no kind>'}/${name || `<document ${index + 1}, no name>`}`;
}

/** Problems name the object themselves in some checks; the file line already does. */
function withoutObjectPrefix(problem: string, obj: K8sObject): string {
  const prefix = `${kindOf(obj)}/${nameOf(obj)}: `;
  return problem.startsWith(prefix) ? problem.slice(prefix.length) : problem;
}

/** Kubernetes objects written as YAML inside a ConfigMap (`*.yaml` keys holding `apiVersion` and `kind`). */
function embeddedManifests(obj: K8sObject): Array<[string, K8sObject]> {
  if (kindOf(obj) !== 'ConfigMap') return [];
  const found: Array<[string, K8sObject]> = [];
  for (const [key, text] of Object.entries(configMapData(obj))) {
    if (!/\.ya?ml$/.test(key)) continue;
    let docs: unknown[];
    try {
      docs = parseYamlDocuments(text);
    } catch {
      continue;
    }
    const [doc] = docs;
    const fields = asFields(doc);
    if (docs.length === 1 && asString(fields.apiVersion) && asString(fields.kind)) found.push([key, fields]);
  }
  return found;
}
