import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeAtomically } from '../../lib/synth/atomic-output';

/** Node's fs module itself (the `import * as fs` above is a copy whose methods cannot be spied on). */
const nodeFs: typeof fs = jest.requireActual('fs');

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

  test('creates the output folder and the folders above it when there were none', () => {
    // GIVEN an output folder whose parent does not exist yet
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
    const outdir = path.join(root, 'build', 'cdk8s.out');
    // WHEN the synth succeeds
    synthesizeAtomically(outdir, (staging) => fs.writeFileSync(path.join(staging, 'a.yaml'), 'a\n'));
    // THEN the output is there, and nothing else beside it
    expect(snapshotOf(outdir)).toEqual({ 'a.yaml': 'a\n' });
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdk8s.out']);
  });

  test('when the new output cannot be moved into place, the previous output is put back', () => {
    // GIVEN a previous output, and a file system that refuses to move the staging folder into place
    const outdir = tempOutdir();
    const rename = fs.renameSync;
    const spy = jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (path.basename(String(from)).startsWith('.dist-staging-')) throw new Error('EXDEV: cross-device link not permitted');
      rename(from, to);
    });
    try {
      // WHEN the synth succeeds but the swap fails
      expect(() => synthesizeAtomically(outdir, (staging) => fs.writeFileSync(path.join(staging, 'new.k8s.yaml'), 'new\n'))).toThrow('EXDEV');
    } finally {
      spy.mockRestore();
    }
    // THEN the previous output is back, and no staging or previous folder is left
    expect(snapshotOf(outdir)).toEqual({ 'committed.k8s.yaml': 'previous\n' });
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['dist']);
  });

  test('when there was no output and the new one cannot be moved into place, the swap\'s own error is thrown and nothing is left', () => {
    // GIVEN no previous output, and a file system that refuses to move the staging folder into place
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
    const outdir = path.join(root, 'dist');
    const spy = jest.spyOn(nodeFs, 'renameSync').mockImplementation(() => {
      throw new Error('EXDEV: cross-device link not permitted');
    });
    try {
      // WHEN the synth succeeds but the swap fails
      expect(() => synthesizeAtomically(outdir, (staging) => fs.writeFileSync(path.join(staging, 'new.k8s.yaml'), 'new\n'))).toThrow('EXDEV');
    } finally {
      spy.mockRestore();
    }
    // THEN there is still no output, and no staging folder
    expect(fs.readdirSync(root)).toEqual([]);
  });

  test('a synth that fails after removing its staging folder still throws its own error', () => {
    // GIVEN a previous output
    const outdir = tempOutdir();
    // WHEN the synth deletes the folder it was given, then fails
    const synth = (staging: string) => {
      fs.rmSync(staging, { recursive: true });
      throw new Error('invalid props');
    };
    // THEN the caller sees the synth's error, and the previous output is untouched
    expect(() => synthesizeAtomically(outdir, synth)).toThrow('invalid props');
    expect(snapshotOf(outdir)).toEqual({ 'committed.k8s.yaml': 'previous\n' });
  });

  test('a previous output left behind by a synth that crashed during the swap does not block the next swaps', () => {
    // GIVEN an output, and beside it the previous output of a crashed synth of this process id
    const outdir = tempOutdir();
    const leftover = path.join(path.dirname(outdir), `.dist-previous-${process.pid}`);
    fs.mkdirSync(leftover);
    fs.writeFileSync(path.join(leftover, 'older.k8s.yaml'), 'older\n');
    // WHEN the synth succeeds
    synthesizeAtomically(outdir, (staging) => fs.writeFileSync(path.join(staging, 'new.k8s.yaml'), 'new\n'));
    // THEN the output is what it wrote, and the leftover is gone
    expect(snapshotOf(outdir)).toEqual({ 'new.k8s.yaml': 'new\n' });
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['dist']);
  });

  test('with no output before, a previous output left behind by a crashed synth is removed', () => {
    // GIVEN no output, only the previous output of a crashed synth of this process id
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
    const outdir = path.join(root, 'dist');
    fs.mkdirSync(path.join(root, `.dist-previous-${process.pid}`));
    fs.writeFileSync(path.join(root, `.dist-previous-${process.pid}`, 'older.k8s.yaml'), 'older\n');
    // WHEN the synth succeeds
    synthesizeAtomically(outdir, (staging) => fs.writeFileSync(path.join(staging, 'new.k8s.yaml'), 'new\n'));
    // THEN only the new output is there
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('a staging folder left behind by a crashed synth is replaced, not merged into the output', () => {
    // GIVEN a previous output and a staging folder of this process id with a file in it
    const outdir = tempOutdir();
    const leftover = path.join(path.dirname(outdir), `.dist-staging-${process.pid}`);
    fs.mkdirSync(path.join(leftover, 'old'), { recursive: true });
    fs.writeFileSync(path.join(leftover, 'old', 'stale.k8s.yaml'), 'stale\n');
    // WHEN the synth succeeds
    synthesizeAtomically(outdir, (staging) => fs.writeFileSync(path.join(staging, 'new.k8s.yaml'), 'new\n'));
    // THEN the output is only what this synth wrote
    expect(snapshotOf(outdir)).toEqual({ 'new.k8s.yaml': 'new\n' });
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['dist']);
  });

  test('creates the output folder when there was none', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
    const outdir = path.join(root, 'dist');
    synthesizeAtomically(outdir, (staging) => fs.writeFileSync(path.join(staging, 'a.yaml'), 'a\n'));
    expect(snapshotOf(outdir)).toEqual({ 'a.yaml': 'a\n' });
  });
});
