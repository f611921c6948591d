// `npm run bench`: how long synthesis takes and how it scales, for main.ts's app. Prints tables and
// PASS/FAIL per target, profiles what misses a target, and never fails the process on timing:
// benchmarks are measurements, not tests.
//
//   npm run bench                       all measurements
//   npm run bench -- --runs 20          more runs of the synth and of `npm run synth`
//   npm run bench -- --no-test          skip timing `npm test` (the slowest measurement)
//   npm run bench -- --profile          also profile the synth and 100 instances, even when targets pass
//   npm run bench -- --only-profile     only profile `node build/main.js`
//   node build/bench.js --only-scale 100   one in-process measurement (used when profiling)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Airflow, CeleryExecutor, KubernetesExecutor, SynthesizedChart, TaskPodFamily, TaskPodPresets, stringifyYaml, synthesizeCharts } from '../lib';
import { writeReportOf } from '../lib/report';

/** `node build/main.js`: the synth itself, writing every file including REPORT.md. */
const TARGET_SYNTH_MS = 200;
/** `npm run synth`: type check, bundle and synth. */
const TARGET_NPM_SYNTH_MS = 1000;
/** `npm test`: type check, jest, check:dist. */
const TARGET_NPM_TEST_MS = 15_000;
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

/**
 * CPU time (user + system, ms) of the children this process has waited for, from /proc/self/stat
 * (Linux; undefined elsewhere). On a busy machine wall time grows with the load, CPU time hardly.
 */
