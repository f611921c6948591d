// Mutation testing of the code that carries security and correctness promises (issue 17):
// `npm run mutation`. Slow, so never part of `npm test`; see the README, "Mutation testing".
// @ts-check
import fs from 'node:fs';

/**
 * `file:first-last`: from the first line of `file` containing `from` up to the line before the
 * next one containing `until`. Found in the source, so the range follows the code when lines
 * above it move; throws when either is gone, so an edit cannot silently shrink the scope.
 */
function linesBetween(file, from, until) {
  const lines = fs.readFileSync(new URL(file, import.meta.url), 'utf8').split('\n');
  const first = lines.findIndex((line) => line.includes(from));
  const next = first < 0 ? -1 : lines.findIndex((line, i) => i > first && line.includes(until));
  if (next < 0) throw new Error(`stryker.config.mjs: ${file} has no "${from}" followed by "${until}": re-point the mutation scope`);
  return `${file}:${first + 1}-${next}`;
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  mutate: [
    // RBAC: the Roles and bindings, and which ServiceAccounts launch pods or read their logs.
    'lib/render/rbac.ts',
    // In Airflow's constructor: which executor launches pods, the flags the components get, and
    // the pod-launcher and pod-log-reader Roles (up to the operations).
    linesBetween('lib/airflow.ts', 'const isKubernetesExecutor', 'new AirflowOperations('),
    // NetworkPolicies: the policies, the props checks, and which components call the API server.
    'lib/render/networking/network-policies.ts',
    'lib/resolve/network-policies.ts',
    // In Airflow's constructor: the wiring the NetworkPolicies follow (who calls the API server).
    linesBetween('lib/airflow.ts', 'wiring: {', '});'),
    // Security contexts.
    'lib/render/security.ts',
    // Secrets and the bootstrap: secret sources, the bootstrap Job, secret resolution, and the
    // checks that keep secret values out of dist/. The bootstrap's Python program is one string
    // (one mutant: the empty program); its behaviour is tested by running it
    // (secret-bootstrap-script.test.ts), which Stryker cannot mutate.
    'lib/render/secret-sources.ts',
    'lib/render/components/secret-bootstrap.ts',
    'lib/render/components/secret-bootstrap-script.ts',
    'lib/resolve/secrets.ts',
    'lib/resolve/sensitive-names.ts',
    'lib/resolve/secret-literals.ts',
    'lib/resolve/sealed-value.ts',
    // Validation: shared checks, Kubernetes rules, owned and reserved Airflow settings.
    'lib/resolve/checks.ts',
    'lib/resolve/k8s-rules.ts',
    'lib/resolve/config.ts',
    'lib/resolve/setting-values.ts',
    // The executor wiring.
    'lib/resolve/executor.ts',
    'lib/resolve/executor-list.ts',
    'lib/render/wiring.ts',
    // GitOps annotations.
    'lib/render/gitops/sync-waves.ts',
    // Atomic synth: staging and swap, objects written twice.
    'lib/synth/atomic-output.ts',
    'lib/synth/unique-objects.ts',
  ],
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    // Which tests cover a mutant comes from the initial run's per-test coverage; Jest's own
    // guess from imports would only add work (and misses tests when lib/ is not a Jest root).
    enableFindRelatedTests: false,
    config: {
      // Only for Stryker (see the three files): load only the test files holding a test that
      // covers the mutant, and stop a mutant's run at its first failing test.
      testSequencer: '<rootDir>/__tests__/support/mutation/sequencer.js',
      runner: '<rootDir>/__tests__/support/mutation/runner.js',
      testEnvironment: './__tests__/support/mutation/environment.js',
      // These run `npm run synth` and `cdk8s synth` as child processes, where Stryker cannot
      // activate a mutant, so they cannot kill one (about 14 s each run).
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/synth/commands.test.ts'],
    },
  },
  coverageAnalysis: 'perTest',
  // `// @ts-nocheck` only where mutants are: the README test compares examples/ with the README.
  disableTypeChecks: 'lib/**/*.ts',
  checkers: ['typescript'],
  // TypeScript 5.9 (package `typescript`): the checker needs its JavaScript API, which
  // TypeScript 7 (`typescript7`, used by `npm test`) does not have.
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Two cores, shared with a Kubernetes cluster: one test runner, one checker.
  concurrency: 1,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  // `live-results` writes each result as it comes (reports/mutation/live.tsv): a stopped run still reports.
  plugins: ['@stryker-mutator/*', './__tests__/support/mutation/live-reporter.mjs'],
  reporters: ['progress', 'clear-text', 'json', 'live-results'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
  // A loaded machine: allow slow runs before calling a mutant a timeout.
  timeoutMS: 60_000,
  timeoutFactor: 2,
  ignorePatterns: ['dist', 'e2e', 'build', 'reports', 'coverage', 'cdk8s.out'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
export default config;
