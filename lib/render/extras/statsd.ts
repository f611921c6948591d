/**
 * Metrics: a StatsD exporter that Airflow sends metrics to and Prometheus scrapes, with a mapping
 * that turns DAG, task and pool names into labels (a ConfigMap whose hash rolls the exporter when
 * it changes), and an optional ServiceMonitor for the Prometheus Operator.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ServiceMonitor } from '../../../imports/servicemonitors-monitoring.coreos.com';
import { STATSD_DEFAULT_IMAGE } from '../../model/defaults';
import { MetricsProps } from '../../model/metrics';
import { ResolvedResources } from '../../model/resources';
import { STATSD_INGEST_PORT, STATSD_METRICS_PORT, componentName } from '../../resolve/addresses';
import { shortHash } from '../../hash';
import { componentDeployment, componentService, servicePodSpec } from '../components/workloads';
import { AirflowContext, metadataFor } from '../context';
import { toResourceRequirements } from '../resources';
import { statsdMappingConfig } from './statsd-mapping';

const RESOURCES: ResolvedResources = { cpu: '20m', memory: '32Mi', memoryLimit: '128Mi' };
const NOBODY = { user: 65534, group: 65534, fsGroup: 65534 };
const MAPPING_DIR = '/etc/statsd-exporter';
/** Mapping results the exporter caches (least recently used first out), as the official chart. */
const MAPPING_CACHE_SIZE = 1000;

/** The exporter Deployment, Service and optional ServiceMonitor. */
export class StatsdExporter extends Construct {
  constructor(scope: Construct, id: string, ctx: AirflowContext, props: MetricsProps) {
    super(scope, id);
    const selector = ctx.labels.selector('statsd');
    new k8s.KubeServiceAccount(this, 'service-account', { metadata: metadataFor(ctx, 'statsd'), automountServiceAccountToken: false });
    const mapping = statsdMappingConfig(ctx.capabilities);
    new k8s.KubeConfigMap(this, 'mapping', { metadata: metadataFor(ctx, 'statsd'), data: { 'mappings.yml': mapping } });
    componentDeployment(this, 'deployment', ctx, 'statsd', {
      replicas: 1,
      // A changed mapping rolls the exporter: it reads the file only at start.
      annotations: { 'checksum/statsd-mapping': shortHash(mapping) },
      podSpec: servicePodSpec(ctx, 'statsd', NOBODY, [
        {
          name: 'statsd-exporter',
          image: props.image ?? STATSD_DEFAULT_IMAGE,
          imagePullPolicy: 'IfNotPresent',
          args: [
            `--statsd.listen-udp=:${STATSD_INGEST_PORT}`,
            '--statsd.listen-tcp=',
            `--web.listen-address=:${STATSD_METRICS_PORT}`,
            `--statsd.mapping-config=${MAPPING_DIR}/mappings.yml`,
            `--statsd.cache-size=${MAPPING_CACHE_SIZE}`,
          ],
          volumeMounts: [{ name: 'mapping', mountPath: MAPPING_DIR, readOnly: true }],
          ports: [
            { name: 'statsd', containerPort: STATSD_INGEST_PORT, protocol: 'UDP' },
            { name: 'metrics', containerPort: STATSD_METRICS_PORT, protocol: 'TCP' },
          ],
          resources: toResourceRequirements(RESOURCES),
          livenessProbe: { httpGet: { path: '/metrics', port: k8s.IntOrString.fromString('metrics') }, periodSeconds: 30, timeoutSeconds: 5 },
          readinessProbe: { httpGet: { path: '/metrics', port: k8s.IntOrString.fromString('metrics') }, periodSeconds: 10, timeoutSeconds: 5 },
        },
      ], [{ name: 'mapping', configMap: { name: componentName(ctx, 'statsd') } }]),
    });
    componentService(this, 'service', ctx, 'statsd', [
      { name: 'statsd', port: STATSD_INGEST_PORT, protocol: 'UDP' },
      { name: 'metrics', port: STATSD_METRICS_PORT },
    ]);
    if (props.serviceMonitor) {
      new ServiceMonitor(this, 'service-monitor', {
        metadata: metadataFor(ctx, 'statsd'),
        spec: {
          selector: { matchLabels: selector },
          namespaceSelector: { matchNames: [ctx.namespace] },
          endpoints: [{ port: 'metrics', interval: '30s' }],
        },
      });
    }
  }
}
