/**
 * State shared by the Stryker-only Jest plugins in this folder (the sequencer and the test
 * environment). Both are loaded by Jest in the Stryker test runner's own process (Stryker runs
 * Jest in band), so a global of that process is one object for both.
 *
 * - `testNames`: for each test file, the full names of its tests, recorded while every test runs
 *   (Stryker's initial run) and kept in a file of the sandbox so a restarted runner has them too.
 * - `failed`: whether a test of the current Jest run has failed (reset by each new sequencer).
 */
const fs = require('fs');
const path = require('path');

const KEY = Symbol.for('cdk8s-airflow.mutation-testing');
const NAMES_FILE = path.join(process.cwd(), '.stryker-test-names.json');

function state() {
  if (!globalThis[KEY]) {
    let testNames = {};
    try {
      testNames = JSON.parse(fs.readFileSync(NAMES_FILE, 'utf8'));
    } catch {
      // No Jest run has recorded names in this sandbox yet: every test file is kept.
    }
    globalThis[KEY] = { testNames, failed: false };
  }
  return globalThis[KEY];
}

/** Records the full names of the tests `testPath` ran, and saves them for a restarted runner. */
function recordTestNames(testPath, names) {
  const s = state();
  s.testNames[testPath] = [...new Set([...(s.testNames[testPath] ?? []), ...names])].sort();
  fs.writeFileSync(NAMES_FILE, JSON.stringify(s.testNames));
}

module.exports = { state, recordTestNames };
