/**
 * Jest runtime that compiles modules with a V8 code cache kept on disk.
 *
 * Jest gives every test file a fresh module registry, so each of our ~60 test files compiles
 * cdk8s, cdk8s-plus-27 (a 530 kB generated `k8s.js`), `yaml` and our ~150 library modules
 * again. V8 can skip that parse when handed the code cache of the same source; Jest does not ask
 * for one. This runtime does, for every module it compiles: the first compile of a source writes
 * its cache under Jest's cache directory (`jest --clearCache` removes it), every later compile of
 * the same text, in any worker or run, reads it. The key is a hash of the text, the module
 * parameters and the Node version, so an edited file never meets an old cache; a cache V8 rejects
 * (other flags) is rewritten. Anything unexpected falls back to Jest's own compile.
 *
 * Everything else is Jest's runtime as shipped: only its module executor's `compile` is wrapped.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Runtime = require('jest-runtime').default;

/** Cache keys by file name, with the text they were computed for: hashing a large module once per worker, not once per test file. */
const keys = new Map();

function cacheKey(filename, source, params) {
  const known = keys.get(filename);
  if (known?.source === source) return known.key;
  const key = crypto.createHash('sha1').update(`${process.version}\0${process.arch}\0${params.join(',')}\0`).update(source).digest('hex');
  keys.set(filename, { source, key });
  return key;
}

function readCache(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes beside and renames, so a concurrent reader in another worker sees a whole file or none. */
function writeCache(file, data) {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, data);
    fs.renameSync(partial, file);
  } catch {
    // A cache that cannot be written only costs the next run its time.
  }
}

/**
 * `vm.compileFunction(source, params, options)` through the code cache in `cacheDir`. Returns the
 * function and whether a cache was used (`hit`) or written (`written`).
 */
function compileWithCodeCache(cacheDir, source, params, options) {
  const file = path.join(cacheDir, cacheKey(options.filename, source, params));
  const cachedData = readCache(file);
  const fn = vm.compileFunction(source, params, { ...options, cachedData, produceCachedData: cachedData === undefined });
  const hit = cachedData !== undefined && !fn.cachedDataRejected;
  let written = false;
  if (!hit) {
    const data = cachedData === undefined ? fn.cachedData : vm.compileFunction(source, params, { ...options, produceCachedData: true }).cachedData;
    if (data) {
      writeCache(file, data);
      written = true;
    }
  }
  return { fn, hit, written };
}

class CodeCacheRuntime extends Runtime {
  constructor(config, ...rest) {
    super(config, ...rest);
    // `executor` is Jest 30's internal module executor; without it, this is Jest's runtime unchanged.
    const executor = this.executor;
    if (!executor || typeof executor.compile !== 'function') return;
    const cacheDir = path.join(config.cacheDirectory, 'v8-code-cache');
    const jestCompile = executor.compile.bind(executor);
    executor.compile = (source, filename) => {
      const context = executor.environment.getVmContext();
      if (context == null || executor.resolution.isCoreModule(filename)) return jestCompile(source, filename);
      try {
        return compileWithCodeCache(cacheDir, source, executor.injectedModuleParameters, {
          filename,
          parsingContext: context,
          // As Jest's own compile: `import()` in a CommonJS module goes to Jest's loader.
          importModuleDynamically: (specifier, _fn, attributes, phase) => executor.dynamicImport(specifier, filename, context, attributes, phase),
        }).fn;
      } catch {
        // Jest's own compile turns a syntax error into its readable report.
        return jestCompile(source, filename);
      }
    };
  }
}

module.exports = CodeCacheRuntime;
module.exports.default = CodeCacheRuntime;
module.exports.compileWithCodeCache = compileWithCodeCache;
