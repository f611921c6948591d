/**
 * Reading an output folder's manifests and writing its `REPORT.md`. The only part of the reports
 * that touches the file system.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ManifestFile } from './deployment-report';
import { K8sObject, byText } from './objects';
import { buildOutputReport } from './report';
import { REPORT_FILE, renderReportMarkdown } from './report-markdown';

/** Suffix of the manifest files cdk8s writes. */
export const MANIFEST_SUFFIX = '.k8s.yaml';

/** Parses a multi-document YAML manifest; empty documents are dropped. */
export function parseManifest(file: string, text: string): ManifestFile {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
    const value: unknown = doc.toJSON();
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) objects.push(value as K8sObject);
  }
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

/**
 * What `npm run synth` does inside its staging folder: synthesize the app, then write the report of
 * exactly those manifests. Shared by `main.ts` and the staleness check of `npm run report`.
 *
 * @param synthApp writes the app's manifests into the folder it is given
 */
export function synthesizeWithReport(dir: string, synthApp: (dir: string) => void): void {
  synthApp(dir);
  writeReport(dir);
}
