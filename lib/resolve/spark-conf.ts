/**
 * Checks of the Spark family's `sparkConf`, written line by line into `spark-defaults.conf` (a
 * ConfigMap in the committed `dist/`), which Spark reads as a Java properties file.
 */
import { ValidationProblems, show } from '../errors';

/** `spark-defaults.conf` entries derived from the wiring; users cannot override them. */
/** The Spark setting that carries the instance's `imagePullSecrets` to driver and executors. */
export const SPARK_PULL_SECRETS = 'spark.kubernetes.container.image.pullSecrets';

export const OWNED_SPARK_CONF = [
  'spark.master',
  'spark.submit.deployMode',
  'spark.kubernetes.namespace',
  'spark.kubernetes.container.image',
  'spark.kubernetes.authenticate.driver.serviceAccountName',
  'spark.kubernetes.driver.podTemplateFile',
  'spark.kubernetes.executor.podTemplateFile',
  'spark.kubernetes.driver.podTemplateContainerName',
  'spark.kubernetes.executor.podTemplateContainerName',
  SPARK_PULL_SECRETS,
];

/**
 * Keys whose values are secrets: Spark's own `spark.redaction.regex` default,
 * `(?i)secret|password|token|access[.]?key`, plus storage account and private keys (Azure
 * `fs.azure.account.key.*`, GCS `...private.key`) that it misses.
 */
const SECRET_KEY = /secret|password|token|access[.]?key|account[.]key|private[.]?key/i;

/**
 * Keys that match but hold no secret: where Spark reads one (a file), or a Kubernetes Secret to
 * mount or read env from, which is how secrets should reach Spark.
 */
const NOT_A_SECRET = [
  /(file|path|dir)$/i,
  /^spark\.kubernetes\.(driver|executor)\.secrets\./,
  /^spark\.kubernetes\.(driver|executor)\.secretKeyRef\./,
  /^spark\.kubernetes\.kerberos\.tokenSecret\.(name|itemKey)$/,
  /\.provider$/,
];

/** A value that only refers to an environment variable (`${env:AWS_SECRET_ACCESS_KEY}`), which Hadoop expands. */
const ENV_REFERENCE = /^\$\{(env[.:])?[A-Za-z_][A-Za-z0-9_]*\}$/;

/** Records every problem with the `sparkConf` at `prop`. */
export function checkSparkConf(problems: ValidationProblems, prop: string, sparkConf: unknown): void {
  if (sparkConf === undefined) return;
  if (sparkConf === null || typeof sparkConf !== 'object' || Array.isArray(sparkConf)) {
    problems.add(prop, `must be a map of Spark properties to string values, got ${show(sparkConf)}`);
    return;
  }
  for (const [key, value] of Object.entries(sparkConf)) {
    const where = `${prop}.${key}`;
    if (key === SPARK_PULL_SECRETS) {
      problems.add(where, 'is set by cdk8s-airflow from the instance\'s imagePullSecrets: set imagePullSecrets instead');
    } else if (OWNED_SPARK_CONF.includes(key)) {
      problems.add(where, 'is set by cdk8s-airflow (derived from the namespace, image and pod templates) and cannot be overridden');
    } else if (!/^[A-Za-z0-9][A-Za-z0-9._\-[\]]*$/.test(key)) {
      problems.add(prop, `has key ${show(key)}, which is not a Spark property name (letters, digits, '.', '_', '-'; no spaces, '=' or ':')`);
    } else if (typeof value !== 'string') {
      problems.add(where, `must be a string (quote numbers and booleans), got ${show(value)}`);
    } else if (/[\r\n]/.test(value) || /\\$/.test(value)) {
      problems.add(where, 'must be one line not ending in "\\": spark-defaults.conf takes one property per line, and a line break or a trailing backslash would run into the next property');
    } else if (SECRET_KEY.test(key) && !NOT_A_SECRET.some((re) => re.test(key)) && value !== '' && !ENV_REFERENCE.test(value)) {
      problems.add(
        where,
        `is a secret (Spark redacts keys matching "secret|password|token|access.key") and spark-defaults.conf is a ConfigMap in dist/, which is committed: ` +
          'never give its value here; put it in a Secret and give it to the submitting pod with the family\'s envFrom: [{ secretName }] ' +
          '(S3A reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), and to driver and executors with ' +
          'spark.kubernetes.driver.secretKeyRef.<ENV>=<secret>:<key> and spark.kubernetes.executor.secretKeyRef.<ENV>=<secret>:<key>',
      );
    }
  }
}
