/**
 * THE TEST OF YOUR APP: whatever `main.ts` builds. It needs no change when you edit `main.ts`:
 * every chart is checked against the Kubernetes schema (unknown fields rejected), every Airflow
 * deployment for restricted security contexts and explicit resources, the output for determinism,
 * and each chart against its snapshot in `__snapshots__/app.test.ts.snap`. After an intended
 * change, review the diff of `dist/` and update the snapshots with `npx jest -u __tests__/app.test.ts`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringifyYaml } from '../lib';
import { buildApp } from '../main';
import { synthApp } from './support/app';
import { describeAppChecks } from './support/app-checks';

const files = synthApp(buildApp);

describe('main.ts', () => {
  describeAppChecks(files);

  test.each(Object.keys(files))('%s matches the snapshot', (file) => {
    expect(files[file]).toMatchSnapshot();
  });

  // In one process this sees state that leaks between synths; check:dist compares a synth in a
  // fresh process with the committed dist/.
  test('two synths are byte-identical', () => {
    const text = (app: Record<string, unknown[]>) => Object.entries(app).map(([file, objects]) => `${file}\n${stringifyYaml(...objects)}`);
    expect(text(synthApp(buildApp))).toEqual(text(files));
  });

  test('the output contains no path of this checkout', () => {
    expect(JSON.stringify(files)).not.toContain(process.cwd());
  });

  test('importing main.ts builds nothing and writes nothing: it synthesizes only when run as a program', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-main-'));
    const saved = { argv: process.argv, outdir: process.env.CDK8S_OUTDIR, exitCode: process.exitCode };
    // As if run with no arguments and an output folder: a synth on import would write there.
    process.argv = process.argv.slice(0, 2);
    process.env.CDK8S_OUTDIR = outdir;
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        expect(typeof require('../main').buildApp).toBe('function');
      });
      expect(process.exitCode).toBe(saved.exitCode);
    } finally {
      process.argv = saved.argv;
      if (saved.outdir === undefined) delete process.env.CDK8S_OUTDIR;
      else process.env.CDK8S_OUTDIR = saved.outdir;
      process.exitCode = saved.exitCode;
    }
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});
