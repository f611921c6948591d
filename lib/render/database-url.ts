/**
 * The metadata database URL for passwords of any characters.
 *
 * A URL composed in the manifest with `$(AIRFLOW_DB_PASSWORD)` breaks as soon as the password
 * holds `@ : / % # ?`: Kubernetes env expansion cannot percent-encode. Airflow reads
 * `[database] sql_alchemy_conn` from a command instead (`AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD`,
 * allowed for sensitive settings, run without a shell via `shlex.split`): a one-line Python
 * program in the Airflow image prints the URL with the password, read from the Secret-backed env,
 * percent-encoded. It works for generated passwords and for passwords from an existing Secret,
 * an ExternalSecret or a SealedSecret alike, stays current when the Secret changes (on restart),
 * and puts no derived copy of the password anywhere.
 */
import { k8s } from 'cdk8s-plus-27';
import { PASSWORD_PLACEHOLDER } from '../resolve/addresses';
import { settingEnvName } from '../resolve/config';

/** The program: argv[1] is the URL template, argv[2] the name of the env holding the password. */
const ENCODE_PASSWORD = "import os,sys,urllib.parse as u;sys.stdout.write(sys.argv[1].replace('" + PASSWORD_PLACEHOLDER + "',u.quote(os.environ[sys.argv[2]],safe='')))";

/**
 * The command that prints `template` with its `{password}` replaced by the percent-encoded value of
 * env `passwordEnv`. Templates hold only host, port, user and database names, which never contain
 * a quote (they are validated), so single quotes delimit them safely.
 */
export function databaseUrlCommand(template: string, passwordEnv: string): string {
  return `python -c "${ENCODE_PASSWORD}" '${template}' ${passwordEnv}`;
}

/** The env that makes Airflow read `[database] sql_alchemy_conn` from `databaseUrlCommand`. */
export function databaseUrlEnv(template: string, passwordEnv: string): k8s.EnvVar {
  return { name: `${settingEnvName('database', 'sql_alchemy_conn')}_CMD`, value: databaseUrlCommand(template, passwordEnv) };
}
