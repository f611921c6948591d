/**
 * The folder tree is the architecture: lib/ is arranged by the stages data flows through, and
 * imports only point to earlier stages or to the shared utilities at the root. This test keeps it
 * so: it reads every import in lib/ and fails on a backward import or an import circle.
 */
import * as fs from 'fs';
import * as path from 'path';

const LIB = path.join(__dirname, '..', 'lib');

/** Stages in the order data flows through them; a file may import its own stage or earlier ones. */
const STAGES = ['shared', 'model', 'resolve', 'render', 'report', 'synth', 'validate', 'entry'] as const;
type Stage = (typeof STAGES)[number];

/** Root files that import nothing from a stage: names, labels, quantities, hashing, errors, YAML text. */
const SHARED_ROOT_FILES = ['errors.ts', 'hash.ts', 'labels.ts', 'quantity.ts', 'warnings.ts', 'yaml.ts'];
/** Root files that compose the stages: the construct and the public API. */
const ENTRY_ROOT_FILES = ['airflow.ts', 'index.ts'];

function stageOf(file: string): Stage {
  const relative = path.relative(LIB, file);
  const [first] = relative.split(path.sep);
  if (first === relative) {
    if (SHARED_ROOT_FILES.includes(first)) return 'shared';
    if (ENTRY_ROOT_FILES.includes(first)) return 'entry';
    throw new Error(`lib/${first} is neither a shared utility nor an entry point: move it into a stage folder or list it in this test`);
  }
  if (!(STAGES as readonly string[]).includes(first)) throw new Error(`lib/${first}/ is not a stage folder (${STAGES.join(', ')})`);
  return first as Stage;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports (and re-exports) of a file, resolved to files. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/gms)].map((m) => m[1]);
  return specifiers.map((spec) => {
    const base = path.resolve(path.dirname(file), spec);
    const candidates = [`${base}.ts`, path.join(base, 'index.ts')];
    const found = candidates.find((c) => fs.existsSync(c));
    if (!found) throw new Error(`${path.relative(LIB, file)} imports ${spec}, which does not exist`);
    return found;
  }).filter((target) => target.startsWith(LIB + path.sep));
}

const files = sourceFiles(LIB);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => path.relative(LIB, f);

describe('lib/ layout', () => {
  test('every file belongs to a stage, and imports point only to the same or an earlier stage', () => {
    const backward: string[] = [];
    for (const [file, targets] of graph) {
      const from = stageOf(file);
      for (const target of targets) {
        const to = stageOf(target);
        const allowed = from === 'shared' ? to === 'shared' : STAGES.indexOf(to) <= STAGES.indexOf(from);
        if (!allowed) backward.push(`${rel(file)} (${from}) imports ${rel(target)} (${to})`);
      }
    }
    expect(backward).toEqual([]);
  });

  test('no import circles', () => {
    // Tarjan's strongly connected components: any component with more than one file is a circle.
    let index = 0;
    const indexOf = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const circles: string[][] = [];
    const visit = (file: string): void => {
      indexOf.set(file, index);
      low.set(file, index++);
      stack.push(file);
      onStack.add(file);
      for (const target of graph.get(file) ?? []) {
        if (!indexOf.has(target)) {
          visit(target);
          low.set(file, Math.min(low.get(file)!, low.get(target)!));
        } else if (onStack.has(target)) {
          low.set(file, Math.min(low.get(file)!, indexOf.get(target)!));
        }
      }
      if (low.get(file) === indexOf.get(file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(rel(member));
        } while (member !== file);
        if (component.length > 1 || (graph.get(file) ?? []).includes(file)) circles.push(component.sort());
      }
    };
    for (const file of files) if (!indexOf.has(file)) visit(file);
    expect(circles).toEqual([]);
  });

  test('the model builds no construct', () => {
    const builders = files
      .filter((f) => stageOf(f) === 'model')
      .filter((f) => /from 'constructs'|\bextends Construct\b|\bnew k8s\./.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(builders).toEqual([]);
  });

  test('the checker sees a backward import (the rules above can fail)', () => {
    const model = files.find((f) => stageOf(f) === 'model')!;
    const render = files.find((f) => stageOf(f) === 'render')!;
    expect(STAGES.indexOf(stageOf(render)) <= STAGES.indexOf(stageOf(model))).toBe(false);
  });
});
