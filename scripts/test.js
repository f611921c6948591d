// `npm test [-- JEST ARGS]`: the type check (TypeScript 7, tsconfig.typecheck.json) and jest side
// by side, then whether dist/ is what main.ts synthesizes (build/check-dist.js, as `npm run
// check:dist`). Arguments go to jest. Exits with the first failure's code: type check, jest,
// build, dist/ check.
// Plain JavaScript on purpose: it runs before anything is built.
'use strict';
const { spawn, spawnSync } = require('child_process');
const path = require('path');
const { buildAll } = require('./build');

const root = path.join(__dirname, '..');

// The tests reach no network (README), so none of their processes uses Node's extra CA
// certificates; Node 20 reads and parses NODE_EXTRA_CA_CERTS at every start (65 ms on our
// machines), and a test run starts about forty node processes.
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

// Tests start python3 about twenty times; a version manager's shim (pyenv's runs some fifteen bash
// processes) can cost more than Python itself. Its interpreter's folder goes first on PATH.
const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
const pythonDir = python.status === 0 ? path.dirname(python.stdout.trim()) : undefined;
if (pythonDir) env.PATH = `${pythonDir}${path.delimiter}${env.PATH ?? ''}`;

function exitCodeOf(child) {
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(error.message);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function node(args, stdio = 'inherit') {
  return spawn(process.execPath, args, { cwd: root, env, stdio });
}

async function main() {
  // Its output is printed when it ends, so it never lands in the middle of jest's.
  const typecheck = node([path.join(root, 'node_modules', 'typescript7', 'bin', 'tsc'), '-p', 'tsconfig.typecheck.json'], ['ignore', 'pipe', 'pipe']);
  let typecheckOutput = '';
  typecheck.stdout.on('data', (chunk) => (typecheckOutput += chunk));
  typecheck.stderr.on('data', (chunk) => (typecheckOutput += chunk));
  const typecheckCode = exitCodeOf(typecheck).then((code) => {
    if (code !== 0) process.stderr.write(`${typecheckOutput}Type check failed (tsconfig.typecheck.json).\n`);
    return code;
  });
  const jestCode = exitCodeOf(node([path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', ...process.argv.slice(2)]));

  for (const code of await Promise.all([typecheckCode, jestCode])) if (code !== 0) return code;
  try {
    buildAll();
  } catch {
    return 1;
  }
  return exitCodeOf(node(['build/check-dist.js']));
}

main().then((code) => {
  process.exitCode = code;
});
