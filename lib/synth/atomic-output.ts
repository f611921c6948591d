/**
 * Synthesizes into a staging folder and swaps it into place only when everything succeeded, so a
 * failed synth leaves the previous output (committed, synced by GitOps) exactly as it was.
 */
import * as fs from 'fs';
import * as path from 'path';

/** `rm -rf`: the folder and everything in it, and no error when it is not there. */
const RM_RF = { recursive: true, force: true };

/**
 * Runs `synthesize(stagingDir)` and replaces `outdir` with what it wrote.
 *
 * @param outdir the output folder, e.g. `dist`
 * @param synthesize writes the complete output into the folder it is given; throws on failure
 * @throws whatever `synthesize` throws, after removing the staging folder; `outdir` is untouched
 */
export function synthesizeAtomically(outdir: string, synthesize: (stagingDir: string) => void): void {
  const parent = path.dirname(path.resolve(outdir));
  const base = path.basename(outdir);
  const staging = path.join(parent, `.${base}-staging-${process.pid}`);
  const previous = path.join(parent, `.${base}-previous-${process.pid}`);
  // Leftovers of a synth of the same process id that crashed: a leftover previous output would
  // make the swap below fail (a folder cannot be renamed onto a non-empty one).
  fs.rmSync(staging, RM_RF);
  fs.rmSync(previous, RM_RF);
  fs.mkdirSync(staging, { recursive: true });
  try {
    synthesize(staging);
    if (fs.readdirSync(staging).length === 0) throw new Error('synthesis wrote no files; keeping the previous output');
  } catch (error) {
    fs.rmSync(staging, RM_RF);
    throw error;
  }
  const hadOutput = fs.existsSync(outdir);
  if (hadOutput) fs.renameSync(outdir, previous);
  try {
    fs.renameSync(staging, outdir);
  } catch (error) {
    if (hadOutput) fs.renameSync(previous, outdir);
    fs.rmSync(staging, RM_RF);
    throw error;
  }
  fs.rmSync(previous, RM_RF);
}
