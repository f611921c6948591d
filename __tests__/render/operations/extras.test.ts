import { AirflowSecret, CeleryExecutor, KubernetesExecutor, MetadataDatabase } from '../../../lib';
import { components, find, ofKind, synthAirflow, workloadOf, problemsOf } from '../../support/chart';
import { validateK8sObject } from '../../support/schema';

describe('optional extras are off by default', () => {
  test('no StatsD exporter, ServiceMonitor, Flower or CronJobs', () => {
    const objects = synthAirflow();
    expect(components(objects)).not.toContain('statsd');
    expect(ofKind(objects, 'CronJob')).toEqual([]);
    expect(ofKind(objects, 'ServiceMonitor')).toEqual([]);
    expect(components(objects)).not.toContain('flower');
  });
});

describe('metrics', () => {
  test('a StatsD exporter that Airflow reports to, scraped through a ServiceMonitor', () => {
    const objects = synthAirflow({ metrics: { serviceMonitor: true } });
    const exporter = workloadOf(objects, 'statsd');
    expect(exporter.spec.template.spec.containers[0].image).toBe('quay.io/prometheus/statsd-exporter:v0.28.0');
    expect(find(objects, 'Service', 'airflow-statsd').spec.ports.map((p: any) => `${p.name}/${p.protocol}/${p.port}`)).toEqual(['statsd/UDP/9125', 'metrics/TCP/9102']);
    const monitor = find(objects, 'ServiceMonitor', 'airflow-statsd');
    expect(validateK8sObject(monitor)).toEqual([]);
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', interval: '30s' }]);
    expect(find(objects, 'ConfigMap', 'airflow-config').data['airflow.cfg']).toContain('[metrics]\nlegacy_names_on = True\nstatsd_host = airflow-statsd.airflow\nstatsd_on = True\nstatsd_port = 9125\nstatsd_prefix = airflow\n');
  });

  test('no ServiceMonitor unless asked', () => {
    expect(ofKind(synthAirflow({ metrics: {} }), 'ServiceMonitor')).toEqual([]);
  });
});

describe('Flower', () => {
  test('runs airflow celery flower behind a ClusterIP Service', () => {
    const objects = synthAirflow({ executor: new CeleryExecutor({ flower: true }) });
    expect(workloadOf(objects, 'flower').spec.template.spec.containers[0].args).toEqual(['airflow', 'celery', 'flower']);
    expect(find(objects, 'Service', 'airflow-flower').spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 5555 }] });
  });

  test('is a Celery-only prop', () => {
    expect(problemsOf({ executor: new KubernetesExecutor({ flower: true } as any) })).toEqual([
      'test/airflow: executor.flower is a CeleryExecutor setting and does nothing under KubernetesExecutor: remove it or use new CeleryExecutor({...})',
    ]);
  });
});

describe('cleanup CronJobs', () => {
  test('finished task pods are deleted every 15 minutes under KubernetesExecutor, with just the RBAC that needs', () => {
    const objects = synthAirflow({ executor: new KubernetesExecutor(), cleanup: { taskPods: {} } });
    const job = find(objects, 'CronJob', 'airflow-cleanup-pods');
    expect(validateK8sObject(job)).toEqual([]);
    expect(job.spec.schedule).toBe('*/15 * * * *');
    expect(job.spec.concurrencyPolicy).toBe('Forbid');
    expect(job.spec.jobTemplate.spec.template.spec.containers[0].args).toEqual(['airflow', 'kubernetes', 'cleanup-pods', '--namespace=airflow']);
    expect(find(objects, 'Role', 'airflow-cleanup').rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'delete'] }]);
  });

  test('airflow db clean trims rows older than the retention, computed when it runs', () => {
    const objects = synthAirflow({ cleanup: { database: { retentionDays: 30 } } });
    const args = find(objects, 'CronJob', 'airflow-db-clean').spec.jobTemplate.spec.template.spec.containers[0].args;
    expect(args[0]).toBe('bash');
    expect(args[2]).toContain("airflow db clean --clean-before-timestamp \"$(date -u -d '-30 days'");
    expect(args[2]).toContain('--yes');
    expect(ofKind(objects, 'Role').map((r) => r.metadata.name)).not.toContain('airflow-cleanup');
  });

  test('task pod cleanup under CeleryExecutor is an error', () => {
    expect(problemsOf({ executor: new CeleryExecutor(), cleanup: { taskPods: {} } })).toEqual([
      'test/airflow: cleanup.taskPods only applies to KubernetesExecutor (Celery tasks run in the workers, not in task pods)',
    ]);
  });
});

