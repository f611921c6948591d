/** Compares two output folders file by file, byte for byte. */
import * as fs from 'fs';
import * as path from 'path';

/** One line per difference: missing, extra or changed files. Empty when identical. */
export function compareFolders(expectedDir: string, actualDir: string): string[] {
  const list = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort() : []);
  const expected = list(expectedDir);
  const actual = list(actualDir);
  const differences: string[] = [];
  for (const file of expected) {
    if (!actual.includes(file)) differences.push(`missing: ${file}`);
    else if (!fs.readFileSync(path.join(expectedDir, file)).equals(fs.readFileSync(path.join(actualDir, file)))) differences.push(`changed: ${file}`);
  }
  for (const file of actual) if (!expected.includes(file)) differences.push(`not produced by synth: ${file}`);
  return differences;
}
