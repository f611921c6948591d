/**
 * Is an output folder what a fresh synth would write? Compares every file byte for byte, so a
 * report is never printed for manifests that no longer match the code.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { byText } from './objects';

/** Why an output folder is not current; empty when it is. */
export type OutputDifferences = readonly string[];

/** Every file below `dir`, as paths relative to it (`/`-separated), sorted. */
function filesOf(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesOf(dir, `${prefix}${e.name}/`) : e.isFile() ? [`${prefix}${e.name}`] : []))
    .sort(byText);
}

/**
 * Differences between `actualDir` (e.g. `dist`) and `expectedDir` (a fresh synth), by file path
 * (folders included).
 *
 * @param label how to call `actualDir` in messages, e.g. `dist/`
 */
export function compareOutputFolders(actualDir: string, expectedDir: string, label: string): OutputDifferences {
  if (!fs.existsSync(actualDir) || !fs.statSync(actualDir).isDirectory()) return [`${label} does not exist`];
  const actual = filesOf(actualDir);
  const expected = filesOf(expectedDir);
  const differences: string[] = [];
  for (const file of expected) {
    if (!actual.includes(file)) differences.push(`${label}${file} is missing`);
    else if (!fs.readFileSync(path.join(actualDir, file)).equals(fs.readFileSync(path.join(expectedDir, file)))) differences.push(`${label}${file} differs from a fresh synth`);
  }
  for (const file of actual) if (!expected.includes(file)) differences.push(`${label}${file} would not be written by a fresh synth`);
  return differences;
}

/**
 * Synthesizes into a temporary folder and compares it with `outdir`; the temporary folder is
 * always removed.
 *
 * @param synthesize writes a complete fresh output into the folder it is given
 */
export function checkOutputCurrent(outdir: string, synthesize: (dir: string) => void): OutputDifferences {
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-airflow-fresh-'));
  try {
    synthesize(fresh);
    return compareOutputFolders(outdir, fresh, `${outdir.replace(/\/+$/, '')}/`);
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
  }
}

/** The message telling the user to synthesize first. */
export function staleOutputMessage(differences: OutputDifferences): string {
  return [
    'The manifests are missing or out of date, so there is no report to print:',
    ...differences.map((d) => `  - ${d}`),
    'Run `npm run synth` first, then run this command again.',
  ].join('\n');
}
