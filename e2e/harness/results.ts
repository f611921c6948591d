import * as fs from 'fs';
import * as path from 'path';
import type { Result } from './scenario';

const WORD: Record<Result['status'], string> = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP', pending: 'PEND' };

/** `PASS cluster.dns 3.2s`, with the detail after a colon for anything but a pass. */
export function resultLine(r: Result): string {
  const head = `${WORD[r.status]} ${r.id} ${r.seconds.toFixed(1)}s`;
  return r.status === 'passed' || !r.detail ? head : `${head}: ${r.detail}`;
}

/** The closing line: `N passed, N failed` (`, N skipped` when some were skipped or pending). */
export function summaryLine(results: readonly Result[]): string {
  const count = (...s: Result['status'][]) => results.filter((r) => s.includes(r.status)).length;
  const skipped = count('skipped', 'pending');
  return `${count('passed')} passed, ${count('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

export function writeResults(file: string, results: readonly Result[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
}
