import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringifyYaml } from '../../lib';
import { manifestPaths, validateManifestFiles, validateManifestText } from '../../lib/validate';
import { synthExamples } from '../support/app';

const examples = synthExamples();
const celeryFile = 'airflow-celery/airflow-celery.k8s.yaml';
const celery = () => JSON.parse(JSON.stringify(examples[celeryFile]));
const text = (objects: unknown[]) => stringifyYaml(...objects);

describe('validateManifestText', () => {
  test('accepts an example deployment, counting the Pod manifests inside its ConfigMaps too', () => {
    // (Every example's objects are validated in examples.test.ts; this is the path from text.)
    const report = validateManifestText(celeryFile, text(examples[celeryFile]));
    expect(report.problems).toEqual([]);
    const templates = examples[celeryFile].filter((o) => o.kind === 'ConfigMap').flatMap((c) => Object.keys(c.data ?? {}).filter((k) => k.endsWith('.yaml')));
    expect(templates.length).toBeGreaterThan(0);
    expect(report.objects).toBe(examples[celeryFile].length + templates.length);
  });

  test('names the file, the object and the field of an unknown field', () => {
    const objects = celery();
    const scheduler = objects.find((o: any) => o.kind === 'Deployment' && o.metadata.name === 'airflow-celery-scheduler');
    scheduler.spec.template.spec.serviceAccountNme = scheduler.spec.template.spec.serviceAccountName;
    expect(validateManifestText('x.yaml', text(objects)).problems).toEqual([
      'x.yaml: Deployment/airflow-celery-scheduler: Deployment.spec.template.spec.serviceAccountNme: unknown field for V1PodSpec',
    ]);
  });

  test('checks the task pod templates shipped in ConfigMaps, naming the ConfigMap key', () => {
    const objects = celery();
    const templates = objects.find((o: any) => o.metadata.name === 'airflow-celery-pod-templates');
    templates.data['python.yaml'] = templates.data['python.yaml'].replace('restartPolicy: Never', 'restartPolicy: Never\n  restartPolicyy: Never');
    expect(validateManifestText('x.yaml', text(objects)).problems).toEqual([
      'x.yaml: ConfigMap/airflow-celery-pod-templates: data["python.yaml"]: Pod/task-python: Pod.spec.restartPolicyy: unknown field for V1PodSpec',
    ]);
  });

  test('checks custom resources against their CRD', () => {
    const [app] = JSON.parse(JSON.stringify(examples['argocd-apps/argocd-apps.k8s.yaml']));
    app.spec.source.directory.inclde = 'x';
    expect(validateManifestText('apps.yaml', text([app])).problems).toEqual(['apps.yaml: Application/airflow-celery: $.spec.source.directory.inclde: unknown field']);
  });

  test('reports YAML that does not parse, documents that are not objects, and unknown kinds', () => {
    expect(validateManifestText('a.yaml', 'a: [').problems[0]).toMatch(/^a\.yaml: not valid YAML: /);
    expect(validateManifestText('b.yaml', '- 1\n').problems).toEqual(['b.yaml: document 1: not a Kubernetes object']);
    expect(validateManifestText('c.yaml', 'apiVersion: v1\nkind: Nope\nmetadata:\n  name: n\n').problems).toEqual(['c.yaml: Nope/n: unknown kind v1 Nope']);
  });
});

describe('manifestPaths', () => {
  test('takes files as given and every YAML file below a folder, without kustomization files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-'));
    fs.mkdirSync(path.join(dir, 'a'));
    for (const f of ['a/a.k8s.yaml', 'a/kustomization.yaml', 'b.yml', 'notes.md']) fs.writeFileSync(path.join(dir, f), '');
    expect(manifestPaths([dir]).map((f) => path.relative(dir, f))).toEqual(['a/a.k8s.yaml', 'b.yml']);
    expect(manifestPaths([path.join(dir, 'notes.md')])).toEqual([path.join(dir, 'notes.md')]);
    expect(() => manifestPaths([path.join(dir, 'missing')])).toThrow('missing: no such file or folder');
  });

  test('validateManifestFiles adds up files, objects and problems', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-'));
    fs.writeFileSync(path.join(dir, 'ok.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n');
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndatta: {}\n');
    const report = validateManifestFiles(manifestPaths([dir]));
    expect(report).toEqual({ files: 2, objects: 2, problems: [`${path.join(dir, 'bad.yaml')}: ConfigMap/bad: ConfigMap.datta: unknown field for V1ConfigMap`] });
  });
});
