// Class 1 of issue 14: secret values through side doors. dist/ is committed, so a literal secret
// anywhere in the props must be refused with the typed way to give it instead.
import {
  AirflowArgoCdApplicationProps,
  AirflowProps,
  AirflowSecret,
  DagSource,
  GitAuth,
  KubernetesExecutor,
  TaskLogs,
  TaskPodFamily,
  TaskPodPresets,
} from '../../lib';
import { ValidationProblems } from '../../lib/errors';
import { resolveArgoCdApplication } from '../../lib/resolve/argocd-application';
import { airflowCfgOf, problemsOf, schemaProblemsOf, synthAirflow } from '../support/chart';
import { fakeSealedValue } from '../support/sealed';

const CFG = 'airflow.cfg is a ConfigMap in dist/, which is committed';
const TEMPLATES = 'task pod templates are a ConfigMap in dist/, which is committed';
const ssh = GitAuth.ssh({ secretName: 'git-ssh', knownHostsKey: 'known_hosts' });
const executorFamily = (env: Record<string, string>) => ({
  executor: new KubernetesExecutor(),
  taskPods: { families: [TaskPodFamily.executor({ name: 'etl', image: 'apache/airflow:3.1.7', env })] },
});
const operatorFamily = (env: Record<string, string>) => ({
  taskPods: { families: [TaskPodFamily.operator({ name: 'tool', image: 'acme/tool:1.2.0', env })] },
});
const spark = (sparkConf: Record<string, string>) => ({ taskPods: { families: [TaskPodPresets.spark({ sparkConf })] } });
const sparkHint =
  'never give its value here; put it in a Secret and give it to the submitting pod with the family\'s envFrom: [{ secretName }] ' +
  '(S3A reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), and to driver and executors with ' +
  'spark.kubernetes.driver.secretKeyRef.<ENV>=<secret>:<key> and spark.kubernetes.executor.secretKeyRef.<ENV>=<secret>:<key>';
const sparkSecret = (key: string) =>
  `test/airflow: taskPods.families[0].sparkConf.${key} is a secret (Spark redacts keys matching "secret|password|token|access.key") and spark-defaults.conf is a ConfigMap in dist/, which is committed: ${sparkHint}`;
const envSecret = (name: string, reason: string) =>
  `test/airflow: taskPods.families[0].env.${name} is a secret (${reason}) and ${TEMPLATES}: never give its value here; put it in a Secret and load it with envFrom: [{ secretName: '...' }] (a key named ${name})`;
const gitHint = 'and the URL lands in manifests committed in dist/: remove it from the URL and read it from a Secret with dags.auth: GitAuth.https({ secretName }) (user name and token) or GitAuth.ssh({ secretName, knownHostsKey })';

