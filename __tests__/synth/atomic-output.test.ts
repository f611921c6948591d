import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeAtomically } from '../../lib/synth/atomic-output';

function tempOutdir(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
  const outdir = path.join(root, 'dist');
  fs.mkdirSync(outdir);
  fs.writeFileSync(path.join(outdir, 'committed.k8s.yaml'), 'previous\n');
  return outdir;
}

const snapshotOf = (dir: string) => Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

describe('synthesizeAtomically', () => {
  test('replaces the output with exactly what the synth wrote', () => {
    const outdir = tempOutdir();
    synthesizeAtomically(outdir, (staging) => fs.writeFileSync(path.join(staging, 'new.k8s.yaml'), 'new\n'));
    expect(snapshotOf(outdir)).toEqual({ 'new.k8s.yaml': 'new\n' });
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['dist']);
  });

  test('a synth that throws half-way leaves the previous output untouched and no staging folder', () => {
    const outdir = tempOutdir();
    expect(() =>
      synthesizeAtomically(outdir, (staging) => {
        fs.writeFileSync(path.join(staging, 'half.k8s.yaml'), 'half\n');
        throw new Error('invalid props');
      }),
    ).toThrow('invalid props');
    expect(snapshotOf(outdir)).toEqual({ 'committed.k8s.yaml': 'previous\n' });
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['dist']);
  });

  test('a synth that writes nothing is a failure, not an empty output', () => {
    const outdir = tempOutdir();
    expect(() => synthesizeAtomically(outdir, () => undefined)).toThrow('synthesis wrote no files; keeping the previous output');
    expect(snapshotOf(outdir)).toEqual({ 'committed.k8s.yaml': 'previous\n' });
  });

  test('creates the output folder when there was none', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
    const outdir = path.join(root, 'dist');
    synthesizeAtomically(outdir, (staging) => fs.writeFileSync(path.join(staging, 'a.yaml'), 'a\n'));
    expect(snapshotOf(outdir)).toEqual({ 'a.yaml': 'a\n' });
  });
});
