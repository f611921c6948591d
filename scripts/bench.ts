// `npm run bench`: how long synthesis takes and how it scales. Prints tables and PASS/FAIL per
// target, profiles what misses a target, and never fails the process on timing: benchmarks are
// measurements, not tests.
//
//   npm run bench                       all measurements
//   npm run bench -- --runs 9           more runs of `npm run synth`
//   npm run bench -- --profile          also profile 100 instances in-process, even when targets pass
//   node build/bench.js --only-scale 100   one in-process measurement (used when profiling)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Airflow, CeleryExecutor, KubernetesExecutor, TaskPodFamily, TaskPodPresets } from '../lib';
import { writeReport } from '../lib/report';

const TARGET_DEFAULT_SYNTH_MS = 1500;
const TARGET_100_INSTANCES_MS = 10_000;
/** "Roughly linear": one instance at N=100 may cost at most this much more than at N=10. */
const LINEARITY_TOLERANCE = 1.5;
const INSTANCE_COUNTS = [1, 10, 50, 100];
const FAMILY_COUNTS = [1, 10, 100];

const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-airflow-bench-${prefix}-`));
}

function timed(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const ms = (value: number) => value.toFixed(value < 10 ? 2 : 0);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

function printTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(line(headers));
  for (const row of rows) console.log(line(row));
}

/** (a) `npm run synth` of the default app as a child process, into a temporary folder (dist/ is not touched). */
function benchNpmSynth(runs: number): number {
  const outdir = path.join(tempDir('npm-synth'), 'dist');
  const env = { ...process.env, CDK8S_OUTDIR: outdir, CDK8S_CHECK_UPGRADE: 'false' };
  const once = () => {
    const start = process.hrtime.bigint();
    const result = spawnSync('npm', ['run', 'synth', '--silent'], { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`npm run synth failed:\n${result.stderr}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  once(); // warm-up: file system cache, esbuild binary
  const times = Array.from({ length: runs }, once);
  fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
  const med = median(times);
  console.log(`(a) npm run synth, default app: median ${ms(med)} ms of ${runs} runs after 1 warm-up (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))})`);
  return med;
}

/** An app with `n` Airflow instances, each in its own chart, alternating Celery and Kubernetes. */
function buildScaleApp(outdir: string, n: number): App {
  const app = new App({ outdir });
  for (let i = 0; i < n; i++) {
    const chart = new Chart(app, `bench-${i}`, { namespace: 'airflow', disableResourceNameHashes: true });
    new Airflow(chart, 'airflow', {
      instance: `bench-${i}`,
      executor: i % 2 === 0 ? new CeleryExecutor() : new KubernetesExecutor(),
    });
  }
  return app;
}

/** (c) One KubernetesExecutor instance with `families` task pod families (operator and executor kinds). */
function buildFamiliesApp(outdir: string, families: number): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'bench', { namespace: 'airflow', disableResourceNameHashes: true });
  new Airflow(chart, 'airflow', {
    executor: new KubernetesExecutor(),
    taskPods: {
      families: Array.from({ length: families }, (_, i) =>
        i % 3 === 2
          ? TaskPodFamily.executor({ name: `executor-${i}`, image: 'apache/airflow:3.3.2' })
          : TaskPodPresets.python({ name: `python-${i}` }),
      ),
    },
  });
  return app;
}

interface ScaleResult {
  readonly size: number;
  readonly synthMs: number;
  readonly reportMs: number;
}

/** Median in-process time of building and synthesizing an app, and of writing its report. */
function benchInProcess(size: number, build: (outdir: string, size: number) => App | undefined, repeats: number): ScaleResult | undefined {
  const synthTimes: number[] = [];
  const reportTimes: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const outdir = tempDir(`scale-${size}`);
    let app: App | undefined;
    const synthMs = timed(() => {
      app = build(outdir, size);
      app?.synth();
    });
    if (app === undefined) return undefined;
    synthTimes.push(synthMs);
    reportTimes.push(timed(() => writeReport(outdir)));
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  return { size, synthMs: median(synthTimes), reportMs: median(reportTimes) };
}

const repeatsFor = (size: number) => (size >= 50 ? 3 : 5);

