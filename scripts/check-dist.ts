// `npm run check:dist`: fails when the committed dist/ differs from a fresh synth of main.ts's app,
// so a change to the app or the constructs can never land without the manifests GitOps deploys.
import { checkOutputCurrent } from '../lib/report/staleness';
import { synthesizeInto } from '../lib/synth/synthesize';
import { loadUserApp } from './user-app';

const buildApp = loadUserApp();
const differences = checkOutputCurrent('dist', (dir) => synthesizeInto(dir, buildApp));
if (differences.length > 0) {
  console.error('dist/ is not what a fresh synth of main.ts writes:');
  for (const line of differences) console.error(`  - ${line}`);
  console.error('Run `npm run synth`, review the diff of dist/ and commit it.');
  process.exitCode = 1;
} else {
  console.log('dist/ matches a fresh synth.');
}
