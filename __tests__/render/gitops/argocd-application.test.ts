import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { AirflowArgoCdApplication, AirflowArgoCdApplicationProps, AirflowValidationError } from '../../../lib';
import { CeleryExample, EXAMPLE_NAMESPACE, KubernetesExample } from '../../../examples';
import { K8sObject } from '../../support/chart';
import { validateCustomResource } from '../../support/crd-schema';
import { validateK8sObject } from '../../support/schema';

const REPO = 'https://github.com/acme/airflow-deploy.git';
const required: AirflowArgoCdApplicationProps = {
  repoUrl: REPO,
  manifestFile: 'airflow-celery.k8s.yaml',
  destinationNamespace: 'airflow',
};

/** Synthesizes one Application in a chart named like the one the default app would use. */
function synthApplication(props: Partial<AirflowArgoCdApplicationProps> = {}): K8sObject {
  const chart = new Chart(Testing.app(), 'argocd-apps');
  new AirflowArgoCdApplication(chart, 'airflow-celery', { ...required, ...props });
  const objects = Testing.synth(chart) as K8sObject[];
  expect(objects).toHaveLength(1);
  return objects[0];
}

/** The problems an invalid set of props produces. */
function problemsOf(props: Partial<AirflowArgoCdApplicationProps>): readonly string[] {
  const chart = new Chart(Testing.app(), 'argocd-apps');
  try {
    new AirflowArgoCdApplication(chart, 'airflow-celery', { ...required, ...props } as AirflowArgoCdApplicationProps);
  } catch (error) {
    if (error instanceof AirflowValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected an AirflowValidationError');
}

describe('AirflowArgoCdApplication', () => {
  test('with only the required props: one Application reading one file of dist/, manual sync', () => {
    expect(synthApplication()).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'airflow-celery',
        namespace: 'argocd',
        labels: {
          'app.kubernetes.io/name': 'airflow',
          'app.kubernetes.io/component': 'gitops',
          'app.kubernetes.io/part-of': 'airflow',
          'app.kubernetes.io/managed-by': 'cdk8s',
        },
      },
      spec: {
        project: 'default',
        source: {
          repoURL: REPO,
          targetRevision: 'HEAD',
          path: 'dist',
          directory: { include: 'airflow-celery.k8s.yaml', recurse: false },
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'airflow' },
        syncPolicy: { syncOptions: ['CreateNamespace=true'] },
      },
    });
  });

  test('validates against the Application CRD schema, with defaults and with every option', () => {
    const minimal = synthApplication();
    const full = synthApplication({
      targetRevision: 'v1.2.0',
      path: 'deploy/dist',
      name: 'analytics-airflow',
      namespace: 'gitops',
      project: 'data-platform',
      destinationServer: 'https://10.0.0.1:6443',
      automated: { prune: true, selfHeal: true },
      cascadeDelete: true,
      ignoreDifferences: [{ group: 'apps', kind: 'Deployment', name: 'airflow-celery-worker', jsonPointers: ['/spec/replicas'] }],
    });
    expect(validateCustomResource(minimal)).toEqual([]);
    expect(validateCustomResource(full)).toEqual([]);
    expect(validateK8sObject(full)).toEqual([]);
  });

  test('includes exactly the one manifest file, not the folder', () => {
    const source = synthApplication({ manifestFile: 'airflow-kubernetes.k8s.yaml' }).spec.source;
    expect(source.directory).toEqual({ include: 'airflow-kubernetes.k8s.yaml', recurse: false });
    // A literal name, no glob: Argo CD matches it against this file alone.
    expect(source.directory.include).not.toMatch(/[*?[\]{}!,/]/);
    expect(source).not.toHaveProperty('directory.exclude');
  });

  test('name defaults to the manifest file without its extension', () => {
    expect(synthApplication({ manifestFile: 'airflow-kubernetes.k8s.yaml' }).metadata.name).toBe('airflow-kubernetes');
    expect(synthApplication({ manifestFile: 'analytics.yml' }).metadata.name).toBe('analytics');
    expect(synthApplication({ name: 'prod-airflow' }).metadata.name).toBe('prod-airflow');
  });

  describe('automated sync', () => {
    test('is off by default', () => {
      expect(synthApplication().spec.syncPolicy).toEqual({ syncOptions: ['CreateNamespace=true'] });
    });

    test('on, without pruning or self-healing unless asked', () => {
      expect(synthApplication({ automated: {} }).spec.syncPolicy).toEqual({
        automated: { prune: false, selfHeal: false },
        syncOptions: ['CreateNamespace=true'],
      });
    });

    test('on, with pruning and self-healing', () => {
      expect(synthApplication({ automated: { prune: true, selfHeal: true } }).spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    });
  });

  test('cascading deletion only when asked', () => {
    expect(synthApplication().metadata.finalizers).toBeUndefined();
    expect(synthApplication({ cascadeDelete: false }).metadata.finalizers).toBeUndefined();
    expect(synthApplication({ cascadeDelete: true }).metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
  });

  test('ignoreDifferences: none by default, passed through when given', () => {
    expect(synthApplication().spec).not.toHaveProperty('ignoreDifferences');
    const app = synthApplication({
      ignoreDifferences: [{ kind: 'Secret', name: 'x', jqPathExpressions: ['.data'] }, { group: 'apps', kind: 'Deployment', managedFieldsManagers: ['kube-controller-manager'] }],
    });
    expect(app.spec.ignoreDifferences).toEqual([
      { kind: 'Secret', name: 'x', jqPathExpressions: ['.data'] },
      { group: 'apps', kind: 'Deployment', managedFieldsManagers: ['kube-controller-manager'] },
    ]);
  });

  test('one Application per example deployment reads exactly that deployment\'s file', () => {
    // GIVEN the default app plus an argocd-apps chart, as the snippet in the GitOps docs builds it
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-apps-'));
    const app = new App({ outdir });
    const deployments = [new CeleryExample(app), new KubernetesExample(app)];
    const apps = new Chart(app, 'argocd-apps');
    for (const deployment of deployments) {
      new AirflowArgoCdApplication(apps, deployment.node.id, {
        repoUrl: REPO,
        manifestFile: `${deployment.node.id}${app.outputFileExtension}`,
        destinationNamespace: EXAMPLE_NAMESPACE,
      });
    }
    // WHEN
    app.synth();
    // THEN every deployment file is read by exactly one Application, and the Applications' own file by none
    const read = (file: string) => parseAllDocuments(fs.readFileSync(path.join(outdir, file), 'utf8')).map((d) => d.toJS());
    const files = fs.readdirSync(outdir).sort();
    expect(files).toEqual(['airflow-celery.k8s.yaml', 'airflow-kubernetes.k8s.yaml', 'argocd-apps.k8s.yaml']);
    const applications = read('argocd-apps.k8s.yaml');
    const reads = Object.fromEntries(applications.map((a) => [a.metadata.name, files.filter((f) => f === a.spec.source.directory.include)]));
    expect(reads).toEqual({ 'airflow-celery': ['airflow-celery.k8s.yaml'], 'airflow-kubernetes': ['airflow-kubernetes.k8s.yaml'] });
    expect(applications.flatMap((a) => validateCustomResource(a))).toEqual([]);
    // Each deployment's objects are in the namespace its Application deploys to.
    for (const a of applications) {
      const namespaces = new Set(read(a.spec.source.directory.include).map((o) => o.metadata.namespace));
      expect([...namespaces]).toEqual([a.spec.destination.namespace]);
    }
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});

describe('AirflowArgoCdApplication props validation', () => {
  const at = 'argocd-apps/airflow-celery';
  test.each<[string, Partial<AirflowArgoCdApplicationProps>, string[]]>([
    ['empty repoUrl', { repoUrl: '' }, [`${at}: repoUrl must be set, e.g. "https://github.com/acme/airflow-deploy.git"`]],
    ['blank repoUrl', { repoUrl: '  ' }, [`${at}: repoUrl must be set, e.g. "https://github.com/acme/airflow-deploy.git"`]],
    ['repoUrl with whitespace', { repoUrl: 'https://x/a b.git' }, [`${at}: repoUrl must not contain whitespace, got "https://x/a b.git"`]],
    ['empty targetRevision', { targetRevision: '' }, [`${at}: targetRevision must be a branch, tag or commit such as "main" or "v1.2.0", got ""`]],
    [
      'absolute path',
      { path: '/dist' },
      [`${at}: path must be a folder relative to the repository root such as "dist" ("." for the root), got "/dist"`],
    ],
    [
      'path leaving the repository',
      { path: '../dist' },
      [`${at}: path must be a folder relative to the repository root such as "dist" ("." for the root), got "../dist"`],
    ],
    [
      'manifestFile not YAML',
      { manifestFile: 'airflow-celery.k8s.json' },
      [
        `${at}: manifestFile must be the name of a .yaml or .yml file inside "path" (no folders or glob characters), e.g. "airflow-celery.k8s.yaml", got "airflow-celery.k8s.json"`,
      ],
    ],
    [
      'manifestFile with a folder',
      { manifestFile: 'dist/airflow-celery.k8s.yaml' },
      [
        `${at}: manifestFile must be the name of a .yaml or .yml file inside "path" (no folders or glob characters), e.g. "airflow-celery.k8s.yaml", got "dist/airflow-celery.k8s.yaml"`,
      ],
    ],
    [
      'manifestFile as a glob',
      { manifestFile: '*.yaml' },
      [
        `${at}: manifestFile must be the name of a .yaml or .yml file inside "path" (no folders or glob characters), e.g. "airflow-celery.k8s.yaml", got "*.yaml"`,
      ],
    ],
    [
      'manifestFile giving an invalid default name',
      { manifestFile: 'Airflow_Celery.k8s.yaml' },
      [
        `${at}: name defaults to manifestFile without its extension, "Airflow_Celery", which is not a valid Application name (lowercase RFC 1123 subdomain): set name`,
      ],
    ],
    ['invalid name', { name: 'Airflow' }, [`${at}: name must be a valid Application name (lowercase RFC 1123 subdomain), got "Airflow"`]],
    ['invalid Application namespace', { namespace: 'argo.cd' }, [`${at}: namespace must be a valid namespace (lowercase RFC 1123 label), got "argo.cd"`]],
    [
      'invalid destinationNamespace',
      { destinationNamespace: 'Airflow' },
      [`${at}: destinationNamespace must be a valid namespace (lowercase RFC 1123 label) such as "airflow", got "Airflow"`],
    ],
    ['missing destinationNamespace', { destinationNamespace: undefined }, [`${at}: destinationNamespace must be set to the namespace of the deployment's objects, e.g. "airflow"`]],
    ['missing manifestFile', { manifestFile: '' }, [`${at}: manifestFile must be set to the file name of one deployment inside "path", e.g. "airflow-celery.k8s.yaml"`]],
    [
      'destinationServer not a URL',
      { destinationServer: 'in-cluster' },
      [`${at}: destinationServer must be the URL of a Kubernetes API server such as "https://kubernetes.default.svc", got "in-cluster"`],
    ],
    ['invalid project', { project: 'Data Platform' }, [`${at}: project must be a valid AppProject name (lowercase RFC 1123 subdomain), got "Data Platform"`]],
    ['non-boolean automated.prune', { automated: { prune: 'yes' as any } }, [`${at}: automated.prune must be true or false, got "yes"`]],
    [
      'ignoreDifferences entry ignoring nothing',
      { ignoreDifferences: [{ kind: 'Deployment' }] },
      [`${at}: ignoreDifferences[0] must list jsonPointers, jqPathExpressions or managedFieldsManagers: otherwise it ignores nothing`],
    ],
    [
      'ignoreDifferences entry with a bad pointer',
      { ignoreDifferences: [{ kind: '', jsonPointers: ['spec.replicas'] }] },
      [
        `${at}: ignoreDifferences[0].kind must be set, e.g. "Deployment"`,
        `${at}: ignoreDifferences[0].jsonPointers[0] must be a JSON pointer starting with "/", e.g. "/spec/replicas", got "spec.replicas"`,
      ],
    ],
  ])('%s', (_what, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });

  test('reports every problem at once, in one error', () => {
    const chart = new Chart(Testing.app(), 'argocd-apps');
    expect(
      () => new AirflowArgoCdApplication(chart, 'airflow-celery', { repoUrl: '', manifestFile: 'x.txt', destinationNamespace: 'Airflow' }),
    ).toThrow(
      [
        'Invalid cdk8s-airflow configuration (3 problems):',
        `  - ${at}: repoUrl must be set, e.g. "https://github.com/acme/airflow-deploy.git"`,
        `  - ${at}: manifestFile must be the name of a .yaml or .yml file inside "path" (no folders or glob characters), e.g. "airflow-celery.k8s.yaml", got "x.txt"`,
        `  - ${at}: destinationNamespace must be a valid namespace (lowercase RFC 1123 label) such as "airflow", got "Airflow"`,
      ].join('\n'),
    );
  });
});
