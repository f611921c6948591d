// `npm test [-- JEST ARGS]`: the type check (TypeScript 7, tsconfig.typecheck.json) and jest side
// by side, then whether dist/ is what main.ts synthesizes (build/check-dist.js, as `npm run
// check:dist`). Arguments go to jest. Exits with the first failure's code: type check, jest,
// build, dist/ check.
// Plain JavaScript on purpose: it runs before anything is built.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');
const { buildAll } = require('./build');
const { root, run, withoutExtraCaCerts } = require('./processes');

// The tests reach no network (README), so none of their processes uses Node's extra CA
// certificates, and a test run starts about thirty node processes.
const env = withoutExtraCaCerts(process.env);

// Tests start python3 about twenty times; a version manager's shim (pyenv's runs some fifteen bash
// processes) can cost more than Python itself. Its interpreter's folder goes first on PATH.
const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
const pythonDir = python.status === 0 ? path.dirname(python.stdout.trim()) : undefined;
if (pythonDir) env.PATH = `${pythonDir}${path.delimiter}${env.PATH ?? ''}`;

function node(args, stdio = 'inherit') {
  return run(process.execPath, args, { env, stdio });
}

async function main() {
  // Its output is printed when it ends, so it never lands in the middle of jest's.
  const typecheck = node([path.join(root, 'node_modules', 'typescript7', 'bin', 'tsc'), '-p', 'tsconfig.typecheck.json'], ['ignore', 'pipe', 'pipe']);
  let typecheckOutput = '';
  typecheck.child.stdout.on('data', (chunk) => (typecheckOutput += chunk));
  typecheck.child.stderr.on('data', (chunk) => (typecheckOutput += chunk));
  const typecheckCode = typecheck.exited.then((code) => {
    if (code !== 0) process.stderr.write(`${typecheckOutput}Type check failed (tsconfig.typecheck.json).\n`);
    return code;
  });
  const jestCode = node([path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', ...process.argv.slice(2)]).exited;

  for (const code of await Promise.all([typecheckCode, jestCode])) if (code !== 0) return code;
  try {
    buildAll();
  } catch {
    return 1;
  }
  return node(['build/check-dist.js']).exited;
}

main().then((code) => {
  process.exitCode = code;
});
