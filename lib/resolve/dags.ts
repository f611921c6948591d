/** Resolves where DAGs are read from and checks the DAG source props. */
import { ValidationProblems } from '../errors';
import { DagSource, GitSyncDags, VolumeDags } from '../model/dags';
import { DAGS_MOUNT } from './addresses';
import { checkImage, isDnsSubdomain } from './checks';

/** `[core] dags_folder` for a source. */
export function dagsFolder(source: DagSource): string {
  if (source instanceof GitSyncDags) return joinPath(`${DAGS_MOUNT}/repo`, source.props.subPath);
  return DAGS_MOUNT;
}

/** Checks where DAGs come from. */
export function validateDags(problems: ValidationProblems, dags: DagSource): void {
  if (dags instanceof VolumeDags) {
    if (!isDnsSubdomain(dags.props.claimName)) problems.add('dags.claimName', `must be a PersistentVolumeClaim name, got ${JSON.stringify(dags.props.claimName)}`);
  }
  if (!(dags instanceof GitSyncDags)) return;
  const { repo, auth, period, image, subPath } = dags.props;
  if (typeof repo !== 'string' || repo.trim() === '') problems.add('dags.repo', 'must be the Git URL of the DAG repository, e.g. "git@github.com:acme/dags.git"');
  if (image !== undefined) checkImage(problems, 'dags.image', image);
  if (period !== undefined && (period.toSeconds() < 1 || !Number.isInteger(period.toSeconds()))) {
    problems.add('dags.period', `must be a whole number of seconds >= 1, got ${period.toHumanString()}`);
  }
  if (subPath !== undefined && subPath.split('/').includes('..')) problems.add('dags.subPath', `must stay inside the repository, got ${JSON.stringify(subPath)}`);
  if (auth === undefined) return;
  if (!isDnsSubdomain(auth.secretName)) problems.add('dags.auth.secretName', `must be a Secret name, got ${JSON.stringify(auth.secretName)}`);
  if (auth.kind === 'ssh') {
    if (typeof auth.knownHostsKey !== 'string' || auth.knownHostsKey === '') {
      problems.add('dags.auth.knownHostsKey', 'is required with SSH: name the key of the known_hosts file in the Secret (e.g. `ssh-keyscan github.com`), or git-sync would trust any server');
    }
    if (repo?.startsWith('https://')) problems.add('dags.repo', `uses HTTPS but dags.auth is SSH: use the git@host:org/repo.git form or GitAuth.https(...)`);
  }
}

function joinPath(base: string, sub: string | undefined): string {
  const trimmed = (sub ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed ? `${base}/${trimmed}` : base;
}
