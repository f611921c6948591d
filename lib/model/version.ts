/**
 * What differs between Airflow major versions, in one table, so that no other file needs to ask
 * "is this Airflow 2 or 3?".
 */
export interface AirflowCapabilities {
  /** Component name and label of the HTTP server: `api-server` (3.x) or `webserver` (2.x). */
  readonly httpServerComponent: 'api-server' | 'webserver';
  /** The `airflow` sub-command that starts the HTTP server. */
  readonly httpServerCommand: string;
  /** HTTP path answering health checks on port 8080. */
  readonly healthCheckPath: string;
  /** `[section, key]` of the secret key shared by the HTTP server and log servers. */
  readonly secretKeySetting: readonly [string, string];
  /** `[section, key]` of the JWT signing secret; absent before Airflow 3. */
  readonly jwtSecretSetting?: readonly [string, string];
  /** Whether tasks reach Airflow through the execution API (`[core] execution_api_server_url`). */
  readonly hasExecutionApi: boolean;
  /** Settings needed to run the DAG processor as its own component. */
  readonly standaloneDagProcessorSettings: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Celery application module used by `celery inspect ping`. */
  readonly celeryApp: string;
  /** `[section, key]` of the external URL of the UI. */
  readonly baseUrlSetting: readonly [string, string];
  /** Long-running components that read DAG files (and get git-sync). */
  readonly dagReaders: readonly string[];
  /** Whether the UI login is a pluggable auth manager (`[core] auth_manager`, Airflow 3). */
  readonly hasAuthManager: boolean;
  /**
   * First release of this major line that runs several executors at once and knows executor
   * aliases (`[core] executor = a,b`, `task_instance.executor`).
   */
  readonly multipleExecutorsSince: string;
}

const AIRFLOW_2: AirflowCapabilities = {
  httpServerComponent: 'webserver',
  httpServerCommand: 'webserver',
  healthCheckPath: '/health',
  secretKeySetting: ['webserver', 'secret_key'],
  hasExecutionApi: false,
  standaloneDagProcessorSettings: { scheduler: { standalone_dag_processor: 'True' } },
  celeryApp: 'airflow.providers.celery.executors.celery_executor.app',
  baseUrlSetting: ['webserver', 'base_url'],
  dagReaders: ['scheduler', 'dag-processor', 'triggerer', 'worker'],
  hasAuthManager: false,
  multipleExecutorsSince: '2.10.0',
};

const AIRFLOW_3: AirflowCapabilities = {
  httpServerComponent: 'api-server',
  httpServerCommand: 'api-server',
  healthCheckPath: '/api/v2/monitor/health',
  secretKeySetting: ['api', 'secret_key'],
  jwtSecretSetting: ['api_auth', 'jwt_secret'],
  hasExecutionApi: true,
  // The standalone DAG processor is the only DAG processor on Airflow 3.
  standaloneDagProcessorSettings: {},
  celeryApp: 'airflow.providers.celery.executors.celery_executor.app',
  baseUrlSetting: ['api', 'base_url'],
  // The scheduler and api-server work from serialized DAGs in the database.
  dagReaders: ['dag-processor', 'triggerer', 'worker'],
  hasAuthManager: true,
  multipleExecutorsSince: '3.0.0',
};

/** A released Apache Airflow version, e.g. `AirflowVersion.of('3.1.7')`. */
export class AirflowVersion {
  /** The default: the Airflow release this library is tested against. */
  public static readonly V3_1_7 = AirflowVersion.of('3.1.7');

  /** The last Airflow 2 release line supported here (webserver instead of api-server). */
  public static readonly V2_11_0 = AirflowVersion.of('2.11.0');

  /**
   * A specific release. Only the major version changes what is generated; the full version is
   * the default image tag and the `app.kubernetes.io/version` label.
   */
  public static of(version: string): AirflowVersion {
    return new AirflowVersion(version);
  }

  /** Major version (2 or 3), or `undefined` when the string is not `MAJOR.MINOR.PATCH`. */
  public readonly major: number | undefined;

  private constructor(public readonly version: string) {
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
    this.major = match ? Number(match[1]) : undefined;
  }

  /** True when this library knows how to deploy this version. */
  public get isSupported(): boolean {
    return this.major === 2 || this.major === 3;
  }

  /** True when this release is `version` (`MAJOR.MINOR.PATCH`) or later; false for unparsable versions. */
  public isAtLeast(version: string): boolean {
    const parts = (v: string) => /^(\d+)\.(\d+)\.(\d+)$/.exec(v)?.slice(1).map(Number);
    const mine = parts(this.version);
    const other = parts(version);
    if (!mine || !other) return false;
    const i = mine.findIndex((n, j) => n !== other[j]);
    return i === -1 || mine[i] > other[i];
  }

  /** The capability table for this version's major release. */
  public get capabilities(): AirflowCapabilities {
    return this.major === 2 ? AIRFLOW_2 : AIRFLOW_3;
  }
}
