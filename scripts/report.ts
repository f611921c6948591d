// `npm run report [-- --json]`: prints the report of dist/ (main.ts's app) as Markdown (REPORT.md) or JSON.
// Refuses, with a message and a non-zero exit, when dist/ is missing or differs from a fresh synth:
// a report of stale manifests would describe something that is not going to be applied.
import { buildOutputReport, checkOutputCurrent, readManifests, renderReportJson, renderReportMarkdown, staleOutputMessage } from '../lib/report';
import { synthesizeInto } from '../lib/synth/synthesize';
import { loadUserApp } from './user-app';

const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
const json = process.argv.includes('--json');
try {
  const differences = checkOutputCurrent(outdir, (dir) => synthesizeInto(dir, loadUserApp()));
  if (differences.length > 0) {
    console.error(staleOutputMessage(differences));
    process.exitCode = 1;
  } else {
    const report = buildOutputReport(readManifests(outdir));
    process.stdout.write(json ? renderReportJson(report) : renderReportMarkdown(report));
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
