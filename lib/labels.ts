/**
 * The Kubernetes recommended labels every object carries, and the subset used in selectors.
 * Selectors never include the version (it changes on upgrade, selectors are immutable).
 */

/** Component names as they appear in `app.kubernetes.io/component`. */
export type ComponentName =
  | 'api-server'
  | 'webserver'
  | 'scheduler'
  | 'dag-processor'
  | 'triggerer'
  | 'worker'
  | 'redis'
  | 'postgresql'
  | 'migrate-database'
  | 'secret-bootstrap'
  | 'task'
  | 'config'
  | 'pod-launcher'
  | 'spark'
  | 'namespace'
  | 'secrets'
  | 'network-policy'
  | 'statsd'
  | 'flower'
  | 'cleanup'
  | 'logs'
  | 'dags'
  | 'pod-log-reader'
  | 'pgbouncer';

/** Labels for one instance of Airflow. */
export class InstanceLabels {
  constructor(public readonly instance: string, public readonly version: string) {}

  /** Labels for selectors: stable across upgrades and construct renames. */
  public selector(component: ComponentName): Record<string, string> {
    return {
      'app.kubernetes.io/name': 'airflow',
      'app.kubernetes.io/instance': this.instance,
      'app.kubernetes.io/component': component,
    };
  }

  /** All recommended labels for an object of `component`. */
  public of(component: ComponentName): Record<string, string> {
    return {
      ...this.selector(component),
      'app.kubernetes.io/part-of': 'airflow',
      'app.kubernetes.io/managed-by': 'cdk8s',
      'app.kubernetes.io/version': this.version,
    };
  }
}
