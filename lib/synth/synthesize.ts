/**
 * Everything `npm run synth` writes into the (staging) output folder: the manifests of every
 * chart, the kustomize base and `REPORT.md` (computed from those manifests). Returns the
 * synth-time warnings for the caller to print. `npm run check:dist`, `npm run report` and the
 * tests use this same function, so they can never disagree with `npm run synth`.
 */
import { App } from 'cdk8s';
import { writeReport } from '../report/output-folder';
import { collectWarnings } from '../warnings';
import { writeKustomization } from './kustomization';
import { assertUniqueObjects } from './unique-objects';

/**
 * Builds the app with `build(dir)`, synthesizes it into `dir` and adds the files derived from
 * the manifests.
 */
export function synthesizeInto(dir: string, build: (outdir: string) => App): string[] {
  const app = build(dir);
  assertUniqueObjects(app);
  app.synth();
  writeKustomization(dir);
  writeReport(dir);
  return collectWarnings(app);
}
