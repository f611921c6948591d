import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { buildDefaultApp } from '../../lib/examples/default-app';
import { compareFolders } from '../../lib/synth/compare-folders';
import { synthesizeInto } from '../../lib/synth/synthesize';

const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const synthesized = (() => {
  const dir = tempDir('synth-');
  synthesizeInto(dir, buildDefaultApp);
  return dir;
})();
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

describe('the output folder', () => {
  test('is a kustomize base listing every deployment', () => {
    const kustomization = fs.readFileSync(path.join(synthesized, 'kustomization.yaml'), 'utf8');
    const deployments = fs.readdirSync(synthesized).filter((f) => f.endsWith('.k8s.yaml') && f !== 'argocd-apps.k8s.yaml');
    for (const file of deployments) expect(kustomization).toContain(`  - ${file}\n`);
  });

  (hasKubectl ? test : test.skip)('kubectl kustomize builds it, keeping every object', () => {
    const built = execFileSync('kubectl', ['kustomize', synthesized], { encoding: 'utf8' });
    const count = (text: string) => parseAllDocuments(text).filter((d) => d.toJS()).length;
    const expected = fs
      .readdirSync(synthesized)
      .filter((f) => f.endsWith('.k8s.yaml') && f !== 'argocd-apps.k8s.yaml')
      .reduce((sum, f) => sum + count(fs.readFileSync(path.join(synthesized, f), 'utf8')), 0);
    expect(count(built)).toBe(expected);
  });
});

describe('compareFolders (behind npm run check:dist)', () => {
  test('reports nothing for identical folders', () => {
    const copy = tempDir('copy-');
    for (const f of fs.readdirSync(synthesized)) fs.copyFileSync(path.join(synthesized, f), path.join(copy, f));
    expect(compareFolders(synthesized, copy)).toEqual([]);
  });

  test('reports changed, missing and extra files', () => {
    const a = tempDir('a-');
    const b = tempDir('b-');
    fs.writeFileSync(path.join(a, 'same.yaml'), 'x');
    fs.writeFileSync(path.join(b, 'same.yaml'), 'x');
    fs.writeFileSync(path.join(a, 'changed.yaml'), 'new');
    fs.writeFileSync(path.join(b, 'changed.yaml'), 'old');
    fs.writeFileSync(path.join(a, 'missing.yaml'), 'x');
    fs.writeFileSync(path.join(b, 'extra.yaml'), 'x');
    expect(compareFolders(a, b)).toEqual(['changed: changed.yaml', 'missing: missing.yaml', 'not produced by synth: extra.yaml']);
  });

  test('treats a missing folder as empty', () => {
    expect(compareFolders(synthesized, path.join(synthesized, 'nope')).length).toBeGreaterThan(0);
  });
});
