/**
 * The e2e teardown (e2e/cluster/down.sh) is safe before the first `up`: `npm run e2e --
 * --build-only` tears down after building, on a machine where `up` has not yet installed
 * iptables. The rule removal then failed with exit 127 under `set -o pipefail`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const CLEANUP = path.join(__dirname, '..', '..', 'e2e', 'cluster', 'lib', 'cleanup.sh');

/** A PATH holding only `tools` (taken from this machine's PATH): no iptables, nft or ipset. */
function pathWith(tools: readonly string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-cleanup-path-'));
  for (const tool of tools) {
    const found = (process.env.PATH ?? '').split(':').map((d) => path.join(d, tool)).find((p) => fs.existsSync(p));
    if (found === undefined) throw new Error(`${tool} is not on this machine's PATH`);
    fs.symlinkSync(found, path.join(dir, tool));
  }
  return dir;
}

let pathDir: string | undefined;
afterAll(() => pathDir && fs.rmSync(pathDir, { recursive: true, force: true }));

test('removing the network policy agents\' rules succeeds on a machine without iptables', () => {
  const script = `set -euo pipefail; . ${JSON.stringify(CLEANUP)}; remove_netpol_rules; echo done`;
  pathDir = pathWith(['grep', 'sed']);
  const result = spawnSync('/bin/bash', ['-c', script], { env: { PATH: pathDir }, encoding: 'utf8' });
  expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: 'done\n' });
});
