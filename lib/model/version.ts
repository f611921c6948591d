/**
 * What differs between the Airflow release lines this library supports, in one table, so that no
 * other file needs to ask "is this Airflow 2 or 3, 3.1 or 3.3?". Keyed by release line
 * (`MAJOR.MINOR`): upstream ships behaviour changes in minor releases, not only in major ones.
 *
 * Supported lines and why (README: "Airflow versions"):
 * - 3.3: the default, the only line upstream still fixes (CVE-2026-49296 is fixed only there).
 * - 3.1: the previous default, kept because it costs three table rows.
 * - 2.11: the last Airflow 2 line, for migrations from Airflow 2 (webserver instead of api-server).
 * - 3.0 and 3.2 are not offered: both are unfixed upstream, and on 3.2.0 task instances were
 *   reported to record pod names instead of the `[core] hostname_callable` result
 *   (apache/airflow#65445), which breaks fetching logs from workers here.
 */
export interface AirflowCapabilities {
  /** The release line, `MAJOR.MINOR`. */
  readonly line: string;
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
  /**
   * Whether tasks reach Airflow through the execution API (`[core] execution_api_server_url`).
   * Task processes then never open the metadata database (the Task SDK's supervisor blocks it), so
   * executor task pods get no database URL, fernet key, API secret key or JWT secret.
   */
  readonly hasExecutionApi: boolean;
  /** Settings needed to run the DAG processor as its own component. */
  readonly standaloneDagProcessorSettings: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Celery application module used by `celery inspect ping`. */
  readonly celeryApp: string;
  /** `[section, key]` of the external URL of the UI. */
  readonly baseUrlSetting: readonly [string, string];
  /** Long-running components that read DAG files (and get git-sync). */
  readonly dagReaders: readonly string[];
  /** Long-running components that write log files into their log volume (and get the log groomer). */
  readonly logWriters: readonly string[];
  /** Whether the UI login is a pluggable auth manager (`[core] auth_manager`, Airflow 3). */
  readonly hasAuthManager: boolean;
  /**
   * How the HTTP server trusts `X-Forwarded-*` from the Ingress controller: extra arguments of the
   * server command and the env naming trusted proxies (uvicorn), or settings (Airflow 2's Flask
   * ProxyFix).
   */
  readonly proxyHeaders: { readonly args?: readonly string[]; readonly trustedProxiesEnv?: string; readonly settings?: Readonly<Record<string, Readonly<Record<string, string>>>> };
  /**
   * `[section, key]` that makes Airflow also send the legacy metric names (dag, task and pool
   * names inside the metric name), which the StatsD mapping turns into labels; absent where legacy
   * names are the only names (before 3.2).
   */
  readonly legacyMetricNamesSetting?: readonly [string, string];
  /**
   * Labels of `dag_processing.last_duration.*`: the bundle joined the legacy name in 3.2
   * (`metrics_template.yaml` of 3.3: `dag_processing.last_duration.{bundle_name}.{file_name}`).
   */
  readonly dagProcessingDurationLabels: readonly string[];
}

const AIRFLOW_2_11: AirflowCapabilities = {
  line: '2.11',
  httpServerComponent: 'webserver',
  httpServerCommand: 'webserver',
  healthCheckPath: '/health',
  secretKeySetting: ['webserver', 'secret_key'],
  hasExecutionApi: false,
  standaloneDagProcessorSettings: { scheduler: { standalone_dag_processor: 'True' } },
  celeryApp: 'airflow.providers.celery.executors.celery_executor.app',
  baseUrlSetting: ['webserver', 'base_url'],
  dagReaders: ['scheduler', 'dag-processor', 'triggerer', 'worker'],
  logWriters: ['scheduler', 'dag-processor', 'triggerer', 'worker'],
  hasAuthManager: false,
  proxyHeaders: { settings: { webserver: { enable_proxy_fix: 'True' } } },
  dagProcessingDurationLabels: ['file_name'],
};

const AIRFLOW_3_1: AirflowCapabilities = {
  line: '3.1',
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
  // The DAG processor writes a log per DAG file, workers and the triggerer task and trigger logs;
  // the scheduler and api-server log to stdout only.
  logWriters: ['dag-processor', 'triggerer', 'worker'],
  hasAuthManager: true,
  // uvicorn trusts X-Forwarded-* only with --proxy-headers, and only from FORWARDED_ALLOW_IPS.
  proxyHeaders: { args: ['--proxy-headers'], trustedProxiesEnv: 'FORWARDED_ALLOW_IPS' },
  dagProcessingDurationLabels: ['file_name'],
};

const AIRFLOW_3_3: AirflowCapabilities = {
  ...AIRFLOW_3_1,
  line: '3.3',
  // New in 3.2 and on by default; set explicitly because the StatsD mapping depends on it.
  legacyMetricNamesSetting: ['metrics', 'legacy_names_on'],
  dagProcessingDurationLabels: ['bundle_name', 'file_name'],
};

/** Capabilities by release line, newest first. */
const LINES: Readonly<Record<string, AirflowCapabilities>> = {
  '3.3': AIRFLOW_3_3,
  '3.1': AIRFLOW_3_1,
  '2.11': AIRFLOW_2_11,
};

/** The release lines this library supports, newest first (`MAJOR.MINOR`). */
export const SUPPORTED_AIRFLOW_LINES: readonly string[] = Object.keys(LINES);

/** A released Apache Airflow version, e.g. `AirflowVersion.of('3.3.2')`. */
export class AirflowVersion {
  /** The default: the newest Airflow release, the one this library is tested against. */
  public static readonly V3_3_2 = AirflowVersion.of('3.3.2');

  /** The previous default (3.1 line). */
  public static readonly V3_1_7 = AirflowVersion.of('3.1.7');

  /** The last Airflow 2 release line supported here (webserver instead of api-server). */
  public static readonly V2_11_0 = AirflowVersion.of('2.11.0');

  /**
   * A specific release. Its line (`MAJOR.MINOR`) selects what is generated; the full version is
   * the default image tag and the `app.kubernetes.io/version` label.
   */
  public static of(version: string): AirflowVersion {
    return new AirflowVersion(version);
  }

  /** Major version (2 or 3), or `undefined` when the string is not `MAJOR.MINOR.PATCH`. */
  public readonly major: number | undefined;

  /** Release line `MAJOR.MINOR`, or `undefined` when the string is not `MAJOR.MINOR.PATCH`. */
  public readonly line: string | undefined;

  private constructor(public readonly version: string) {
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
    this.major = match ? Number(match[1]) : undefined;
    this.line = match ? `${Number(match[1])}.${Number(match[2])}` : undefined;
  }

  /** True when this library knows how to deploy this version's release line. */
  public get isSupported(): boolean {
    return this.line !== undefined && this.line in LINES;
  }


  /**
   * The capability table of this version's release line. An unsupported version (rejected by the
   * construct with a clear error) reads the newest line's table.
   */
  public get capabilities(): AirflowCapabilities {
    return (this.line !== undefined ? LINES[this.line] : undefined) ?? AIRFLOW_3_3;
  }
}
