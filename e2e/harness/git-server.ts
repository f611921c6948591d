import * as fs from 'fs';
import * as path from 'path';
import type { Cluster } from './cluster';
import { runOk } from './shell';

/** The DAG repository scenarios deliver with git-sync: our example DAGs plus the e2e DAGs. */
export const DAG_SOURCES = ['examples/dags', 'e2e/fixtures/dags'];

let served: string | undefined;

/**
 * A Git server on the node, as a user's DAG repository would be: `git daemon` (read-only,
 * `git://<node address>/dags.git`) started through e2e/cluster/host.sh, so `down` stops it by
 * its recorded PID. The repository holds one commit on `main` with every `*.py` file of
 * DAG_SOURCES (flat, like a DAG folder). Returns the URL pods clone.
 */
export async function dagRepository(cluster: Cluster): Promise<string> {
  const { stateDir, nodeIP, gitPort } = cluster.facts;
  const url = `git://${nodeIP}:${gitPort}/dags.git`;
  if (served === url) return url;
  const base = path.join(stateDir, 'git');
  const work = path.join(base, 'work');
  const bare = path.join(base, 'dags.git');
  fs.rmSync(base, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  for (const dir of DAG_SOURCES) {
    const from = path.join(cluster.repoDir, dir);
    for (const f of fs.readdirSync(from).filter((x) => x.endsWith('.py')).sort()) fs.copyFileSync(path.join(from, f), path.join(work, f));
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
  await git(['commit', '-q', '-m', 'DAGs for the e2e scenarios']);
  await runOk('git', ['clone', '-q', '--bare', work, bare], { timeoutMs: 30_000 });
  fs.chmodSync(base, 0o755);
  await runOk('bash', [path.join(cluster.repoDir, 'e2e/cluster/host.sh'), 'git-daemon', base], { timeoutMs: 120_000 });
  served = url;
  return url;
}
