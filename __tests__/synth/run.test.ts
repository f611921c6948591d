import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Airflow, parseSynthArgs, runSynth } from '../../lib';

describe('parseSynthArgs', () => {
  test('reads the output folder, the copy for the cdk8s CLI and the approval mode', () => {
    expect(parseSynthArgs([], {})).toEqual({ outdir: 'dist', copyTo: undefined, awaitApproval: false });
    expect(parseSynthArgs([], { CDK8S_OUTDIR: 'out' }).outdir).toBe('out');
    expect(parseSynthArgs(['--outdir', 'dist', '--copy-to', 'build/cdk8s.out', '--await-approval'], { CDK8S_OUTDIR: 'build/cdk8s.out' })).toEqual({
      outdir: 'dist', copyTo: 'build/cdk8s.out', awaitApproval: true,
    });
  });

  test('refuses what it does not know, and a folder option without a folder', () => {
    expect(() => parseSynthArgs(['--out', 'x'], {})).toThrow('unknown argument "--out"; expected --outdir DIR, --copy-to DIR or --await-approval');
    expect(() => parseSynthArgs(['--copy-to', ''], {})).toThrow('--copy-to needs a folder');
  });
});

describe('runSynth', () => {
  const outdirWith = (file: string) => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'run-synth-')), 'dist');
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, file), 'previous\n');
    return outdir;
  };
  const quietly = (fn: () => void) => {
    const errors: string[] = [];
    const error = jest.spyOn(console, 'error').mockImplementation((m) => void errors.push(String(m)));
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const exitCode = process.exitCode;
    try {
      fn();
      return { errors, exitCode: process.exitCode };
    } finally {
      process.exitCode = exitCode;
      for (const spy of [error, log, warn]) spy.mockRestore();
    }
  };

  test('invalid props: exit code 1, every problem printed, the output folder exactly as it was', () => {
    const outdir = outdirWith('previous.k8s.yaml');
    const { errors, exitCode } = quietly(() => runSynth((o) => {
      const app = new App({ outdir: o });
      new Airflow(new Chart(app, 'mine'), 'airflow', { scheduler: { replicas: -1 } });
      return app;
    }, ['--outdir', outdir]));
    expect(exitCode).toBe(1);
    expect(errors.join('\n')).toContain('mine/airflow: scheduler.replicas must be an integer >= 0, got -1');
    expect(errors[errors.length - 1]).toBe(`Synth failed; ${outdir}/ was left unchanged.`);
    expect(fs.readdirSync(outdir)).toEqual(['previous.k8s.yaml']);
  });

  test('a good app replaces the output folder, and a copy goes where --copy-to says', () => {
    const outdir = outdirWith('previous.k8s.yaml');
    const copy = path.join(path.dirname(outdir), 'copy');
    const { exitCode } = quietly(() => runSynth((o) => {
      const app = new App({ outdir: o });
      new Airflow(new Chart(app, 'mine'), 'airflow');
      return app;
    }, ['--outdir', outdir, '--copy-to', copy]));
    expect(exitCode).toBeUndefined();
    expect(fs.readdirSync(outdir).sort()).toEqual(['REPORT.md', 'mine']);
    expect(fs.readdirSync(copy).sort()).toEqual(['REPORT.md', 'mine']);
  });
});
