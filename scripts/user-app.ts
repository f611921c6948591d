/**
 * The user's app for the tools in scripts/: the `buildApp` of `main.ts`, loaded from its bundle
 * `build/main.js` at run time. Bundling `main.ts` into each tool would make `require.main ===
 * module` true inside the tool's bundle, so `main.ts` would synthesize into `dist/` as a side
 * effect of `npm run check:dist`.
 */
import * as path from 'path';
import type { AppBuilder } from '../lib';

/** `buildApp` of the user's `main.ts` (the tools are bundled next to `build/main.js`). */
export function loadUserApp(): AppBuilder {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const main = require(path.join(__dirname, 'main.js')) as { buildApp?: AppBuilder };
  if (typeof main.buildApp !== 'function') {
    throw new Error('main.ts must export the function that builds the app: `export function buildApp(outdir: string): App`');
  }
  return main.buildApp;
}
