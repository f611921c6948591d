/**
 * Reading an output folder's manifests and writing its `REPORT.md`. The only part of the reports
 * that touches the file system.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ManifestFile } from './deployment-report';
import { K8sObject, byText } from './objects';
import { buildOutputReport } from './report';
import { REPORT_FILE, renderReportMarkdown } from './report-markdown';
import { parseYamlDocuments } from './yaml-text';

/** Suffix of the manifest files cdk8s writes. */
export const MANIFEST_SUFFIX = '.k8s.yaml';

/**
 * Parses a multi-document YAML manifest; documents that are not maps are dropped.
 *
 * @throws when the text is not YAML, naming the file
 */
export function parseManifest(file: string, text: string): ManifestFile {
  let docs: unknown[];
  try {
    docs = parseYamlDocuments(text);
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const objects = docs.filter((d): d is K8sObject => typeof d === 'object' && d !== null && !Array.isArray(d));
  return { file, objects };
}

/**
 * Paths of the manifests in `dir`, relative to it and sorted: every `*.k8s.yaml` in `dir` and in
 * its folders one level down (`npm run synth` writes `<chart>/<chart>.k8s.yaml`; a plain cdk8s
 * app writes `<chart>.k8s.yaml`).
 */
export function manifestFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(MANIFEST_SUFFIX)) files.push(entry.name);
    if (!entry.isDirectory()) continue;
    for (const inner of fs.readdirSync(path.join(dir, entry.name), { withFileTypes: true })) {
      if (inner.isFile() && inner.name.endsWith(MANIFEST_SUFFIX)) files.push(`${entry.name}/${inner.name}`);
    }
  }
  return files.sort(byText);
}

/** Every manifest of `dir` (see `manifestFiles`), parsed, sorted by path. */
export function readManifests(dir: string): ManifestFile[] {
  return manifestFiles(dir).map((f) => parseManifest(f, fs.readFileSync(path.join(dir, f), 'utf8')));
}

/** Writes `REPORT.md` for the manifests in `dir` into `dir`. */
export function writeReport(dir: string): void {
  writeReportOf(dir, readManifests(dir));
}

/**
 * Writes `REPORT.md` of `manifests` into `dir`: the synth passes the objects it has just written,
 * which saves parsing them again.
 */
export function writeReportOf(dir: string, manifests: readonly ManifestFile[]): void {
  fs.writeFileSync(path.join(dir, REPORT_FILE), renderReportMarkdown(buildOutputReport(manifests)));
}
