// build/main.js: runs build/main.bundle.js (main.ts with every package it uses) the way
// `node build/main.bundle.js` would, with a V8 code cache next to it. Node 20 compiles the 1.5 MB
// bundle on every start; the cache (written after the first run, rewritten when the bundle
// changes) saves most of that, about a tenth of the synth.
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import * as vm from 'vm';

const bundle = path.join(__dirname, 'main.bundle.js');
const cacheFile = `${bundle}.cache`;
const source = fs.readFileSync(bundle, 'utf8');
let cachedData: Buffer | undefined;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}

const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

// The bundle sees itself as the main module, so `require.main === module` holds in main.ts.
const main = new Module(bundle, undefined);
main.filename = bundle;
main.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(bundle));
const requireFromBundle = Module.createRequire(bundle);
Object.defineProperty(requireFromBundle, 'main', { value: main });
process.argv[1] = bundle;
run.call(main.exports, main.exports, requireFromBundle, main, bundle, path.dirname(bundle));

// Compiled functions are in the cache only once they have run, so write it afterwards.
if (cachedData === undefined || script.cachedDataRejected) {
  const temporary = `${cacheFile}.${process.pid}`;
  try {
    fs.writeFileSync(temporary, script.createCachedData());
    fs.renameSync(temporary, cacheFile);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}
