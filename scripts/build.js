// `npm run build`: bundles main.ts and the tools into build/ with esbuild's API (one esbuild
// service for every bundle, no CLI process per bundle). `npm run synth` and `npm test` use the
// same definitions, so build/main.bundle.js is the same whichever command wrote it.
// Plain JavaScript on purpose: it runs before anything is built.
'use strict';
const path = require('path');

const root = path.join(__dirname, '..');
const common = { absWorkingDir: root, bundle: true, platform: 'node', logLevel: 'warning' };

/**
 * What the synth runs: build/main.bundle.js (main.ts with every package it uses: no module
 * resolution at start) and build/main.js, which runs the bundle with a V8 code cache
 * (scripts/main-launcher.ts). Throws when esbuild reports errors (it printed them).
 */
function buildSynth() {
  const esbuild = require('esbuild');
  esbuild.buildSync({ ...common, entryPoints: ['main.ts'], outfile: 'build/main.bundle.js', alias: { yaml: yamlOfCdk8s() } });
  esbuild.buildSync({ ...common, entryPoints: ['scripts/main-launcher.ts'], outfile: 'build/main.js', packages: 'external' });
}

/**
 * The copy of `yaml` that cdk8s loads (cdk8s ships its own): lib/yaml.ts imports `yaml` too, and
 * one copy in the bundle is 260 kB less for every synth to load. `__tests__/yaml.test.ts` checks
 * that it is the version the tests use.
 */
function yamlOfCdk8s() {
  const cdk8s = path.dirname(require.resolve('cdk8s/package.json', { paths: [root] }));
  return path.dirname(require.resolve('yaml/package.json', { paths: [cdk8s] }));
}

/** The synth and the tools (check-dist, report, validate, bench), which load the app from build/app.js. */
function buildAll() {
  buildSynth();
  require('esbuild').buildSync({
    ...common,
    packages: 'external',
    outdir: 'build',
    entryNames: '[name]',
    entryPoints: { app: 'main.ts', 'check-dist': 'scripts/check-dist.ts', report: 'scripts/report.ts', validate: 'scripts/validate.ts', bench: 'scripts/bench.ts' },
  });
}

module.exports = { buildSynth, buildAll, yamlOfCdk8s };

if (require.main === module) {
  try {
    buildAll();
  } catch {
    process.exitCode = 1;
  }
}
