/**
 * Our example app: the example deployments and their Argo CD Applications, composed the way
 * `main.ts` composes them out of the box. Tests use it as a fixture, so they keep passing when
 * `main.ts` becomes your own app.
 */
import { App } from 'cdk8s';
import { ArgoCdApps } from './argocd-apps';
import { CeleryExample } from './celery';
import { KubernetesExample } from './kubernetes';
import { MigrationExample } from './migration';
import { ProductionExample } from './production';

/** Builds the example app writing into `outdir`. */
export function buildExampleApp(outdir: string): App {
  const app = new App({ outdir });
  const deployments = [new CeleryExample(app), new KubernetesExample(app), new ProductionExample(app), new MigrationExample(app)];
  new ArgoCdApps(app, deployments);
  return app;
}
