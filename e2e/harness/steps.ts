import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Runs one of the e2e shell scripts with a time limit: everything it prints goes to
 * build/e2e/logs/steps/<name>.log, and its own progress lines (`[e2e ...]`) also to stderr.
 */
const running = new Set<number>();

/** Stops the running steps' whole process groups (go build, debootstrap...), e.g. on Ctrl-C. */
export function abortSteps(): void {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

export function step(repoDir: string, name: string, script: string, args: readonly string[], timeoutMs: number): Promise<void> {
  const logFile = path.join(repoDir, 'build/e2e/logs/steps', `${name}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile);
  return new Promise((resolve, reject) => {
    // Its own process group, so a time-out stops the script's children too.
    const child = spawn('bash', [path.join(repoDir, script), ...args], { cwd: repoDir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const pid = child.pid ?? 0;
    running.add(pid);
    let last = '';
    const timer = setTimeout(() => process.kill(-pid, 'SIGTERM'), timeoutMs);
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      for (const line of chunk.toString().split('\n')) {
        if (line.startsWith('[e2e')) process.stderr.write(line + '\n');
        if (line.trim()) last = line.trim();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(pid);
      log.end();
      if (code === 0) resolve();
      else reject(new Error(`${name} failed (${signal ?? `exit ${code}`}; build/e2e/logs/steps/${name}.log): ${last}`));
    });
  });
}
