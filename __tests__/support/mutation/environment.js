/**
 * Jest test environment for Stryker runs only (stryker.config.mjs sets it; Stryker wraps it with
 * its own coverage mixin). The Node environment, plus:
 *
 * - Coverage of code run outside any test (a test file's module-level code and `beforeAll`, such
 *   as the examples synthesized once per file) is given to every test of that file. Stryker would
 *   call those mutants "static" and run all 1,000 tests for each; but such code runs only when its
 *   own file does, and then for any of that file's tests, so running that file's tests (and those
 *   that cover the mutant themselves) runs everything that can kill it.
 * - It records the full name of every test that runs, for the sequencer beside it.
 * - While a mutant is active, once one test has failed (the mutant is killed) the remaining tests
 *   of that Jest run are skipped: Stryker's "bail", which its Jest runner cannot ask Jest for.
 *   Outside mutant runs (the initial run) every test runs.
 */
const { TestEnvironment } = require('jest-environment-node');
const { state, recordTestNames } = require('./shared-state');

/** The name Jest matches `testNamePattern` against: describe blocks and test, space-separated. */
function fullName(test) {
  const names = [];
  for (let block = test; block && block.parent; block = block.parent) names.unshift(block.name);
  return names.join(' ');
}

const mutantActive = () => process.env.__STRYKER_ACTIVE_MUTANT__ !== undefined;

class MutationTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
    this.started = [];
  }

  /** Stryker's instrumenter context (shared by all test files; set by Stryker's mixin). */
  strykerContext() {
    return this.global[this.global.__strykerGlobalNamespace__ ?? '__stryker__'];
  }

  async setup() {
    await super.setup();
    // Runs before the test file is loaded: what is static so far belongs to earlier files.
    this.staticBefore = { ...this.strykerContext()?.mutantCoverage?.static };
  }

  async handleTestEvent(event) {
    if (event.name === 'test_start') {
      if (mutantActive() && state().failed) event.test.mode = 'skip';
      else this.started.push(fullName(event.test));
    } else if (event.name === 'test_done' && event.test.errors.length > 0) {
      state().failed = true;
    }
  }

  async teardown() {
    if (!mutantActive() && this.started.length > 0) {
      recordTestNames(this.testPath, this.started);
      this.attributeStaticCoverage();
    }
    await super.teardown();
  }

  /** Moves the coverage this file gathered outside its tests onto each of its tests. */
  attributeStaticCoverage() {
    const coverage = this.strykerContext()?.mutantCoverage;
    if (!coverage || !this.staticBefore) return;
    for (const [mutant, hits] of Object.entries(coverage.static)) {
      const before = this.staticBefore[mutant] ?? 0;
      if (hits <= before) continue;
      for (const test of this.started) {
        const perTest = (coverage.perTest[test] ??= {});
        perTest[mutant] = (perTest[mutant] ?? 0) + (hits - before);
      }
      if (before > 0) coverage.static[mutant] = before;
      else delete coverage.static[mutant];
    }
  }
}

module.exports = MutationTestEnvironment;
