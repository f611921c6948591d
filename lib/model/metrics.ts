/** Metrics: a StatsD exporter Airflow reports to. */

/** Settings of metrics. */
export interface MetricsProps {
  /** Emit a ServiceMonitor so the Prometheus Operator scrapes the exporter. @default false */
  readonly serviceMonitor?: boolean;
  /** Exporter image, pinned. @default 'quay.io/prometheus/statsd-exporter:v0.28.0' */
  readonly image?: string;
}
