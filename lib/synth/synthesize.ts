/**
 * Everything `npm run synth` writes into the (staging) output folder: one folder per chart with
 * its manifest and a `kustomization.yaml` (a kustomize base that deploys exactly that chart), and
 * `REPORT.md` computed from the same objects. Returns the synth-time warnings for the caller to
 * print. `npm run check:dist`, `npm run report` and the tests use this same function, so they can
 * never disagree with `npm run synth`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Names } from 'cdk8s';
import { AirflowValidationError } from '../errors';
import { ManifestFile } from '../report/deployment-report';
import { K8sObject } from '../report/objects';
import { MANIFEST_SUFFIX, writeReportOf } from '../report/output-folder';
import { collectWarnings } from '../warnings';
import { stringifyYaml } from '../yaml';
import { conflictingIngressRoutes } from './ingress-routes';
import { kustomizationFor } from './kustomization';
import { objectSizeFindings } from './object-sizes';
import { renderOnce } from './rendered-objects';
import { assertUniqueObjects } from './unique-objects';

/** Builds the app to synthesize; `outdir` is where its manifests will be written. */
export type AppBuilder = (outdir: string) => App;

/** One chart of a synthesized app: its folder (a kustomize base) and its objects. */
export interface SynthesizedChart {
  /** Folder of the chart below the output folder, e.g. `airflow-celery`. */
  readonly folder: string;
  /** Path of the manifest below the output folder, e.g. `airflow-celery/airflow-celery.k8s.yaml`. */
  readonly file: string;
  /** The objects, in the order they are written. */
  readonly objects: readonly K8sObject[];
}

/**
 * Synthesizes every chart of `app` in memory: validates the app (cdk8s validations and the
 * duplicate-object check) and returns each chart's objects, in dependency order.
 */
export function synthesizeCharts(app: App): SynthesizedChart[] {
  assertUniqueObjects(app);
  return chartsOf(app);
}

/**
 * Throws when the app as a whole cannot be applied (objects written twice, Ingress routes claimed
 * twice, objects too big); returns warnings about what applies only in some ways (objects too big
 * for client-side apply). Each chart keeps the rendering the checks needed, so writing it costs
 * no second rendering.
 */
export function checkApp(app: App): string[] {
  assertUniqueObjects(app);
  const objects = renderOnce(app);
  const sizes = objectSizeFindings(objects);
  const problems = [...conflictingIngressRoutes(objects), ...sizes.problems];
  if (problems.length > 0) throw new AirflowValidationError(problems);
  return sizes.warnings;
}

function chartsOf(app: App): SynthesizedChart[] {
  return app.charts.map((chart) => {
    const folder = Names.toDnsLabel(chart);
    return { folder, file: `${folder}/${folder}${MANIFEST_SUFFIX}`, objects: chart.toJson() as K8sObject[] };
  });
}

/**
 * Builds the app with `build(dir)`, checks it as a whole (`checkApp`), writes every chart into its
 * folder below `dir` and adds `REPORT.md`. Returns the warnings, one line each.
 */
export function synthesizeInto(dir: string, build: AppBuilder): string[] {
  const app = build(dir);
  const warnings = checkApp(app);
  const charts = chartsOf(app);
  if (charts.length === 0) throw new Error('the app has no charts: add at least one Chart to it');
  for (const chart of charts) {
    fs.mkdirSync(path.join(dir, chart.folder), { recursive: true });
    fs.writeFileSync(path.join(dir, chart.file), stringifyYaml(...chart.objects));
    fs.writeFileSync(path.join(dir, chart.folder, 'kustomization.yaml'), kustomizationFor(path.basename(chart.file)));
  }
  const manifests: ManifestFile[] = charts.map((chart) => ({ file: chart.file, objects: chart.objects }));
  writeReportOf(dir, manifests);
  return [...collectWarnings(app), ...warnings];
}
