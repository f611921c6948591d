// `npm run synth [-- --outdir DIR --copy-to DIR]`: type-checks main.ts and synthesizes its app at
// the same time, and lets the synth replace the output folder only when the type check passed.
// Plain JavaScript on purpose: it runs before anything is built.
//
// 1. TypeScript 7 checks main.ts and everything it imports (tsconfig.synth.json), in a child.
// 2. Meanwhile esbuild bundles main.ts (scripts/build.js: build/main.bundle.js, run by
//    build/main.js with a V8 code cache), which synthesizes into a staging folder
//    (`--await-approval`) and then waits for one line on stdin: `commit` swaps the staging folder
//    into place, anything else discards it and leaves the output folder exactly as it was.
// 3. The exit code is non-zero when either failed.
'use strict';
const path = require('path');
const { buildSynth } = require('./build');
const { root, run, withoutExtraCaCerts } = require('./processes');
const args = process.argv.slice(2);

async function main() {
  // Type errors go to stderr: the cdk8s CLI shows the app's stderr but swallows its stdout.
  const typecheck = run(process.execPath, [path.join(root, 'node_modules', 'typescript7', 'bin', 'tsc'), '-p', 'tsconfig.synth.json'], {
    stdio: ['ignore', process.stderr, process.stderr],
    // The app keeps NODE_EXTRA_CA_CERTS: a user's app may fetch manifests over HTTPS through a
    // proxy that needs it.
    env: withoutExtraCaCerts(process.env),
  });

  try {
    buildSynth();
  } catch {
    // esbuild printed the errors; the type check says more.
    await typecheck.exited;
    return 1;
  }

  const synth = run(process.execPath, ['build/main.js', '--await-approval', ...args], { stdio: ['pipe', 'inherit', 'inherit'] });
  synth.child.stdin.on('error', () => undefined); // the synth may fail and exit before it reads
  const typecheckCode = await typecheck.exited;
  synth.child.stdin.end(typecheckCode === 0 ? 'commit\n' : `abort: type errors in main.ts or what it imports (see above)\n`);
  const synthCode = await synth.exited;
  return typecheckCode !== 0 ? typecheckCode : synthCode;
}

main().then((code) => {
  process.exitCode = code;
});
