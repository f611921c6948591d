// Child processes of the plain-JavaScript commands (scripts/synth.js, scripts/test.js).
'use strict';
const { spawn } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');

/**
 * `env` without NODE_EXTRA_CA_CERTS, for children that open no TLS connection: Node 20 reads and
 * parses that file at every start (65 ms on our machines).
 */
function withoutExtraCaCerts(env) {
  const copy = { ...env };
  delete copy.NODE_EXTRA_CA_CERTS;
  return copy;
}

/** Starts `command` in the repository; `exited` resolves to its exit code (1 when killed or not started). */
function run(command, commandArgs, options) {
  const child = spawn(command, commandArgs, { cwd: root, ...options });
  const exited = new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`${command}: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  return { child, exited };
}

module.exports = { root, run, withoutExtraCaCerts };
