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

/** Every `*.k8s.yaml` file of `dir`, parsed, sorted by file name. */
export function readManifests(dir: string): ManifestFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(MANIFEST_SUFFIX))
    .sort(byText)
    .map((f) => parseManifest(f, fs.readFileSync(path.join(dir, f), 'utf8')));
}

/** Writes `REPORT.md` for the manifests in `dir` into `dir`. */
export function writeReport(dir: string): void {
  fs.writeFileSync(path.join(dir, REPORT_FILE), renderReportMarkdown(buildOutputReport(readManifests(dir))));
}
