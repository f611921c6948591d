// Entry point of `npm run synth`: synthesizes the default app into dist/ with its REPORT.md and
// only replaces dist/ when the whole app synthesized. Library code lives in lib/; tests never
// import this file.
import { buildDefaultApp } from './lib/examples/default-app';
import { synthesizeWithReport } from './lib/reports/output-folder';
import { synthesizeAtomically } from './lib/synth/atomic-output';

const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
try {
  synthesizeAtomically(outdir, (staging) => synthesizeWithReport(staging, (dir) => buildDefaultApp(dir).synth()));
  console.log(`Synthesized into ${outdir}/`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(`Synth failed; ${outdir}/ was left unchanged.`);
  process.exitCode = 1;
}
