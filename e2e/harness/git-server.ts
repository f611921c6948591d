import * as fs from 'fs';
import * as path from 'path';
import type { Cluster } from './cluster';
import { runOk } from './shell';

/** The DAG repository scenarios deliver with git-sync: our example DAGs plus the e2e DAGs. */
export const DAG_SOURCES = ['examples/dags', 'e2e/fixtures/dags'];

/** Repositories published in this run, by name -> URL. */
const published = new Map<string, string>();
let daemonFor: string | undefined;

/**
 * A Git server on the node, as a user's repositories would be: `git daemon` (read-only,
 * `git://<node address>/<name>.git`) started through e2e/cluster/host.sh, so `down` stops it by
 * its recorded PID. Each repository holds one commit on `main`.
 */
async function publish(cluster: Cluster, name: string, files: ReadonlyMap<string, string>): Promise<string> {
  const { stateDir, nodeIP, gitPort } = cluster.facts;
  const url = `git://${nodeIP}:${gitPort}/${name}.git`;
  const base = path.join(stateDir, 'git');
  if (daemonFor !== stateDir) {
    // First repository of this run: anything an earlier run left is stale.
    fs.rmSync(base, { recursive: true, force: true });
    published.clear();
  }
  const work = path.join(base, 'work', name);
  const bare = path.join(base, `${name}.git`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(bare, { recursive: true, force: true });
  for (const [to, from] of files) {
    fs.mkdirSync(path.dirname(path.join(work, to)), { recursive: true });
    fs.copyFileSync(from, path.join(work, to));
  }
  const git = (args: string[], cwd = work) => runOk('git', ['-C', cwd, ...args], {
    timeoutMs: 30_000,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'cdk8s-airflow e2e', GIT_AUTHOR_EMAIL: 'e2e@cdk8s-airflow.invalid',
      GIT_COMMITTER_NAME: 'cdk8s-airflow e2e', GIT_COMMITTER_EMAIL: 'e2e@cdk8s-airflow.invalid',
      GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null',
    },
  });
  await git(['init', '-q', '-b', 'main']);
  await git(['add', '.']);
  await git(['commit', '-q', '-m', `${name} for the e2e scenarios`]);
  await runOk('git', ['clone', '-q', '--bare', work, bare], { timeoutMs: 30_000 });
  fs.chmodSync(base, 0o755);
  if (daemonFor !== stateDir) {
    await runOk('bash', [path.join(cluster.repoDir, 'e2e/cluster/host.sh'), 'git-daemon', base], { timeoutMs: 120_000 });
    daemonFor = stateDir;
  }
  published.set(name, url);
  return url;
}

/** `dags.git`: every `*.py` file of DAG_SOURCES, flat like a DAG folder. Returns the URL pods clone. */
export async function dagRepository(cluster: Cluster): Promise<string> {
  const known = published.get('dags');
  if (known) return known;
  const files = new Map<string, string>();
  for (const dir of DAG_SOURCES) {
    const from = path.join(cluster.repoDir, dir);
    for (const f of fs.readdirSync(from).filter((x) => x.endsWith('.py')).sort()) files.set(f, path.join(from, f));
  }
  return publish(cluster, 'dags', files);
}

/**
 * `deploy.git`: the GitOps repository a user commits `dist/` to. Holds the given folders of this
 * checkout's `dist/` (as committed: `npm test` checks it matches a fresh synth) at the same paths.
 */
export async function deployRepository(cluster: Cluster, distFolders: readonly string[]): Promise<string> {
  const files = new Map<string, string>();
  for (const folder of distFolders) {
    const from = path.join(cluster.repoDir, 'dist', folder);
    for (const f of fs.readdirSync(from).sort()) files.set(path.join('dist', folder, f), path.join(from, f));
  }
  return publish(cluster, 'deploy', files);
}
