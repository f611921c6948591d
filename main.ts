/**
 * YOUR APP: the charts `npm run synth` writes to `dist/`, one folder per chart. Every tool follows
 * this file: `npm run synth` and `cdk8s synth`, `npm run check:dist`, `npm run report`,
 * `npm run validate` and the snapshot test `__tests__/app.test.ts` (see README, "Use it for your
 * own Airflow"). Out of the box it deploys our examples (`examples/`); replace them with your own
 * charts here.
 */
import { App } from 'cdk8s';
import { ArgoCdApps, CeleryExample, KubernetesExample, MigrationExample, ProductionExample } from './examples';
import { runSynth } from './lib';

/** Builds the app; its manifests go to `outdir`. Tests call it without writing `dist/`. */
export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const deployments = [new CeleryExample(app), new KubernetesExample(app), new ProductionExample(app), new MigrationExample(app)];
  new ArgoCdApps(app, deployments);
  return app;
}

// Synthesize only when run as a program (`node build/main.js`), never when imported.
if (require.main === module) runSynth(buildApp);
