/**
 * `npm run e2e`: builds what is missing, brings the one-node cluster up, runs the scenarios,
 * tears the cluster down. See e2e/README.md.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Args, parseArgs } from './harness/args';
import { Cluster } from './harness/cluster';
import { stopAllBackground } from './harness/background';
import { distFiles, fullImageName, imagesOf, readObjects } from './harness/dist';
import { tearDownCurrent } from './harness/instance';
import { ResourceSampler } from './harness/resources';
import { manifestScenarios } from './harness/manifest';
import { TEST_IMAGE } from './harness/pods';
import { resultLine, summaryLine, writeResults } from './harness/results';
import { runScenario } from './harness/runner';
import { Result, Scenario } from './harness/scenario';
import { runOk } from './harness/shell';
import { abortSteps, step } from './harness/steps';
import { allScenarios } from './scenarios';
import { useSampler } from './scenarios/airflow/observed';

const REPO = path.resolve(__dirname, '..');
const RESULTS = path.join(REPO, 'build/e2e/results.json');
const MINUTE = 60_000;

function select(args: Args): Scenario[] {
  const { only, manifests } = args;
  const chosen = only.length ? allScenarios.filter((s) => only.some((p) => matches(s.id, p))) : manifests.length ? [] : allScenarios;
  return [...chosen, ...manifests.flatMap((m) => manifestScenarios(path.resolve(m), args.workloadTimeoutSeconds))];
}

/** An id prefix (`cluster`, `celery.ready`) or a pattern with `*` (`*.ready`). */
function matches(id: string, pattern: string): boolean {
  if (!pattern.includes('*')) return id.startsWith(pattern);
  return new RegExp(`^${pattern.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(id);
}

/** pause and the test image, every image the --manifest files name, and dist/'s for Airflow scenarios. */
function imagesToBuild(manifests: readonly string[], scenarios: readonly Scenario[]): string[] {
  const files = [...manifests.map((m) => path.resolve(m)), ...(scenarios.some((s) => !s.id.startsWith('cluster.')) ? distFiles(REPO) : [])];
  const fromFiles = files.flatMap((f) => readObjects(f).flatMap(imagesOf));
  return [...new Set(['registry.k8s.io/pause:3.10', TEST_IMAGE, ...fromFiles])];
}

async function main(): Promise<number> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    console.error(`e2e: needs Linux and root (this is ${process.platform}, uid ${process.getuid?.()}): it runs containerd, kubelet, network namespaces and iptables`);
    return 2;
  }
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const scenarios = select(args);
  if (!scenarios.length) {
    console.error(`e2e: no scenario id starts with ${args.only.join(' or ')}; ids: ${allScenarios.map((s) => s.id).join(', ')}`);
    return 2;
  }
  const keep = args.keep;
  const down = async () => {
    if (!keep) await step(REPO, 'down', 'e2e/cluster/down.sh', [], 5 * MINUTE).catch((e) => console.error(`e2e: ${e.message}`));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`e2e: ${signal}: ${keep ? 'stopping; the cluster stays up (--keep)' : 'tearing the cluster down'}`);
      abortSteps();
      void down().finally(() => process.exit(130));
    });
  }

  const results: Result[] = [];
  try {
    if (!args.reuse) {
      await step(REPO, 'build', 'e2e/build/all.sh', [], 120 * MINUTE);
      // Argo CD only when its scenario runs; a failed build makes that scenario skip with the
      // build's last lines (steps/argocd.log), not the whole run fail.
      if (scenarios.some((s) => s.id === 'gitops.argocd')) {
        await step(REPO, 'argocd', 'e2e/build/argocd.sh', [], 45 * MINUTE).catch((e) => console.error(`e2e: Argo CD not built: ${e.message}`));
      }
      await buildImages(imagesToBuild(args.manifests, scenarios));
      if (args.buildOnly) {
        console.log(`e2e: built what ${scenarios.length} scenarios need; no cluster started (--build-only)`);
        return 0;
      }
      await step(REPO, 'up', 'e2e/cluster/up.sh', [], 10 * MINUTE);
    }
    const cluster = await Cluster.connect(REPO);
    const sampler = new ResourceSampler(cluster);
    sampler.start();
    useSampler(sampler);
    for (const s of scenarios) {
      const r = await runScenario(s, cluster);
      results.push(r);
      console.log(resultLine(r));
    }
    sampler.stop();
    stopAllBackground();
    if (!keep) await tearDownCurrent(cluster).catch((e) => console.error(`e2e: tearing the last Airflow instance down: ${e.message}`));
  } catch (err) {
    // The cluster could not be built or started: every scenario not yet run fails with the reason.
    for (const s of scenarios.filter((x) => !results.some((r) => r.id === x.id))) {
      const r: Result = { id: s.id, status: 'failed', seconds: 0, detail: `not run: ${(err as Error).message}` };
      results.push(r);
      console.log(resultLine(r));
    }
  } finally {
    if (keep) console.error(`e2e: cluster left up; kubeconfig: ${kubeconfigPath()} (tear down: e2e/cluster/down.sh)`);
    await down();
  }
  writeResults(RESULTS, results);
  console.log(summaryLine(results));
  return results.some((r) => r.status === 'failed') ? 1 : 0;
}

/** The stand-in images (e2e/images/build.sh of the images work) that the run needs. */
async function buildImages(refs: string[]): Promise<void> {
  const script = process.env.CDK8S_AIRFLOW_E2E_IMAGES_SCRIPT ?? path.join(REPO, 'e2e/images/build.sh');
  if (!fs.existsSync(script)) {
    console.error(`[e2e] warning: ${script} not found; no images built`);
    return;
  }
  const known = new Set((await runOk('bash', [script, '--list'])).split('\n').map(fullImageName));
  const buildable = refs.filter((r) => known.has(fullImageName(r)));
  if (buildable.length) await step(REPO, 'images', path.relative(REPO, script), buildable, 120 * MINUTE);
}

function kubeconfigPath(): string {
  return path.join(process.env.CDK8S_AIRFLOW_E2E_STATE ?? '/var/lib/cdk8s-airflow-e2e', 'admin.kubeconfig');
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});
