/**
 * Jest test-file runner for Stryker runs only (stryker.config.mjs sets it; `npm test` never uses
 * it). Jest's own in-band runner, one test file at a time, except that while a mutant is active it
 * starts no further test file once a test has failed: the mutant is killed, and the files left
 * would only be loaded to run nothing (the environment beside it skips the remaining tests of the
 * failing file).
 */
const TestRunner = require('jest-runner').default;
const { state } = require('./shared-state');

const killed = () => process.env.__STRYKER_ACTIVE_MUTANT__ !== undefined && state().failed;

class MutationTestRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (!options.serial) return super.runTests(tests, watcher, options);
    for (const test of tests) {
      if (killed() || watcher.isInterrupted()) break;
      await super.runTests([test], watcher, options);
    }
    return undefined;
  }
}

module.exports = MutationTestRunner;
