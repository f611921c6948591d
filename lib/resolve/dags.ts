/** Resolves where DAGs are read from and checks the DAG source props. */
import { ValidationProblems, show } from '../errors';
import { AirflowSettings } from '../model/config';
import { DagSource, FileDags, GitSyncDags, VolumeDags } from '../model/dags';
import { DAGS_MOUNT } from './addresses';
import { checkImage, checkWholeSeconds, isDnsSubdomain } from './checks';
import { hasControlCharacters } from './k8s-rules';
import { urlCredentialReason } from './sensitive-names';

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** `[core] dags_folder` for a source. */
export function dagsFolder(source: DagSource): string {
  if (source instanceof GitSyncDags) return joinPath(`${DAGS_MOUNT}/repo`, source.props.subPath);
  return DAGS_MOUNT;
}

/** Whether a Git URL is reached over SSH: `ssh://...` or the scp-like `user@host:path`. */
export function isSshGitUrl(repo: string): boolean {
  return /^ssh:\/\//i.test(repo) || /^[^/:@\s]+@[^/:\s]+:(?!\/\/)/.test(repo);
}

/** Checks where DAGs come from. */
export function validateDags(problems: ValidationProblems, dags: DagSource): void {
  if (dags instanceof VolumeDags) {
    if (!isDnsSubdomain(dags.props.claimName)) problems.add('dags.claimName', `must be a PersistentVolumeClaim name, got ${show(dags.props.claimName)}`);
  }
  if (dags instanceof FileDags) validateDagFiles(problems, dags);
  if (!(dags instanceof GitSyncDags)) return;
  const { repo, auth, period, image, subPath, ref } = dags.props;
  if (typeof repo !== 'string' || repo.trim() === '') {
    problems.add('dags.repo', 'must be the Git URL of the DAG repository, e.g. "git@github.com:acme/dags.git"');
  } else if (/\s/.test(repo)) {
    problems.add('dags.repo', `must not contain spaces or line breaks, got ${show(repo)}`);
  } else if (urlCredentialReason(repo) !== undefined) {
    problems.add('dags.repo', `embeds a credential (${urlCredentialReason(repo)}), and the URL lands in manifests committed in dist/: ` +
      'remove it from the URL and read it from a Secret with dags.auth: GitAuth.https({ secretName }) (user name and token) or GitAuth.ssh({ secretName, knownHostsKey })');
  }
  if (image !== undefined) checkImage(problems, 'dags.image', image);
  if (period !== undefined) checkWholeSeconds(problems, 'dags.period', period, 1);
  if (ref !== undefined && (typeof ref !== 'string' || ref === '' || /\s/.test(ref))) {
    problems.add('dags.ref', `must be a branch, tag or commit such as "main", got ${show(ref)}`);
  }
  if (subPath !== undefined && (typeof subPath !== 'string' || hasControlCharacters(subPath))) {
    problems.add('dags.subPath', `must be a folder of the repository such as "dags" (it is written into airflow.cfg), got ${show(subPath)}`);
  } else if (subPath !== undefined && subPath.split('/').includes('..')) {
    problems.add('dags.subPath', `must stay inside the repository, got ${show(subPath)}`);
  }
  const ssh = typeof repo === 'string' && isSshGitUrl(repo);
  if (ssh && auth?.kind !== 'ssh') {
    problems.add('dags.auth', auth === undefined
      ? `is required for the SSH URL ${show(repo)}: git-sync has no key to log in with; add GitAuth.ssh({ secretName, knownHostsKey }) (the key and known_hosts from a Secret), or use an https:// URL for a public repository`
      : `is GitAuth.https(...), whose user name and token git-sync does not use for the SSH URL ${show(repo)}: use GitAuth.ssh({ secretName, knownHostsKey }) or an https:// URL`);
  }
  if (auth === undefined) return;
  if (!isDnsSubdomain(auth.secretName)) problems.add('dags.auth.secretName', `must be a Secret name, got ${show(auth.secretName)}`);
  const keys: Array<[string, unknown]> = auth.kind === 'ssh'
    ? [['privateKeyKey', auth.privateKeyKey], ['knownHostsKey', auth.knownHostsKey]]
    : [['usernameKey', auth.usernameKey], ['passwordKey', auth.passwordKey]];
  for (const [name, key] of keys) {
    if (key !== undefined && key !== '' && (typeof key !== 'string' || !SECRET_KEY.test(key))) {
      problems.add(`dags.auth.${name}`, `must be a key of the Secret (letters, digits, '-', '_', '.'), got ${show(key)}`);
    }
  }
  if (auth.kind === 'ssh') {
    if (typeof auth.knownHostsKey !== 'string' || auth.knownHostsKey === '') {
      problems.add('dags.auth.knownHostsKey', 'is required with SSH: name the key of the known_hosts file in the Secret (e.g. `ssh-keyscan github.com`), or git-sync would trust any server');
    }
    if (typeof repo === 'string' && /^https?:\/\//i.test(repo)) problems.add('dags.repo', `uses HTTPS but dags.auth is SSH: use the git@host:org/repo.git form or GitAuth.https(...)`);
  }
}

function joinPath(base: string, sub: string | undefined): string {
  const trimmed = (sub ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed ? `${base}/${trimmed}` : base;
}

/** Most a DAG ConfigMap may hold: client-side `kubectl apply` copies each object into a 256 KiB annotation. */
export const DAG_FILES_MAX_BYTES = 200 * 1024;

/** Name of the ConfigMap holding the DAG files of an instance (`DagSource.files`). */
export function dagFilesConfigMapName(instance: string): string {
  return `${instance}-dags`;
}

/** The ignore file this library writes next to the files (see `render/dags/dag-files.ts`). */
export const DAG_IGNORE_FILE = '.airflowignore';

const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

function validateDagFiles(problems: ValidationProblems, dags: FileDags): void {
  const names = Object.keys(dags.files ?? {});
  if (names.length === 0) problems.add('dags.files', 'must hold at least one DAG file, e.g. { "etl.py": "..." }');
  let bytes = 0;
  for (const name of names) {
    const content = dags.files[name];
    if (!CONFIG_MAP_KEY.test(name) || name.startsWith('..') || name === DAG_IGNORE_FILE) {
      problems.add(`dags.files["${name}"]`, `must be a plain file name (letters, digits, '-', '_', '.'; no folders, not starting with "..", not ${DAG_IGNORE_FILE})`);
    }
    if (typeof content !== 'string') problems.add(`dags.files["${name}"]`, 'must be the file\'s text');
    else bytes += Buffer.byteLength(content, 'utf8');
  }
  if (bytes > DAG_FILES_MAX_BYTES) {
    problems.add('dags.files', `hold ${Math.ceil(bytes / 1024)} KiB, more than ${DAG_FILES_MAX_BYTES / 1024} KiB (kubectl apply keeps a copy of the ConfigMap in a 256 KiB annotation): use DagSource.gitSync(...) or bake the DAGs into the image`);
  }
}

/**
 * The ignore file shipped with `DagSource.files` is in glob syntax (Airflow's default); in regexp
 * syntax its `..*` would hide every file.
 */
export function checkDagIgnoreSyntax(problems: ValidationProblems, dags: DagSource, settings: AirflowSettings): void {
  const syntax = settings.core?.dag_ignore_file_syntax;
  if (dags instanceof FileDags && syntax !== undefined && String(syntax).toLowerCase() !== 'glob') {
    problems.add('config.core.dag_ignore_file_syntax', `must stay "glob" with DagSource.files: its ${DAG_IGNORE_FILE} hides the ConfigMap volume's own folders with a glob, got ${JSON.stringify(syntax)}`);
  }
}
