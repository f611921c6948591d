import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkOutputCurrent, compareOutputFolders, staleOutputMessage } from '../../lib/report';

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stale-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const fresh = { 'a.k8s.yaml': 'a\n', 'REPORT.md': '# r\n' };

describe('compareOutputFolders', () => {
  test('no differences when every file is byte-identical', () => {
    expect(compareOutputFolders(folder(fresh), folder(fresh), 'dist/')).toEqual([]);
  });

  test('names each missing, changed and extra file', () => {
    const actual = folder({ 'a.k8s.yaml': 'a changed\n', 'old.k8s.yaml': 'x\n' });
    expect(compareOutputFolders(actual, folder(fresh), 'dist/')).toEqual([
      'dist/REPORT.md is missing',
      'dist/a.k8s.yaml differs from a fresh synth',
      'dist/old.k8s.yaml would not be written by a fresh synth',
    ]);
  });

  test('a missing output folder is one difference', () => {
    expect(compareOutputFolders(path.join(os.tmpdir(), 'no-such-dist-folder'), folder(fresh), 'dist/')).toEqual(['dist/ does not exist']);
  });
});

describe('checkOutputCurrent', () => {
  test('synthesizes into a temporary folder, compares, and removes the folder', () => {
    let used = '';
    const synth = (dir: string) => {
      used = dir;
      for (const [name, text] of Object.entries(fresh)) fs.writeFileSync(path.join(dir, name), text);
    };
    expect(checkOutputCurrent(folder(fresh), synth)).toEqual([]);
    expect(fs.existsSync(used)).toBe(false);
    expect(checkOutputCurrent(folder({ 'a.k8s.yaml': 'a\n' }), synth)).toHaveLength(1);
  });

  test('the message tells the user to run npm run synth first', () => {
    expect(staleOutputMessage(['dist/ does not exist'])).toBe(
      'The manifests are missing or out of date, so there is no report to print:\n  - dist/ does not exist\nRun `npm run synth` first, then run this command again.',
    );
  });
});
