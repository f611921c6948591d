/**
 * The README's code must be true: blocks marked `<!-- same as examples/X.ts -->` are that file
 * (compiled and tested there), importing from './lib' as `main.ts` does; every `npm run` command it
 * names exists.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  const marked = [...readme.matchAll(/<!-- same as (examples\/[\w-]+\.ts) -->\n```ts\n([\s\S]*?)```\n/g)];

  test('shows the examples it promises', () => {
    expect(marked.map((m) => m[1]).sort()).toEqual(['examples/extensions.ts', 'examples/own-airflow.ts']);
  });

  test.each(marked.map((m) => [m[1], m[2]]))('the block marked %s is that file', (file, block) => {
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/from '\.\.\/lib'/g, "from './lib'");
    expect(block).toBe(source);
  });

  test('names only npm scripts that exist', () => {
    const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts);
    const named = [...new Set([...readme.matchAll(/npm run (?:-s |--silent )?([\w:-]+)/g)].map((m) => m[1]))];
    expect(named.filter((n) => !scripts.includes(n))).toEqual([]);
  });
});
