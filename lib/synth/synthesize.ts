/**
 * Everything `npm run synth` writes into the (staging) output folder: the manifests of every
 * chart and the kustomize base. Returns the synth-time warnings for the caller to print.
 */
import { App } from 'cdk8s';
import { collectWarnings } from '../warnings';
import { writeKustomization } from './kustomization';
import { requireUniqueObjects } from './unique-objects';

/**
 * Builds the app with `build(dir)`, synthesizes it into `dir` and adds the files derived from
 * the manifests.
 */
export function synthesizeInto(dir: string, build: (outdir: string) => App): string[] {
  const app = build(dir);
  requireUniqueObjects(app);
  app.synth();
  writeKustomization(dir);
  return collectWarnings(app);
}
