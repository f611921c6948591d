/** Resolves and checks the props of an Argo CD Application. */
import { ApplicationSpecIgnoreDifferences } from '../../imports/argocd-argoproj.io';
import { ValidationProblems, show } from '../errors';
import { AirflowArgoCdApplicationProps, ArgoCdIgnoreDifference } from '../model/argocd-application';
import { isDnsLabel, isDnsSubdomain } from './checks';
import { urlCredentialReason } from './sensitive-names';

const PLAIN_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const EXAMPLE_REPO = 'https://github.com/acme/airflow-deploy.git';

export interface ResolvedApplication {
  readonly name: string;
  readonly namespace: string;
  readonly project: string;
  readonly repoUrl: string;
  readonly targetRevision: string;
  readonly path: string;
  readonly manifestFile: string;
  readonly destinationServer: string;
  readonly destinationNamespace: string;
  readonly automated?: { prune: boolean; selfHeal: boolean };
  readonly cascadeDelete: boolean;
  readonly ignoreDifferences?: ApplicationSpecIgnoreDifferences[];
}

/** Applies defaults and records every problem with the props. */
export function resolveArgoCdApplication(props: AirflowArgoCdApplicationProps, problems: ValidationProblems): ResolvedApplication {
  const repoUrl = props.repoUrl;
  if (typeof repoUrl !== 'string' || repoUrl.trim() === '') {
    problems.add('repoUrl', `must be set, e.g. "${EXAMPLE_REPO}"`);
  } else if (/\s/.test(repoUrl)) {
    problems.add('repoUrl', `must not contain whitespace, got ${show(repoUrl)}`);
  } else if (urlCredentialReason(repoUrl) !== undefined) {
    problems.add('repoUrl', `embeds a credential (${urlCredentialReason(repoUrl)}), and the Application is committed in dist/: ` +
      'remove it from the URL and give Argo CD the repository credentials as a repository Secret in its namespace (label argocd.argoproj.io/secret-type: repository)');
  }

  const targetRevision = props.targetRevision ?? 'HEAD';
  problems.check(
    typeof targetRevision === 'string' && targetRevision !== '' && !/\s/.test(targetRevision),
    'targetRevision',
    `must be a branch, tag or commit such as "main" or "v1.2.0", got ${show(targetRevision)}`,
  );

  const path = props.path ?? 'dist';
  const pathOk = typeof path === 'string' && path !== '' && !path.startsWith('/') && !path.split('/').includes('..') && !/\s/.test(path);
  problems.check(pathOk, 'path', `must be a folder relative to the repository root such as "dist" ("." for the root), got ${show(path)}`);

  const manifestFile = props.manifestFile;
  const fileOk = typeof manifestFile === 'string' && PLAIN_FILE_NAME.test(manifestFile) && /\.ya?ml$/.test(manifestFile);
  if (manifestFile === undefined || manifestFile === '') {
    problems.add('manifestFile', 'must be set to the file name of one deployment inside "path", e.g. "airflow-celery.k8s.yaml"');
  } else if (!fileOk) {
    problems.add(
      'manifestFile',
      `must be the name of a .yaml or .yml file inside "path" (no folders or glob characters), e.g. "airflow-celery.k8s.yaml", got ${show(manifestFile)}`,
    );
  }

  const name = props.name ?? (fileOk ? manifestFile.replace(/(\.k8s)?\.ya?ml$/, '') : '');
  if (props.name !== undefined) {
    problems.check(isDnsSubdomain(name), 'name', `must be a valid Application name (lowercase RFC 1123 subdomain), got ${show(name)}`);
  } else if (fileOk && !isDnsSubdomain(name)) {
    problems.add('name', `defaults to manifestFile without its extension, ${show(name)}, which is not a valid Application name (lowercase RFC 1123 subdomain): set name`);
  }

  const namespace = props.namespace ?? 'argocd';
  problems.check(isDnsLabel(namespace), 'namespace', `must be a valid namespace (lowercase RFC 1123 label), got ${show(namespace)}`);
  const project = props.project ?? 'default';
  problems.check(isDnsSubdomain(project), 'project', `must be a valid AppProject name (lowercase RFC 1123 subdomain), got ${show(project)}`);
  if (props.destinationNamespace === undefined || props.destinationNamespace === '') {
    problems.add('destinationNamespace', 'must be set to the namespace of the deployment\'s objects, e.g. "airflow"');
  } else if (!isDnsLabel(props.destinationNamespace)) {
    problems.add('destinationNamespace', `must be a valid namespace (lowercase RFC 1123 label) such as "airflow", got ${show(props.destinationNamespace)}`);
  }
  const destinationServer = props.destinationServer ?? 'https://kubernetes.default.svc';
  problems.check(
    typeof destinationServer === 'string' && /^https?:\/\/[^\s/]+(\/\S*)?$/.test(destinationServer),
    'destinationServer',
    `must be the URL of a Kubernetes API server such as "https://kubernetes.default.svc", got ${show(destinationServer)}`,
  );

  const automated = props.automated;
  for (const key of ['prune', 'selfHeal'] as const) {
    const value = automated?.[key];
    problems.check(value === undefined || typeof value === 'boolean', `automated.${key}`, `must be true or false, got ${show(value)}`);
  }
  const cascadeDelete = props.cascadeDelete ?? false;
  problems.check(typeof cascadeDelete === 'boolean', 'cascadeDelete', `must be true or false, got ${show(cascadeDelete)}`);

  (props.ignoreDifferences ?? []).forEach((diff, i) => checkIgnoreDifference(diff, `ignoreDifferences[${i}]`, problems));

  return {
    name,
    namespace,
    project,
    repoUrl,
    targetRevision,
    path,
    manifestFile,
    destinationServer,
    destinationNamespace: props.destinationNamespace,
    automated: automated ? { prune: automated.prune ?? false, selfHeal: automated.selfHeal ?? false } : undefined,
    cascadeDelete,
    ignoreDifferences: props.ignoreDifferences?.map((d) => ({
      group: d.group,
      kind: d.kind,
      name: d.name,
      namespace: d.namespace,
      jsonPointers: d.jsonPointers ? [...d.jsonPointers] : undefined,
      jqPathExpressions: d.jqPathExpressions ? [...d.jqPathExpressions] : undefined,
      managedFieldsManagers: d.managedFieldsManagers ? [...d.managedFieldsManagers] : undefined,
    })),
  };
}

function checkIgnoreDifference(diff: ArgoCdIgnoreDifference, prop: string, problems: ValidationProblems): void {
  problems.check(typeof diff.kind === 'string' && diff.kind !== '', `${prop}.kind`, 'must be set, e.g. "Deployment"');
  const what = [diff.jsonPointers, diff.jqPathExpressions, diff.managedFieldsManagers].some((list) => (list?.length ?? 0) > 0);
  problems.check(what, prop, 'must list jsonPointers, jqPathExpressions or managedFieldsManagers: otherwise it ignores nothing');
  (diff.jsonPointers ?? []).forEach((pointer, j) =>
    problems.check(
      typeof pointer === 'string' && pointer.startsWith('/'),
      `${prop}.jsonPointers[${j}]`,
      `must be a JSON pointer starting with "/", e.g. "/spec/replicas", got ${show(pointer)}`,
    ),
  );
}
