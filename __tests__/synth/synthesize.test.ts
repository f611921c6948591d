import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { buildDefaultApp } from '../../examples/default-app';
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
