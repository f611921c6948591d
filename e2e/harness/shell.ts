import { spawn } from 'child_process';

export interface RunOptions {
  /** Kills the command (SIGKILL) after this long. @default 60 s */
  readonly timeoutMs?: number;
  /** Written to the command's standard input. */
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs a command to completion with a hard time limit; never throws for a non-zero exit. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, timedOut });
    });
    child.stdin.on('error', () => undefined); // a command that exits without reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** Like run, but throws with the command's own words when it fails. */
export async function runOk(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const r = await run(command, args, options);
  if (r.code !== 0) {
    const why = r.timedOut ? `timed out after ${(options.timeoutMs ?? 60_000) / 1000} s` : `exit ${r.code}`;
    throw new Error(`${command.split('/').pop()} ${args.join(' ')}: ${why}: ${(r.stderr || r.stdout).trim()}`);
  }
  return r.stdout;
}
