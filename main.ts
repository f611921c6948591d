// Entry point of `npm run synth`: synthesizes the default app into dist/ and only replaces dist/
// when the whole app synthesized. Library code lives in lib/; tests never import this file.
import { buildDefaultApp } from './examples/default-app';
import { synthesizeAtomically } from './lib/synth/atomic-output';
import { synthesizeInto } from './lib/synth/synthesize';

const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
try {
  synthesizeAtomically(outdir, (staging) => {
    for (const warning of synthesizeInto(staging, buildDefaultApp)) console.warn(`Warning: ${warning}`);
  });
  console.log(`Synthesized into ${outdir}/`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(`Synth failed; ${outdir}/ was left unchanged.`);
  process.exitCode = 1;
}
