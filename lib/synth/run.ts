/**
 * The command line of the user's app (`node build/main.js`, what `npm run synth` and `cdk8s synth`
 * run): synthesize atomically, print warnings, say truthfully what happened to the output folder,
 * and exit non-zero on failure.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthesizeAtomically } from './atomic-output';
import { AppBuilder, synthesizeInto } from './synthesize';

/** Options of `runSynth`, from the command line and the environment. */
export interface SynthCommandOptions {
  /** The output folder. */
  readonly outdir: string;
  /** A folder that also gets a copy of the output (the cdk8s CLI's scratch folder). */
  readonly copyTo?: string;
  /**
   * Wait, once the app is synthesized into the staging folder, for a line on stdin: `commit`
   * replaces the output folder, anything else (`abort: <why>`) leaves it as it was. `npm run
   * synth` uses it to type-check and synthesize at the same time.
   */
  readonly awaitApproval: boolean;
}

/**
 * Reads `--outdir DIR` (default: `$CDK8S_OUTDIR`, else `dist`), `--copy-to DIR` and
 * `--await-approval`.
 *
 * @throws on an unknown argument or a missing value
 */
export function parseSynthArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): SynthCommandOptions {
  let outdir = env.CDK8S_OUTDIR || 'dist';
  let copyTo: string | undefined;
  let awaitApproval = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--await-approval') {
      awaitApproval = true;
      continue;
    }
    const value = argv[i + 1];
    if ((argv[i] === '--outdir' || argv[i] === '--copy-to') && (value === undefined || value === '')) throw new Error(`${argv[i]} needs a folder`);
    if (argv[i] === '--outdir') outdir = value;
    else if (argv[i] === '--copy-to') copyTo = value;
    else throw new Error(`unknown argument ${JSON.stringify(argv[i])}; expected --outdir DIR, --copy-to DIR or --await-approval`);
    i++;
  }
  return { outdir, copyTo, awaitApproval };
}

/** Reads one line from stdin, blocking; throws unless it is `commit`. */
function awaitApproval(): void {
  const buffer = Buffer.alloc(512);
  let text = '';
  while (!text.includes('\n')) {
    let read: number;
    try {
      read = fs.readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      throw error;
    }
    if (read === 0) break;
    text += buffer.toString('utf8', 0, read);
  }
  const line = text.split('\n')[0].trim();
  if (line !== 'commit') throw new Error(line.replace(/^abort:\s*/, '') || 'stdin closed before the synth was approved');
}

/**
 * Synthesizes `build`'s app into the output folder, replacing it only when everything succeeded.
 * Prints warnings and the outcome; on failure sets a non-zero exit code and leaves the output
 * folder exactly as it was.
 */
export function runSynth(build: AppBuilder, argv: readonly string[] = process.argv.slice(2)): void {
  let options: SynthCommandOptions;
  try {
    options = parseSynthArgs(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
    return;
  }
  const label = `${options.outdir.replace(/\/+$/, '')}/`;
  try {
    synthesizeAtomically(options.outdir, (staging) => {
      for (const warning of synthesizeInto(staging, build)) console.warn(`Warning: ${warning}`);
      if (options.awaitApproval) awaitApproval();
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    console.error(`Synth failed; ${label} was left unchanged.`);
    process.exitCode = 1;
    return;
  }
  if (options.copyTo !== undefined && path.resolve(options.copyTo) !== path.resolve(options.outdir)) {
    fs.rmSync(options.copyTo, { recursive: true, force: true });
    fs.cpSync(options.outdir, options.copyTo, { recursive: true });
    // The cdk8s CLI swallows the app's stdout and then lists the copy: say where the output is.
    console.error(`Synthesized into ${label} (the cdk8s CLI lists a copy in ${options.copyTo.replace(/\/+$/, '')}/).`);
  } else {
    console.log(`Synthesized into ${label}`);
  }
}
