/**
 * Runs the log groomer program with bash on a temporary log folder (one pass), to check what
 * matters: old files go, recent ones stay, and a volume over its budget loses its oldest files
 * first until it fits.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOG_GROOMER_SCRIPT } from '../../../lib/render/components/log-groomer';

const DAY = 24 * 3600;

/** Creates `relative` under `dir` with `kib` KiB of content, last modified `ageSeconds` ago. */
function logFile(dir: string, relative: string, kib: number, ageSeconds: number): string {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.alloc(kib * 1024, 'x'));
  const when = Date.now() / 1000 - ageSeconds;
  fs.utimesSync(file, when, when);
  return file;
}

function groomOnce(dir: string, retentionMinutes: number, budgetKiB = ''): void {
  execFileSync('bash', ['-c', LOG_GROOMER_SCRIPT], {
    env: { PATH: process.env.PATH, LOG_DIR: dir, RETENTION_MINUTES: String(retentionMinutes), BUDGET_KIB: budgetKiB, INTERVAL_SECONDS: '0' },
  });
}

describe('log groomer', () => {
  test('deletes files older than the retention, keeps recent ones, and removes emptied folders', () => {
    // GIVEN a week-old DAG processor log, a fresh task log, and a retention of 2 days
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logs-'));
    const old = logFile(dir, 'dag_processor/2026-11-20/dags/a.py.log', 1, 7 * DAY);
    const fresh = logFile(dir, 'dag_id=x/run_id=y/task_id=z/attempt=1.log', 1, 60);
    fs.mkdirSync(path.join(dir, 'lost+found'));
    // WHEN it runs once
    groomOnce(dir, 2 * 24 * 60);
    // THEN
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'dag_processor'))).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'lost+found'))).toBe(true);
  });

  test('over its budget, the volume loses its oldest files first until it fits', () => {
    // GIVEN three recent 400 KiB logs (1200 KiB) and a budget of 900 KiB
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logs-'));
    const oldest = logFile(dir, 'a/1.log', 400, 3 * 3600);
    const middle = logFile(dir, 'b/2.log', 400, 2 * 3600);
    const newest = logFile(dir, 'c/3.log', 400, 3600);
    // WHEN it runs once with a long retention
    groomOnce(dir, 15 * 24 * 60, '900');
    // THEN only the oldest is gone
    expect([oldest, middle, newest].map((f) => fs.existsSync(f))).toEqual([false, true, true]);
  });

  test('without a budget (shared claim) the size is left alone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logs-'));
    const file = logFile(dir, 'a/1.log', 400, 3600);
    groomOnce(dir, 15 * 24 * 60);
    expect(fs.existsSync(file)).toBe(true);
  });
});
