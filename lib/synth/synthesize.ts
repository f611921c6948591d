/**
 * Everything `npm run synth` writes into the (staging) output folder: the manifests of every
 * chart, the kustomize base and `REPORT.md` (computed from those manifests). Returns the
 * synth-time warnings for the caller to print. `npm run check:dist`, `npm run report` and the
 * tests use this same function, so they can never disagree with `npm run synth`.
 */
import { App } from 'cdk8s';
import { AirflowValidationError } from '../errors';
import { writeReport } from '../report/output-folder';
import { collectWarnings } from '../warnings';
import { conflictingIngressRoutes } from './ingress-routes';
import { writeKustomization } from './kustomization';
import { objectSizeFindings } from './object-sizes';
import { renderOnce } from './rendered-objects';
import { assertUniqueObjects } from './unique-objects';

/**
 * Builds the app with `build(dir)`, checks what only the whole app shows (objects written twice,
 * Ingress routes claimed twice, object sizes), synthesizes it into `dir` and adds the files
 * derived from the manifests.
 */
export function synthesizeInto(dir: string, build: (outdir: string) => App): string[] {
  const app = build(dir);
  const warnings = checkApp(app);
  app.synth();
  writeKustomization(dir);
  writeReport(dir);
  return [...collectWarnings(app), ...warnings];
}

/**
 * Throws when the app as a whole cannot be applied; returns warnings about what applies only in
 * some ways (objects too big for client-side apply).
 */
export function checkApp(app: App): string[] {
  assertUniqueObjects(app);
  const objects = renderOnce(app);
  const sizes = objectSizeFindings(objects);
  const problems = [...conflictingIngressRoutes(objects), ...sizes.problems];
  if (problems.length > 0) throw new AirflowValidationError(problems);
  return sizes.warnings;
}