function childCpuMs(): number | undefined {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
    // After "pid (comm) ", cutime and cstime are fields 14 and 15 (0-based), in clock ticks (100 Hz).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/** Median wall time of `runs` runs of a command after one warm-up, and its mean CPU time; throws when it fails. */
function timeCommand(label: string, command: string, args: readonly string[], runs: number, env: NodeJS.ProcessEnv): number {
  const once = () => {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${label} failed:\n${result.stderr}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  once(); // warm-up: file system cache, jest's transform cache, TypeScript's incremental build info
  const cpuBefore = childCpuMs();
  const times = Array.from({ length: runs }, once);
  const cpuAfter = childCpuMs();
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? '' : `; CPU ${ms((cpuAfter - cpuBefore) / runs)} ms per run`;
  const med = median(times);
  console.log(`${label}: median ${ms(med)} ms of ${runs} run${runs === 1 ? '' : 's'} after 1 warm-up (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))})${cpu}`);
  return med;
}

/** The environment of the timed commands: quiet, offline, writing into a temporary folder. */
function commandEnv(): { env: NodeJS.ProcessEnv; outdir: string } {
  const outdir = path.join(tempDir('out'), 'dist');
  return { outdir, env: { ...process.env, CDK8S_OUTDIR: outdir, CDK8S_CHECK_UPGRADE: 'false', npm_config_update_notifier: 'false' } };
}

/** `env` without NODE_EXTRA_CA_CERTS, which Node 20 reads and parses at every start. */
function withoutExtraCaCerts(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.NODE_EXTRA_CA_CERTS;
  return copy;
}

/** (a0) Node's own start in this environment (`node -e 0`): the floor under every node command. */
function benchNodeStart(runs: number, env: NodeJS.ProcessEnv, label: string): number {
  return timeCommand(`(a0) node -e 0 (Node's own start${label})`, process.execPath, ['-e', '0'], runs, env);
}

/** (a1) The synth itself: `node build/main.js`, main.ts's app, every file including REPORT.md. */
function benchSynth(runs: number, withEnv: (env: NodeJS.ProcessEnv) => NodeJS.ProcessEnv = (env) => env, label = ''): number {
  const { env, outdir } = commandEnv();
  const med = timeCommand(`(a1) node build/main.js (the synth itself${label})`, process.execPath, [path.join(__dirname, 'main.js')], runs, withEnv(env));
  fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
  return med;
}

/** (a2) `npm run synth`: type check and synth of main.ts's app, into a temporary folder (dist/ is not touched). */
function benchNpmSynth(runs: number): number {
  const { env, outdir } = commandEnv();
  const med = timeCommand('(a2) npm run synth (type check + bundle + synth)', 'npm', ['run', 'synth', '--silent'], runs, env);
  fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
  return med;
}

/** (a3) `npm test`, once after a warm-up; undefined when it fails (the output says why). */
function benchNpmTest(): number | undefined {
  const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', npm_config_update_notifier: 'false' };
  try {
    return timeCommand('(a3) npm test', 'npm', ['test', '--silent'], 1, env);
  } catch (error) {
    console.log(`(a3) npm test: not timed, it failed:\n${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
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

/**
 * Median in-process time of building and synthesizing an app (the path `npm run synth` takes:
 * `synthesizeCharts`, then each manifest written), and of writing its report from those objects.
 */
function benchInProcess(size: number, build: (outdir: string, size: number) => App | undefined, repeats: number): ScaleResult | undefined {
  const synthTimes: number[] = [];
  const reportTimes: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const outdir = tempDir(`scale-${size}`);
    let charts: SynthesizedChart[] | undefined;
    const synthMs = timed(() => {
      const app = build(outdir, size);
      if (app === undefined) return;
      charts = synthesizeCharts(app);
      for (const chart of charts) {
        fs.mkdirSync(path.join(outdir, chart.folder), { recursive: true });
        fs.writeFileSync(path.join(outdir, chart.file), stringifyYaml(...chart.objects));
      }
    });
    if (charts === undefined) return undefined;
    synthTimes.push(synthMs);
    reportTimes.push(timed(() => writeReportOf(outdir, charts!)));
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  return { size, synthMs: median(synthTimes), reportMs: median(reportTimes) };
}

const repeatsFor = (size: number) => (size >= 50 ? 3 : 5);

/**
 * Where a line of an esbuild bundle came from: esbuild puts a `// <path>` comment before each
 * module, so a bundle's profile can still be read per package (`cdk8s`) or source file.
 */
function bundleSources(bundle: string): (line: number) => string | undefined {
  let starts: Array<[number, string]> = [];
  try {
    starts = fs.readFileSync(bundle, 'utf8').split('\n').flatMap((text, i): Array<[number, string]> => {
      const m = /^\/\/ ((?:node_modules\/)?[\w@./-]+\.(?:js|ts|json))$/.exec(text);
      return m ? [[i, m[1]]] : [];
    });
  } catch {
    return () => undefined;
  }
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found: string | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid][0] <= line) {
        found = starts[mid][1];
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  };
}

/** Self time per package (or file) and per function from a V8 `.cpuprofile`. */
function summarizeProfile(file: string): void {
  type Node = { id: number; callFrame: { url: string; functionName: string; lineNumber: number }; hitCount?: number };
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; startTime: number; endTime: number; samples: number[] };
  const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const byBucket = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const sourcesOf = new Map<string, (line: number) => string | undefined>();
  for (const node of profile.nodes) {
    const self = (node.hitCount ?? 0) * interval;
    let url = node.callFrame.url;
    if (/\.bundle\.js$/.test(url)) {
      const bundle = url.replace(/^file:\/\//, '');
      if (!sourcesOf.has(bundle)) sourcesOf.set(bundle, bundleSources(bundle));
      url = sourcesOf.get(bundle)!(node.callFrame.lineNumber) ?? url;
    }
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
  if (process.argv.includes('--only-profile')) {
    profileChild('node build/main.js (the synth itself)', [path.join(__dirname, 'main.js')], commandEnv().env);
    return;
  }
  const runs = Number(argValue('--runs') ?? 10);
  console.log(`Machine: ${os.cpus().length} CPUs (nproc ${os.availableParallelism?.() ?? os.cpus().length}), ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}, ${os.platform()} ${os.arch()}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);

  // Node 20 parses NODE_EXTRA_CA_CERTS at every start, before any of our code runs (65 ms on our
  // machines): then the synth is also timed without it, to show what is ours.
  const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS !== undefined;
  const nodeStart = benchNodeStart(runs, process.env, extraCaCerts ? ', NODE_EXTRA_CA_CERTS set' : '');
  const nodeStartPlain = extraCaCerts ? benchNodeStart(runs, withoutExtraCaCerts(process.env), ', without NODE_EXTRA_CA_CERTS') : nodeStart;
  const synth = benchSynth(runs);
  const synthPlain = extraCaCerts ? benchSynth(runs, withoutExtraCaCerts, ', without NODE_EXTRA_CA_CERTS') : synth;
  const npmSynth = benchNpmSynth(runs);
  const npmTest = process.argv.includes('--no-test') ? undefined : benchNpmTest();
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
    [`node build/main.js (synth of main.ts's app) < ${TARGET_SYNTH_MS} ms median wall (${ms(synth)} ms; Node's own start ${ms(nodeStart)} ms)`, synth < TARGET_SYNTH_MS],
    ...(extraCaCerts
      ? [[`  the same without NODE_EXTRA_CA_CERTS < ${TARGET_SYNTH_MS} ms (${ms(synthPlain)} ms; Node's own start ${ms(nodeStartPlain)} ms)`, synthPlain < TARGET_SYNTH_MS] as [string, boolean]]
      : []),
    [`npm run synth < ${TARGET_NPM_SYNTH_MS} ms median wall (${ms(npmSynth)} ms)`, npmSynth < TARGET_NPM_SYNTH_MS],
    ...(npmTest === undefined ? [] : [[`npm test < ${TARGET_NPM_TEST_MS} ms wall (${ms(npmTest)} ms)`, npmTest < TARGET_NPM_TEST_MS] as [string, boolean]]),
    [`100 instances < ${TARGET_100_INSTANCES_MS} ms (${ms(at(100).synthMs)} ms)`, at(100).synthMs < TARGET_100_INSTANCES_MS],
    [`roughly linear: ms/instance at N=100 <= ${LINEARITY_TOLERANCE} x at N=10 (${ms(perInstance100)} vs ${ms(perInstance10)})`, perInstance100 <= LINEARITY_TOLERANCE * perInstance10],
  ];
  console.log('\nTargets:');
  for (const [name, ok] of targets) console.log(`  ${verdict(ok)}  ${name}`);

  if (synth >= TARGET_SYNTH_MS || process.argv.includes('--profile')) {
    const { env } = commandEnv();
    profileChild('node build/main.js (the synth itself)', [path.join(__dirname, 'main.js')], env);
  }
  if (at(100).synthMs >= TARGET_100_INSTANCES_MS || perInstance100 > LINEARITY_TOLERANCE * perInstance10) {
    profileChild('100 instances in-process', [process.argv[1], '--only-scale', '100']);
  }
  if (process.argv.includes('--profile')) {
    profileChild('100 instances in-process', [process.argv[1], '--only-scale', '100']);
  }
}

main();
