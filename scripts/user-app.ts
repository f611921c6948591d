/**
 * The user's app for the tools in scripts/: the `buildApp` of `main.ts`, loaded at run time from
 * `build/app.js`, a bundle of `main.ts` that, like the tools, uses the packages in node_modules
 * (one copy of cdk8s, so `instanceof` checks hold). Bundling `main.ts` into each tool would make
 * `require.main === module` true inside the tool's bundle, so `main.ts` would synthesize into
 * `dist/` as a side effect of `npm run check:dist`. (`build/main.js`, what `npm run synth` runs,
 * bundles the packages too, which starts faster.)
 */
import * as path from 'path';
import type { AppBuilder } from '../lib';

/** `buildApp` of the user's `main.ts` (the tools are bundled next to `build/app.js`). */
export function loadUserApp(): AppBuilder {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const main = require(path.join(__dirname, 'app.js')) as { buildApp?: AppBuilder };
  if (typeof main.buildApp !== 'function') {
    throw new Error('main.ts must export the function that builds the app: `export function buildApp(outdir: string): App`');
  }
  return main.buildApp;
}
