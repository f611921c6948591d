/** Resolves where DAGs are read from and checks the DAG source props. */
import { ValidationProblems, show } from '../errors';
import { DagSource, GitSyncDags, VolumeDags } from '../model/dags';
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
