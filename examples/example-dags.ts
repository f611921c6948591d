/**
 * Our example DAGs (`examples/dags/*.py`), shipped with the example deployments in a ConfigMap
 * (`DagSource.files`), so `kubectl apply` of an example shows DAGs in the UI without an image
 * build or a Git server.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Where the example DAG files are, from this file or from its bundle in `build/`. */
export const EXAMPLE_DAGS_DIR = path.resolve(__dirname, '..', 'examples', 'dags');

/** File name -> content of every example DAG, sorted by name. */
export function exampleDags(dir = EXAMPLE_DAGS_DIR): Record<string, string> {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.py')).sort();
  return Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}
