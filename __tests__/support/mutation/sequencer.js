/**
 * Jest test sequencer for Stryker runs only (stryker.config.mjs sets it; `npm test` never uses
 * it). Stryker runs each mutant with a `testNamePattern` naming exactly the tests that cover it,
 * but Jest still loads every test file it finds related, about 10 s of module loading per mutant
 * here, and then skips the tests that do not match. This keeps only the files that hold a matching
 * test, so the same tests run, without loading the files that would run none of them. A file
 * whose test names are not known yet is kept, and without a pattern (Stryker's initial run, and
 * mutants that run at module load) nothing is filtered.
 */
const Sequencer = require('@jest/test-sequencer').default;
const { state } = require('./shared-state');

class MutationTestSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.testNamePattern = options.globalConfig.testNamePattern;
    // A new Jest run: no test of it has failed yet.
    state().failed = false;
  }

  /** The files holding a test the pattern names, or whose test names are not known yet. */
  withMatchingTests(tests) {
    if (!this.testNamePattern) return tests;
    // The same expression Jest's runner (jest-circus) matches full test names with.
    const pattern = new RegExp(this.testNamePattern, 'i');
    const { testNames } = state();
    const kept = tests.filter((test) => {
      const names = testNames[test.path];
      return names === undefined || names.some((name) => pattern.test(name));
    });
    // Never nothing: an empty run would pass, and Stryker would call the mutant a survivor.
    return kept.length > 0 ? kept : tests;
  }

  /**
   * Files that failed in the last run first (they are the likeliest to kill this mutant too),
   * then the quickest: a mutant's run stops at its first failing test (runner.js), so the
   * long-running files Jest would start first are better left for last.
   */
  sort(tests) {
    // Jest has no filter hook for a sequencer: the files it returns from sort are the ones it runs.
    const kept = this.withMatchingTests(tests);
    for (const test of kept) test.duration = this.time(test);
    const failed = (test) => (this.hasFailed(test) ? 0 : 1);
    return [...kept].sort((a, b) => failed(a) - failed(b) || (a.duration ?? Infinity) - (b.duration ?? Infinity) || (a.path < b.path ? -1 : 1));
  }
}

module.exports = MutationTestSequencer;
