// `npm run check:dist`: fails when the committed dist/ differs from a fresh synth, so a change to
// the constructs can never land without the manifests GitOps deploys.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildDefaultApp } from '../lib/examples/default-app';
import { compareFolders } from '../lib/synth/compare-folders';
import { synthesizeInto } from '../lib/synth/synthesize';

const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'check-dist-'));
try {
  synthesizeInto(fresh, buildDefaultApp);
  const differences = compareFolders(fresh, 'dist');
  if (differences.length > 0) {
    console.error(`dist/ is stale (${differences.length} difference${differences.length === 1 ? '' : 's'}):`);
    for (const line of differences) console.error(`  ${line}`);
    console.error('Run `npm run synth` and commit dist/.');
    process.exitCode = 1;
  } else {
    console.log('dist/ matches a fresh synth.');
  }
} finally {
  fs.rmSync(fresh, { recursive: true, force: true });
}
