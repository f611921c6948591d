/** Synthesizes whole apps in memory (no files), from the same builders `npm run synth` uses. */
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../../examples';
import { AppBuilder, synthesizeCharts } from '../../lib';
import { K8sObject } from './chart';

/** Objects of every chart of the app `build` builds, by manifest path (`<chart>/<chart>.k8s.yaml`). */
export function synthApp(build: AppBuilder): Record<string, K8sObject[]> {
  // Nothing is written: the charts are synthesized in memory.
  const app = build(path.join(os.tmpdir(), 'cdk8s-airflow-in-memory'));
  return Object.fromEntries(synthesizeCharts(app).map((chart) => [chart.file, chart.objects as K8sObject[]]));
}

/** Objects of every chart of our example app (`examples/example-app.ts`), by manifest path. */
export function synthExamples(): Record<string, K8sObject[]> {
  return synthApp(buildExampleApp);
}
