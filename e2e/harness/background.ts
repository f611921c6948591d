import { ChildProcess, spawn } from 'child_process';

/**
 * Long-running children of the harness itself (kubectl port-forward, ...), each recorded by its
 * PID so it is stopped exactly, never by name: when its owner closes it, and at exit in any case.
 */
const children = new Map<number, ChildProcess>();

export interface BackgroundProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far (stdout and stderr), bounded to the last 64 KiB. */
  output(): string;
  /** Whether it has exited. */
  exited(): boolean;
  /** SIGTERM to this PID (and SIGKILL after 2 s if it is still there). */
  stop(): void;
}

/** Starts a command in the background; the harness stops it at exit at the latest. */
export function background(command: string, args: readonly string[]): BackgroundProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let done = false;
  const add = (d: Buffer) => {
    out = (out + d.toString()).slice(-65536);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  child.on('error', (e) => {
    out += `\n${e.message}`;
    done = true;
  });
  child.on('exit', () => {
    done = true;
    if (child.pid) children.delete(child.pid);
  });
  if (child.pid) children.set(child.pid, child);
  return {
    child,
    output: () => out,
    exited: () => done,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  child.kill('SIGTERM');
  const pid = child.pid;
  setTimeout(() => {
    if (children.has(pid) && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, 2_000).unref();
}

/** Stops every background child still running (the runner calls it before tearing down). */
export function stopAllBackground(): void {
  for (const child of children.values()) stopChild(child);
}

process.once('exit', () => {
  for (const child of children.values()) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});
