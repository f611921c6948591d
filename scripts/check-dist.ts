// `npm run check:dist`: fails when the committed dist/ differs from a fresh synth, so a change to
// the constructs can never land without the manifests GitOps deploys.
import { buildDefaultApp } from '../examples/default-app';
import { checkOutputCurrent } from '../lib/report/staleness';
import { synthesizeInto } from '../lib/synth/synthesize';

const differences = checkOutputCurrent('dist', (dir) => synthesizeInto(dir, buildDefaultApp));
if (differences.length > 0) {
  console.error('dist/ is not what a fresh synth writes:');
  for (const line of differences) console.error(`  - ${line}`);
  console.error('Run `npm run synth` and commit dist/.');
  process.exitCode = 1;
} else {
  console.log('dist/ matches a fresh synth.');
}
