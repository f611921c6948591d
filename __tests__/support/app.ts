/** Synthesizes the default app's charts in memory, from the same builder `npm run synth` uses. */
import { Testing } from 'cdk8s';
import { buildDefaultApp } from '../../examples/default-app';
import { K8sObject } from './chart';

/** Objects of every chart of the default app, by output file name. */
export function synthExamples(): Record<string, K8sObject[]> {
  const app = buildDefaultApp(Testing.app().outdir);
  return Object.fromEntries(app.charts.map((chart) => [`${chart.node.id}${app.outputFileExtension}`, Testing.synth(chart) as K8sObject[]]));
}
