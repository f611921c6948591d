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
const { spawn } = require('child_process');
const path = require('path');
const { buildSynth } = require('./build');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);

/**
 * `env` without NODE_EXTRA_CA_CERTS, for a child that opens no TLS connection: Node 20 reads and
 * parses that file at every start (65 ms on our machines). The app keeps it: a user's app may
 * fetch manifests over HTTPS through a proxy that needs it.
 */
function withoutExtraCaCerts(env) {
  const copy = { ...env };
  delete copy.NODE_EXTRA_CA_CERTS;
  return copy;
}

function run(command, commandArgs, options) {
  const child = spawn(command, commandArgs, { cwd: root, ...options });
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return { child, exited };
}

async function main() {
  // Type errors go to stderr: the cdk8s CLI shows the app's stderr but swallows its stdout.
  const typecheck = run(process.execPath, [path.join(root, 'node_modules', 'typescript7', 'bin', 'tsc'), '-p', 'tsconfig.synth.json'], {
    stdio: ['ignore', process.stderr, process.stderr],
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