describe('bad input: a literal secret is refused with the typed way to give it', () => {
  const cases: Array<[string, AirflowProps, string[]]> = [
    [
      'credentials in the git-sync URL',
      { dags: DagSource.gitSync({ repo: 'https://deploy:s3cr3t@github.com/acme/dags.git' }) },
      [`test/airflow: dags.repo embeds a credential (the URL carries a password ("https://<user>:<password>@...")), ${gitHint}`],
    ],
    [
      'an access token as the git-sync URL\'s user',
      { dags: DagSource.gitSync({ repo: 'https://ghp_0123456789abcdefghijklmnopqrstuvwxyzAB@github.com/acme/dags.git' }) },
      [`test/airflow: dags.repo embeds a credential (the URL carries an access token as its user name ("https://<token>@...")), ${gitHint}`],
    ],
    [
      'a token in the git-sync URL\'s query',
      { dags: DagSource.gitSync({ repo: 'https://git.example.com/acme/dags.git?private_token=abc123' }) },
      [`test/airflow: dags.repo embeds a credential (the URL carries a "private_token" query parameter), ${gitHint}`],
    ],
    [
      'a sensitive setting of Airflow\'s config.yml',
      { config: { sentry: { sentry_dsn: 'https://key@o1.ingest.sentry.io/1' } } },
      [`test/airflow: config.sentry.sentry_dsn is a secret (Airflow treats [sentry] sentry_dsn as sensitive) and ${CFG}: never give its value here; set "sentry_dsn_secret" (its key in the secrets backend named by [secrets] backend) or "sentry_dsn_cmd" (a command that prints it) instead`],
    ],
    [
      'a *_password setting',
      { config: { smtp: { smtp_password: 'hunter2' } } },
      [`test/airflow: config.smtp.smtp_password is a secret (Airflow treats [smtp] smtp_password as sensitive) and ${CFG}: never give its value here; set "smtp_password_secret" (its key in the secrets backend named by [secrets] backend) or "smtp_password_cmd" (a command that prints it) instead`],
    ],
    [
      'a *_password setting given as a number (a PIN is a secret too)',
      { config: { smtp: { smtp_password: 135790 } } },
      [`test/airflow: config.smtp.smtp_password is a secret (Airflow treats [smtp] smtp_password as sensitive) and ${CFG}: never give its value here; set "smtp_password_secret" (its key in the secrets backend named by [secrets] backend) or "smtp_password_cmd" (a command that prints it) instead`],
    ],
    [
      'a *_secret setting that is not a variant',
      { config: { fab: { client_secret: 'abc' } } },
      [`test/airflow: config.fab.client_secret is a secret (Airflow treats [fab] client_secret as sensitive) and ${CFG}: never give its value here; set "client_secret_secret" (its key in the secrets backend named by [secrets] backend) or "client_secret_cmd" (a command that prints it) instead`],
    ],
    [
      'the deprecated [core] sql_alchemy_conn',
      { config: { core: { sql_alchemy_conn: 'postgresql://airflow:pw@db/airflow' } } },
      [`test/airflow: config.core.sql_alchemy_conn is a secret (Airflow treats [core] sql_alchemy_conn as sensitive) and ${CFG}: never give its value here; set "sql_alchemy_conn_secret" (its key in the secrets backend named by [secrets] backend) or "sql_alchemy_conn_cmd" (a command that prints it) instead`],
    ],
    [
      'a token inside secrets backend kwargs',
      { config: { secrets: { backend: 'airflow.providers.hashicorp.secrets.vault.VaultBackend', backend_kwargs: '{"url": "http://vault:8200", "token": "s.abc"}' } } },
      [`test/airflow: config.secrets.backend_kwargs holds secrets ("token") and ${CFG}: leave them out of backend_kwargs and authenticate another way (a Kubernetes auth role, IRSA or Workload Identity), or give the whole value with "backend_kwargs_cmd"`],
    ],
    [
      'a numeric token inside secrets backend kwargs',
      { config: { secrets: { backend: 'airflow.providers.hashicorp.secrets.vault.VaultBackend', backend_kwargs: '{"url": "http://vault:8200", "token": 123456789}' } } },
      [`test/airflow: config.secrets.backend_kwargs holds secrets ("token") and ${CFG}: leave them out of backend_kwargs and authenticate another way (a Kubernetes auth role, IRSA or Workload Identity), or give the whole value with "backend_kwargs_cmd"`],
    ],
    [
      'an API key inside the OpenLineage transport',
      { config: { openlineage: { transport: '{"type": "http", "url": "https://lineage.example.com", "auth": {"type": "api_key", "api_key": "abc"}}' } } },
      [`test/airflow: config.openlineage.transport holds secrets ("auth.api_key") and ${CFG}: leave them out of transport and authenticate another way (a Kubernetes auth role, IRSA or Workload Identity), or give the whole value with "transport_cmd"`],
    ],
    [
      'a password in a URL of any setting',
      { config: { elasticsearch: { host: 'https://elastic:changeme@es.example.com:9200' } } },
      [`test/airflow: config.elasticsearch.host embeds a credential: the URL carries a password ("https://<user>:<password>@..."), and ${CFG}: keep it in an Airflow connection stored in a secrets backend (or a Secret) and refer to the connection by id`],
    ],
    [
      // Airflow 3 task pods get no fernet key from the library: the setting is still owned.
      'an executor template env var for the fernet key',
      executorFamily({ AIRFLOW__CORE__FERNET_KEY: 'ZmVybmV0LWtleS1mZXJuZXQta2V5LWZlcm5ldC1rZXk=' }),
      ['test/airflow: taskPods.families[0].env.AIRFLOW__CORE__FERNET_KEY sets [core] fernet_key, which cdk8s-airflow sets and cannot be overridden: set "secrets.fernetKey" (generated in the cluster by default)'],
    ],
    [
      'an executor template env var for the database URI',
      executorFamily({ AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: 'postgresql://airflow:pw@db/airflow' }),
      ['test/airflow: taskPods.families[0].env.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN sets [database] sql_alchemy_conn, which cdk8s-airflow sets and cannot be overridden: set the "database" prop'],
    ],
    [
      'an executor template env var duplicating one the library sets in every executor template',
      executorFamily({ CONNECTION_CHECK_MAX_COUNT: '20' }),
      ['test/airflow: taskPods.families[0].env.CONNECTION_CHECK_MAX_COUNT is already set in executor templates by cdk8s-airflow (from the executor template itself: Airflow 3 tasks never reach the database): a second entry would silently replace it; remove it'],
    ],
    [
      'an executor template env var for a sensitive setting',
      executorFamily({ AIRFLOW__SMTP__SMTP_PASSWORD: 'hunter2' }),
      [envSecret('AIRFLOW__SMTP__SMTP_PASSWORD', 'Airflow treats [smtp] smtp_password as sensitive')],
    ],
    [
      'an executor template env var for a setting the library owns',
      executorFamily({ AIRFLOW__API_AUTH__JWT_SECRET_CMD: 'cat /jwt' }),
      ['test/airflow: taskPods.families[0].env.AIRFLOW__API_AUTH__JWT_SECRET_CMD sets [api_auth] jwt_secret_cmd, which cdk8s-airflow sets and cannot be overridden: set "secrets.jwtSecret" (generated in the cluster by default)'],
    ],
    [
      'a connection URI with a password in family env',
      operatorFamily({ AIRFLOW_CONN_WAREHOUSE: 'postgresql://etl:pw@warehouse:5432/dw' }),
      [envSecret('AIRFLOW_CONN_WAREHOUSE', 'the URL carries a password ("postgresql://<user>:<password>@...")')],
    ],
    [
      'a connection in JSON with a password in family env',
      operatorFamily({ AIRFLOW_CONN_API: '{"conn_type": "http", "host": "api", "password": "pw"}' }),
      [envSecret('AIRFLOW_CONN_API', 'the connection has "password"')],
    ],
    [
      'a token by its name in family env',
      operatorFamily({ GITHUB_TOKEN: 'ghp_0123456789' }),
      [envSecret('GITHUB_TOKEN', 'its name says "token"')],
    ],
    [
      'a password in a compound env name',
      operatorFamily({ PGPASSWORD: 'pw' }),
      [envSecret('PGPASSWORD', 'its name says "password"')],
    ],
    [
      'a sensitive Airflow variable in family env',
      operatorFamily({ AIRFLOW_VAR_PARTNER_API_KEY: 'abc' }),
      [envSecret('AIRFLOW_VAR_PARTNER_API_KEY', 'its name says "api_key"')],
    ],
    ['the S3A secret key in sparkConf', spark({ 'spark.hadoop.fs.s3a.secret.key': 'abc' }), [sparkSecret('spark.hadoop.fs.s3a.secret.key')]],
    ['the S3A access key in sparkConf', spark({ 'spark.hadoop.fs.s3a.access.key': 'AKIA0123' }), [sparkSecret('spark.hadoop.fs.s3a.access.key')]],
    ['Spark\'s authentication secret', spark({ 'spark.authenticate.secret': 'abc' }), [sparkSecret('spark.authenticate.secret')]],
    ['a keystore password in sparkConf', spark({ 'spark.ssl.keyStorePassword': 'abc' }), [sparkSecret('spark.ssl.keyStorePassword')]],
    ['an Azure storage account key in sparkConf', spark({ 'spark.hadoop.fs.azure.account.key.acme.blob.core.windows.net': 'abc' }), [sparkSecret('spark.hadoop.fs.azure.account.key.acme.blob.core.windows.net')]],
    [
      'short plain text, base64-encoded, as a SealedSecret value',
      { secrets: { jwtSecret: AirflowSecret.fromSealedSecret({ encryptedValue: 'c3VwZXJzZWNyZXQ=' }) } },
      ['test/airflow: secrets.jwtSecret.encryptedValue is 16 characters of base64 but not `kubeseal --raw` output (at least 368 characters: an RSA-encrypted session key, then the AES-GCM-encrypted value): seal the value with `kubeseal --raw --name <Secret> --namespace <namespace>`; never put the plain value, base64-encoded or not, here'],
    ],
    [
      'long base64 that does not start with an RSA ciphertext length',
      { secrets: { fernetKey: AirflowSecret.fromSealedSecret({ encryptedValue: Buffer.alloc(600, 7).toString('base64') }) } },
      ['test/airflow: secrets.fernetKey.encryptedValue is 800 characters of base64 but not `kubeseal --raw` output (at least 368 characters: an RSA-encrypted session key, then the AES-GCM-encrypted value): seal the value with `kubeseal --raw --name <Secret> --namespace <namespace>`; never put the plain value, base64-encoded or not, here'],
    ],
    [
      'a password in the remote log folder URL',
      { logs: TaskLogs.remote({ connectionId: 'aws', baseLogFolder: 's3://AKIA0123:secret@bucket/logs' }) },
      ['test/airflow: logs.baseLogFolder embeds a credential (the URL carries a password ("s3://<user>:<password>@...")) and lands in airflow.cfg, a ConfigMap in dist/: give it with credentials: RemoteLogCredentials.connection(secret) (an Airflow connection from a Secret) instead'],
    ],
  ];

  test.each(cases)('%s', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });

  test('JSON keyword arguments that are not a JSON object are an error naming why', () => {
    // GIVEN secrets backend kwargs in Python's notation, and kwargs that are a JSON list
    const python = "{'url': 'http://vault:8200'}";
    const parseError = (() => {
      try {
        JSON.parse(python);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    const kwargs = (backend_kwargs: string) => problemsOf({ config: { secrets: { backend: 'airflow.providers.hashicorp.secrets.vault.VaultBackend', backend_kwargs } } });
    // WHEN / THEN each is refused with the reason
    expect(kwargs(python)).toEqual([`test/airflow: config.secrets.backend_kwargs must be a JSON object (Airflow parses it with json.loads): ${parseError}`]);
    expect(kwargs('["url", "http://vault:8200"]')).toEqual(['test/airflow: config.secrets.backend_kwargs must be a JSON object (Airflow parses it with json.loads): it is not an object']);
    // and a value refused as a whole is not picked apart line by line as well
    expect(kwargs('["url",\r "http://vault:8200"]')).toEqual(['test/airflow: config.secrets.backend_kwargs must be a JSON object (Airflow parses it with json.loads): it is not an object']);
  });

  test('messages never repeat the secret', () => {
    const secrets = ['s3cr3t', 'hunter2', 's.abc', 'c3VwZXJzZWNyZXQ=', 'ZmVybmV0LWtleS1mZXJuZXQta2V5LWZlcm5ldC1rZXk=', 'AKIA0123'];
    const messages = cases.flatMap(([, props]) => problemsOf(props)).join('\n');
    expect(secrets.filter((s) => messages.includes(s))).toEqual([]);
  });

  test('an Argo CD Application with credentials in its repository URL', () => {
    const problems = new ValidationProblems('apps/airflow');
    const props: AirflowArgoCdApplicationProps = { repoUrl: 'https://bot:s3cr3t@github.com/acme/deploy.git', manifestFile: 'airflow.k8s.yaml', destinationNamespace: 'airflow' };
    resolveArgoCdApplication(props, problems);
    expect(problems.messages).toEqual([
      'apps/airflow: repoUrl embeds a credential (the URL carries a password ("https://<user>:<password>@...")), and the Application is committed in dist/: remove it from the URL and give Argo CD the repository credentials as a repository Secret in its namespace (label argocd.argoproj.io/secret-type: repository)',
    ]);
  });
});

describe('good input: what is not a secret still deploys', () => {
  const cases: Array<[string, AirflowProps]> = [
    ['an SSH URL with a user name and no password', { dags: DagSource.gitSync({ repo: 'ssh://git@github.com/acme/dags.git', auth: ssh }) }],
    ['the scp-like SSH URL', { dags: DagSource.gitSync({ repo: 'git@github.com:acme/dags.git', auth: ssh }) }],
    ['an HTTPS URL with a user name only', { dags: DagSource.gitSync({ repo: 'https://deploy-bot@github.com/acme/dags.git', auth: GitAuth.https({ secretName: 'git' }) }) }],
    [
      'settings whose names or values mention secrets without being one',
      {
        config: {
          core: { sensitive_var_conn_names: 'password,secret,my_token', hide_sensitive_var_conn_fields: true },
          webserver: { instance_name: 'Password reset service' },
          secrets: { backend: 'airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend', backend_kwargs: '{"connections_prefix": "airflow/connections", "variables_prefix": "airflow/variables"}' },
          workers: { secrets_backend: 'airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend' },
          api_auth: { jwt_expiration_time: 600, jwt_private_key_path: '/keys/jwt.pem' },
          openlineage: { transport: '{"type": "http", "url": "http://marquez:5000", "auth": {"type": "none"}}' },
        },
      },
    ],
    [
      'the _secret and _cmd variants of sensitive settings',
      { config: { smtp: { smtp_password_secret: 'airflow/smtp', smtp_user: 'airflow' }, sentry: { sentry_dsn_cmd: 'cat /run/sentry' } } },
    ],
    [
      'env that refers to secrets without holding them',
      executorFamily({
        TOKENIZERS_PARALLELISM: 'false',
        PASSWORD_FILE: '/run/secrets/password',
        AIRFLOW__SMTP__SMTP_PASSWORD_SECRET: 'airflow/smtp',
        WAREHOUSE_URI: 'postgresql://etl:$(WAREHOUSE_PASSWORD)@warehouse/dw',
        AIRFLOW__CORE__PARALLELISM: '4',
        AIRFLOW_CONN_AWS: 'aws://?region_name=eu-west-1',
      }),
    ],
    [
      'Spark properties that name where a secret is, not the secret',
      spark({
        'spark.kubernetes.driver.secretKeyRef.AWS_SECRET_ACCESS_KEY': 's3-credentials:secret-key',
        'spark.kubernetes.executor.secrets.s3-credentials': '/etc/s3',
        'spark.hadoop.fs.s3a.aws.credentials.provider': 'com.amazonaws.auth.EnvironmentVariableCredentialsProvider',
        'spark.authenticate.secret.file': '/etc/spark/secret',
        'spark.hadoop.fs.s3a.secret.key': '${env:AWS_SECRET_ACCESS_KEY}',
      }),
    ],
    ['a value sealed by kubeseal', { secrets: { jwtSecret: AirflowSecret.fromSealedSecret({ encryptedValue: fakeSealedValue() }) } }],
    // A switch holds nothing to leak, whatever its name.
    ['true or false under a sensitive setting\'s name', { config: { smtp: { smtp_password: false } } }],
  ];

  test.each(cases)('%s', (_, props) => {
    expect(problemsOf(props)).toEqual([]);
    expect(schemaProblemsOf(synthAirflow(props))).toEqual([]);
  });

  test('a literal secret never reaches airflow.cfg', () => {
    expect(airflowCfgOf(synthAirflow(cases[4][1]))).toContain('smtp_password_secret = airflow/smtp\n');
  });
});