describe('PgBouncer', () => {
  const withPgBouncer = (props = {}) => synthAirflow({ pgbouncer: {}, ...props });

  test('Airflow components reach the embedded database through PgBouncer; migrations connect directly', () => {
    const objects = withPgBouncer();
    const conn = (component: string) =>
      workloadOf(objects, component).spec.template.spec.containers[0].env.find((e: any) => e.name === 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD').value;
    expect(conn('scheduler')).toContain("'postgresql+psycopg2://airflow:{password}@airflow-pgbouncer.airflow:6432/airflow' AIRFLOW_DB_PASSWORD");
    expect(conn('migrate-database')).toContain("'postgresql+psycopg2://airflow:{password}@airflow-postgresql.airflow:5432/airflow' AIRFLOW_DB_PASSWORD");
    const pgbouncer = workloadOf(objects, 'pgbouncer');
    expect(validateK8sObject(pgbouncer)).toEqual([]);
    expect(pgbouncer.spec.template.spec.containers[0].image).toBe('apache/airflow:airflow-pgbouncer-2025.03.05-1.23.1');
  });

  test('pgbouncer.ini pools in transaction mode and holds no password; the users file is written at start from a Secret', () => {
    const objects = withPgBouncer();
    const ini = find(objects, 'ConfigMap', 'airflow-pgbouncer').data['pgbouncer.ini'];
    expect(ini).toContain('airflow = host=airflow-postgresql.airflow port=5432 dbname=airflow\n');
    expect(ini).toContain('pool_mode = transaction\n');
    expect(ini).toContain('auth_file = /tmp/pgbouncer/users.txt\n');
    const container = workloadOf(objects, 'pgbouncer').spec.template.spec.containers[0];
    expect(container.env).toContainEqual({ name: 'PGBOUNCER_PASSWORD', valueFrom: { secretKeyRef: { name: 'airflow-postgresql', key: 'password' } } });
    expect(container.command[2]).toContain('> /tmp/pgbouncer/users.txt && exec pgbouncer /etc/pgbouncer/pgbouncer.ini');
  });

  test('with NetworkPolicies only PgBouncer and the migration Job reach the database', () => {
    const objects = withPgBouncer({ networkPolicies: { egress: { kubernetesApi: [{ cidr: '10.0.0.1/32', ports: [443] }] } } });
    const from = find(objects, 'NetworkPolicy', 'airflow-postgresql').spec.ingress[0].from[0].podSelector.matchExpressions[0].values;
    expect(from).toEqual(['migrate-database', 'pgbouncer']);
  });

  test('an external database needs the server PgBouncer connects to', () => {
    const external = MetadataDatabase.external({ connection: AirflowSecret.fromExisting('db', 'uri') });
    expect(problemsOf({ database: external, pgbouncer: {} })).toEqual([
      'test/airflow: pgbouncer.server is required with an external database: give its host, database, user and password (the connection URI is a Secret this library cannot read)',
    ]);
    const objects = synthAirflow({
      database: external,
      pgbouncer: { server: { host: 'db.internal', database: 'airflow', user: 'af', password: AirflowSecret.fromExisting('db', 'password') } },
    });
    const ini = find(objects, 'ConfigMap', 'airflow-pgbouncer').data['pgbouncer.ini'];
    expect(ini).toContain('airflow = host=db.internal port=5432 dbname=airflow\n');
    expect(ini).toContain('server_tls_sslmode = require\n');
  });

  test('a server for the embedded database is an error', () => {
    expect(problemsOf({ pgbouncer: { server: { host: 'x', database: 'a', user: 'b', password: AirflowSecret.fromExisting('s', 'k') } } })).toEqual([
      'test/airflow: pgbouncer.server does nothing with the embedded database, which PgBouncer finds by itself: remove it',
    ]);
  });
});
