/**
 * `npm run synth` and `cdk8s synth` on a user's app, run for real in a temporary copy of the
 * project (offline: no upgrade checks, no registry). A type error or invalid props fail the
 * command and leave `dist/` exactly as it was; a good app replaces it, and every line printed is
 * true. The five runs start together, so the file costs about one run of wall time.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const COPIED = ['lib', 'imports', 'scripts', 'package.json', '.npmrc', 'tsconfig.json', 'tsconfig.typecheck.json', 'tsconfig.synth.json', 'cdk8s.yaml'];

/** A main.ts deploying one Airflow with `props` (TypeScript source). */
const mainWith = (props: string) => `import { App, Chart } from 'cdk8s';
import { Airflow, runSynth } from './lib';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  new Airflow(new Chart(app, 'mine', { namespace: 'airflow', disableResourceNameHashes: true }), 'airflow', ${props});
  return app;
}

if (require.main === module) runSynth(buildApp);
`;

/** Every file below `dir` with its content. */
function tree(dir: string, prefix = ''): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  return Object.assign(
    {},
    ...fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).map((e) =>
      e.isDirectory() ? tree(dir, `${prefix}${e.name}/`) : { [`${prefix}${e.name}`]: fs.readFileSync(path.join(dir, prefix, e.name), 'utf8') },
    ),
  );
}

/** A copy of the project with `main.ts` and a committed-looking `dist/`. */
function project(main: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-command-'));
  for (const entry of COPIED) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'main.ts'), main);
  fs.mkdirSync(path.join(dir, 'dist', 'previous'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'dist', 'previous', 'previous.k8s.yaml'), 'kind: Previous\n');
  fs.writeFileSync(path.join(dir, 'dist', 'REPORT.md'), '# previous\n');
  return dir;
}

interface Run {
  readonly dir: string;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly distBefore: Record<string, string>;
}

/** Runs `command` in a fresh copy with `main`; nothing reaches the network. */
function run(main: string, command: readonly string[]): Promise<Run> {
  const dir = project(main);
  const distBefore = tree(path.join(dir, 'dist'));
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', npm_config_update_notifier: 'false', npm_config_offline: 'true' };
  delete env.CDK8S_OUTDIR;
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ dir, code, stdout, stderr, distBefore }));
  });
}

const NPM_SYNTH = ['npm', 'run', '--silent', 'synth'];
/** The README command, for the run whose output is checked line by line. */
const NPM_CDK8S_SYNTH = ['npm', 'run', '--silent', 'cdk8s', 'synth'];
/** What `npm run cdk8s synth` runs, without npm around it: cheaper for the runs that only check dist/. */
const CDK8S_SYNTH = [process.execPath, path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade'];
const TYPE_ERROR = mainWith("{ scheduler: { resources: { memoryLimt: '2Gi' } } }");
const INVALID = mainWith('{ scheduler: { replicas: -1 } }');
const VALID = mainWith('{}');

let runs: Record<string, Run>;
beforeAll(async () => {
  const [npmTypeError, cdk8sTypeError, npmInvalid, cdk8sInvalid, cdk8sValid] = await Promise.all([
    run(TYPE_ERROR, NPM_SYNTH),
    run(TYPE_ERROR, CDK8S_SYNTH),
    run(INVALID, NPM_SYNTH),
    run(INVALID, CDK8S_SYNTH),
    run(VALID, NPM_CDK8S_SYNTH),
  ]);
  runs = { npmTypeError, cdk8sTypeError, npmInvalid, cdk8sInvalid, cdk8sValid };
}, 120_000);

describe.each([
  ['npm run synth', 'npmTypeError', 'npmInvalid'],
  ['cdk8s synth', 'cdk8sTypeError', 'cdk8sInvalid'],
])('%s', (_, typeError, invalid) => {
  test('a type error (a misspelt nested prop) fails the command and leaves dist/ exactly as it was', () => {
    const r = runs[typeError];
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/main\.ts\(\d+,\d+\): error TS\d+: .*memoryLimt/);
    expect(r.stderr).toContain('Synth failed; dist/ was left unchanged.');
    expect(tree(path.join(r.dir, 'dist'))).toEqual(r.distBefore);
  });

  test('invalid props fail the command, say so truthfully and leave dist/ exactly as it was', () => {
    const r = runs[invalid];
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('mine/airflow: scheduler.replicas must be an integer >= 0, got -1');
    expect(r.stderr).toContain('Synth failed; dist/ was left unchanged.');
    expect(tree(path.join(r.dir, 'dist'))).toEqual(r.distBefore);
  });
});

describe('cdk8s synth of a valid app', () => {
  test('replaces dist/ with the app\'s folders and REPORT.md', () => {
    const r = runs.cdk8sValid;
    expect(r.code).toBe(0);
    expect(Object.keys(tree(path.join(r.dir, 'dist'))).sort()).toEqual(['REPORT.md', 'mine/kustomization.yaml', 'mine/mine.k8s.yaml']);
  });

  test('prints no stack trace or upgrade notice, and says where the output is', () => {
    const r = runs.cdk8sValid;
    expect(r.stderr).not.toMatch(/^\s+at |new version|npm notice|npm warn/m);
    expect(r.stderr).toContain('Synthesized into dist/ (the cdk8s CLI lists a copy in build/cdk8s.out/).');
    // What the CLI lists exists and is what dist/ holds.
    const listed = [...r.stdout.matchAll(/^ {2}- (\S+)$/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(['build/cdk8s.out/mine/kustomization.yaml', 'build/cdk8s.out/mine/mine.k8s.yaml']);
    for (const file of listed) {
      expect(fs.readFileSync(path.join(r.dir, file), 'utf8')).toBe(fs.readFileSync(path.join(r.dir, file.replace('build/cdk8s.out/', 'dist/')), 'utf8'));
    }
  });
});
