/** Type-checking runs once in `npm test` (TypeScript 7); ts-jest only transpiles (isolatedModules). */
/** Packages whose inline source maps are stripped before every test file loads them (see the transform). */
const CONSTRUCT_PACKAGES = '(cdk8s|cdk8s-plus-27|constructs)';

module.exports = {
  testEnvironment: 'node',
  runtime: '<rootDir>/__tests__/support/code-cache-runtime.js',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    [`/node_modules/${CONSTRUCT_PACKAGES}/.+\\.js$`]: '<rootDir>/__tests__/support/strip-source-maps.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!${CONSTRUCT_PACKAGES}/)`],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
  // Jest leaves one core idle by default (cores - 1 workers); on a 2-core machine that halves it.
  maxWorkers: 2,
  // Tests never assert timings; on a busy machine, starting python3 or a synth can take seconds.
  testTimeout: 30_000,
};