/** Self time per package (or file) and per function from a V8 `.cpuprofile`. */
function summarizeProfile(file: string): void {
  type Node = { id: number; callFrame: { url: string; functionName: string; lineNumber: number }; hitCount?: number };
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; startTime: number; endTime: number; samples: number[] };
  const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const byBucket = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const self = (node.hitCount ?? 0) * interval;
    const url = node.callFrame.url;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    const bucket = pkg ?? (url.startsWith('node:') ? 'node internals' : url === '' ? node.callFrame.functionName : path.relative(process.cwd(), url.replace(/^file:\/\//, '')));
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + self);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${bucket}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + self);
  }
  const top = (map: Map<string, number>, count: number) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
  console.log(`  profile: ${ms((profile.endTime - profile.startTime) / 1000)} ms sampled; self time by package or file:`);
  for (const [bucket, time] of top(byBucket, 8)) console.log(`    ${ms(time).padStart(7)} ms  ${bucket}`);
  console.log('  hottest functions (self time):');
  for (const [fn, time] of top(byFunction, 8)) console.log(`    ${ms(time).padStart(7)} ms  ${fn}`);
}

/** Runs `node --cpu-prof <args>` and summarizes where the time went. */
function profileChild(what: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const dir = tempDir('profile');
  console.log(`\nProfiling ${what} (node --cpu-prof):`);
  const result = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...args], { env, encoding: 'utf8' });
  const profiles = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (result.status !== 0 || profiles.length === 0) console.log(`  profiling failed: ${result.stderr}`);
  else summarizeProfile(path.join(dir, profiles[0]));
  fs.rmSync(dir, { recursive: true, force: true });
}

function main(): void {
  const only = argValue('--only-scale');
  if (only !== undefined) {
    const result = benchInProcess(Number(only), buildScaleApp, 1)!;
    console.log(`N=${only}: synth ${ms(result.synthMs)} ms, report ${ms(result.reportMs)} ms`);
    return;
  }
  const runs = Number(argValue('--runs') ?? 5);
  console.log(`Machine: ${os.cpus().length} CPUs (nproc ${os.availableParallelism?.() ?? os.cpus().length}), ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}, ${os.platform()} ${os.arch()}\n`);

  const defaultSynth = benchNpmSynth(runs);

  console.log('\n(b) in-process synth of N Airflow instances (one chart each, alternating Celery/Kubernetes), median:');
  benchInProcess(1, buildScaleApp, 2); // warm-up: JIT and module loading
  const scale = INSTANCE_COUNTS.map((n) => benchInProcess(n, buildScaleApp, repeatsFor(n))!);
  printTable(
    ['N', 'synth ms', 'ms/instance', 'report ms', 'report ms/instance'],
    scale.map((s) => [String(s.size), ms(s.synthMs), ms(s.synthMs / s.size), ms(s.reportMs), ms(s.reportMs / s.size)]),
  );
  const at = (n: number) => scale.find((s) => s.size === n)!;
  const perInstance10 = at(10).synthMs / 10;
  const perInstance100 = at(100).synthMs / 100;
  const marginal = (at(100).synthMs - at(1).synthMs) / 99;
  console.log(`per-instance cost: ${ms(marginal)} ms (marginal, N=1 -> 100); ${ms(perInstance10)} ms/instance at N=10, ${ms(perInstance100)} ms/instance at N=100`);

  console.log('\n(c) in-process synth of one instance with F task pod families, median:');
  const families = FAMILY_COUNTS.map((f) => benchInProcess(f, buildFamiliesApp, repeatsFor(f)));
  printTable(['F', 'synth ms', 'ms/family'], families.map((f) => [String(f!.size), ms(f!.synthMs), ms(f!.synthMs / f!.size)]));

  const targets: Array<[string, boolean]> = [
    [`npm run synth of the default app < ${TARGET_DEFAULT_SYNTH_MS} ms median wall (${ms(defaultSynth)} ms)`, defaultSynth < TARGET_DEFAULT_SYNTH_MS],
    [`100 instances < ${TARGET_100_INSTANCES_MS} ms (${ms(at(100).synthMs)} ms)`, at(100).synthMs < TARGET_100_INSTANCES_MS],
    [`roughly linear: ms/instance at N=100 <= ${LINEARITY_TOLERANCE} x at N=10 (${ms(perInstance100)} vs ${ms(perInstance10)})`, perInstance100 <= LINEARITY_TOLERANCE * perInstance10],
  ];
  console.log('\nTargets:');
  for (const [name, ok] of targets) console.log(`  ${verdict(ok)}  ${name}`);

  if (!targets[0][1]) {
    const outdir = path.join(tempDir('profile-out'), 'dist');
    profileChild('node build/main.js (the synth step of npm run synth)', ['build/main.js'], { ...process.env, CDK8S_OUTDIR: outdir });
  }
  if (!targets[1][1] || !targets[2][1]) profileChild('100 instances in-process', [process.argv[1], '--only-scale', '100']);
  if (process.argv.includes('--profile')) {
    profileChild('100 instances in-process', [process.argv[1], '--only-scale', '100']);
  }
}

main();
