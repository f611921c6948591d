/**
 * Any database password works: the URL Airflow connects with is printed by a command that
 * percent-encodes the password, run exactly as Airflow runs `*_CMD` settings (`shlex.split`, no
 * shell), with python3; PgBouncer's users file quotes it. Checked with a password holding every
 * character that breaks a URL.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pgbouncerStartCommand } from '../../lib/render/extras/pgbouncer';
import { envOf, synthAirflow, workloadOf } from '../support/chart';

/** Every character that ends or changes a URL component, and quotes for the shells on the way. */
const PASSWORD = 'p@ss:w/rd%20#frag?q=1&x\'y"z $HOME\\';

/** A bin folder where `python` is python3, as in the Airflow image. */
function pythonShim(): string {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'bin-'));
  fs.symlinkSync(execFileSync('bash', ['-c', 'command -v python3']).toString().trim(), path.join(bin, 'python'));
  return bin;
}

/** Runs a `*_CMD` value the way Airflow does: shlex.split, then the program without a shell. */
function runAsAirflow(command: string, env: Record<string, string>): string {
  const runner = 'import shlex,subprocess,sys; sys.stdout.write(subprocess.run(shlex.split(sys.argv[1]), capture_output=True, text=True, check=True).stdout)';
  return execFileSync('python3', ['-c', runner, command], { env: { PATH: `${pythonShim()}:${process.env.PATH}`, ...env } }).toString();
}

/** The URL's parts, password decoded, as Python (SQLAlchemy's URL parser follows the same rules) reads them. */
function urlParts(url: string): Record<string, unknown> {
  const program = 'import json,sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(json.dumps([p.scheme,p.username,u.unquote(p.password),p.hostname,p.port,p.path,p.query,p.fragment]))';
  const [scheme, user, password, host, port, database, query, fragment] = JSON.parse(execFileSync('python3', ['-c', program, url]).toString());
  return { scheme, user, password, host, port, database, query, fragment };
}

const commandOf = (objects: any[], component: string) => envOf(workloadOf(objects, component).spec.template.spec.containers[0]).AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD.value;

describe('database URL with any password', () => {
  test('the embedded database URL survives a password with @ : / % # ? & quotes, spaces and backslashes', () => {
    // GIVEN the default (embedded PostgreSQL) deployment
    const command = commandOf(synthAirflow(), 'scheduler');
    // WHEN Airflow runs the command with that password in the env
    const url = runAsAirflow(command, { AIRFLOW_DB_PASSWORD: PASSWORD });
    // THEN the URL parses back to the same user, password, host and database
    expect(urlParts(url)).toEqual({
      scheme: 'postgresql+psycopg2', user: 'airflow', password: PASSWORD, host: 'airflow-postgresql.airflow', port: 5432, database: '/airflow', query: '', fragment: '',
    });
  });

  test('through PgBouncer: components get the pooler URL, the migration Job the direct one, both encoded', () => {
    const objects = synthAirflow({ pgbouncer: {} });
    expect(urlParts(runAsAirflow(commandOf(objects, 'scheduler'), { AIRFLOW_DB_PASSWORD: PASSWORD }))).toMatchObject({ password: PASSWORD, host: 'airflow-pgbouncer.airflow', port: 6432 });
    expect(urlParts(runAsAirflow(commandOf(objects, 'migrate-database'), { AIRFLOW_DB_PASSWORD: PASSWORD }))).toMatchObject({ password: PASSWORD, host: 'airflow-postgresql.airflow', port: 5432 });
  });

  test('no URL is composed in a manifest: no env expands the password into a value', () => {
    for (const objects of [synthAirflow(), synthAirflow({ pgbouncer: {} })]) {
      expect(JSON.stringify(objects)).not.toContain('$(AIRFLOW_DB_PASSWORD)');
      const env = envOf(workloadOf(objects, 'scheduler').spec.template.spec.containers[0]);
      expect(env.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN).toBeUndefined();
      expect(env.AIRFLOW_DB_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'airflow-postgresql', key: 'password' });
    }
  });

  test('PgBouncer\'s users file holds the password in its quoted format, whatever it contains', () => {
    // GIVEN the start command with a stand-in pgbouncer
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-'));
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'bin-'));
    fs.writeFileSync(path.join(bin, 'pgbouncer'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    // WHEN it runs
    execFileSync('sh', ['-c', pgbouncerStartCommand(dir, '/dev/null')], { env: { PATH: `${bin}:${process.env.PATH}`, PGBOUNCER_USER: 'airflow', PGBOUNCER_PASSWORD: PASSWORD } });
    // THEN one line: both fields double-quoted, a double quote inside doubled, nothing else changed
    const line = fs.readFileSync(path.join(dir, 'users.txt'), 'utf8');
    expect(line).toBe(`"airflow" "${PASSWORD.replace(/"/g, '""')}"\n`);
    expect((fs.statSync(path.join(dir, 'users.txt')).mode & 0o077)).toBe(0);
  });
});
