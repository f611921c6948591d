import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { buildExampleApp } from '../../examples';
import { synthesizeInto } from '../../lib/synth/synthesize';

const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const synthesized = (() => {
  const dir = tempDir('synth-');
  synthesizeInto(dir, buildExampleApp);
  return dir;
})();
const chartFolders = fs.readdirSync(synthesized, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
/** kubectl on PATH (looked up without starting it: that alone takes a noticeable part of a second). */
const hasKubectl = (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
  try {
    fs.accessSync(path.join(dir, 'kubectl'), fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

describe('the output folder', () => {
  test('holds one folder per chart and REPORT.md, and no kustomization that combines charts', () => {
    expect(chartFolders).toEqual(['airflow-celery', 'airflow-kubernetes', 'airflow-migration', 'airflow-production', 'argocd-apps']);
    expect(fs.readdirSync(synthesized).filter((f) => !chartFolders.includes(f))).toEqual(['REPORT.md']);
  });

  test.each(chartFolders)('%s/ is a kustomize base of that chart alone', (folder) => {
    expect(fs.readdirSync(path.join(synthesized, folder)).sort()).toEqual([`${folder}.k8s.yaml`, 'kustomization.yaml']);
    const kustomization = parseAllDocuments(fs.readFileSync(path.join(synthesized, folder, 'kustomization.yaml'), 'utf8')).map((d) => d.toJS());
    expect(kustomization).toEqual([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [`${folder}.k8s.yaml`] }]);
  });

  // One folder is enough: the test above shows every folder has the same shape.
  (hasKubectl ? test : test.skip)('kubectl kustomize builds a chart folder offline, keeping every object of the chart', () => {
    const count = (text: string) => parseAllDocuments(text).filter((d) => d.toJS()).length;
    const folder = 'airflow-kubernetes';
    const built = execFileSync('kubectl', ['kustomize', path.join(synthesized, folder)], { encoding: 'utf8' });
    expect(count(built)).toBe(count(fs.readFileSync(path.join(synthesized, folder, `${folder}.k8s.yaml`), 'utf8')));
  });

  test('a chart folder is named like cdk8s names the chart\'s file', () => {
    const build = (outdir: string) => {
      const app = new App({ outdir });
      new k8s.KubeConfigMap(new Chart(app, 'My-Chart'), 'cm', { data: { a: 'b' } });
      return app;
    };
    const ours = tempDir('names-');
    synthesizeInto(ours, build);
    const plain = tempDir('names-plain-');
    build(plain).synth();
    const [cdk8sFile] = fs.readdirSync(plain);
    const folder = cdk8sFile.replace(/\.k8s\.yaml$/, '');
    expect(fs.readdirSync(ours).sort()).toEqual(['REPORT.md', folder]);
    expect(fs.readFileSync(path.join(ours, folder, cdk8sFile), 'utf8')).toBe(fs.readFileSync(path.join(plain, cdk8sFile), 'utf8'));
  });

  test('an app without charts is an error, not an empty output', () => {
    expect(() => synthesizeInto(tempDir('empty-'), (outdir) => new App({ outdir }))).toThrow('the app has no charts');
  });
});
