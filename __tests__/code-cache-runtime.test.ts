/**
 * The Jest runtime of this suite (`__tests__/support/code-cache-runtime.js`) compiles modules
 * through a V8 code cache on disk. A cache must only ever serve the text it was made from.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compileWithCodeCache } = require('./support/code-cache-runtime.js') as {
  compileWithCodeCache: (dir: string, source: string, params: string[], options: vm.CompileFunctionOptions) => { fn: Function; hit: boolean; written: boolean };
};

const PARAMS = ['module', 'exports'];
const compile = (dir: string, source: string, filename = 'module.js') => compileWithCodeCache(dir, source, PARAMS, { filename, parsingContext: vm.createContext({}) });
const run = (fn: Function): unknown => {
  const module = { exports: {} as any };
  fn(module, module.exports);
  return module.exports.value;
};

describe('compiling through the code cache', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'))));

  test('the first compile writes a cache that the next compile of the same text uses', () => {
    const source = 'exports.value = [1, 2, 3].map((n) => n * 2).join(",");';
    const first = compile(dir, source);
    expect({ hit: first.hit, written: first.written, files: fs.readdirSync(dir).length }).toEqual({ hit: false, written: true, files: 1 });
    const second = compile(dir, source);
    expect({ hit: second.hit, written: second.written }).toEqual({ hit: true, written: false });
    expect(run(second.fn)).toBe('2,4,6');
  });

  test('an edited file of the same length never runs the old code', () => {
    const first = compile(dir, 'exports.value = "a";');
    const edited = compile(dir, 'exports.value = "b";');
    expect(run(first.fn)).toBe('a');
    expect({ hit: edited.hit, value: run(edited.fn) }).toEqual({ hit: false, value: 'b' });
  });

  test('a damaged cache is rejected by V8, the module still compiles, and the cache is rewritten', () => {
    const source = 'exports.value = 40 + 2;';
    compile(dir, source);
    const [file] = fs.readdirSync(dir);
    fs.writeFileSync(path.join(dir, file), Buffer.from('not a code cache'));
    const again = compile(dir, source);
    expect({ hit: again.hit, written: again.written, value: run(again.fn) }).toEqual({ hit: false, written: true, value: 42 });
    expect(compile(dir, source).hit).toBe(true);
  });

  test('a syntax error is thrown, not cached', () => {
    expect(() => compile(dir, 'exports.value = ;')).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

test('jest.config.js runs the suite on this runtime', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(require('../jest.config.js').runtime).toBe('<rootDir>/__tests__/support/code-cache-runtime.js');
});
