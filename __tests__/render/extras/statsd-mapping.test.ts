/**
 * The StatsD exporter's mapping, checked the way the exporter applies it (first matching rule; a
 * glob `*` is one dot-separated part) against the metric names Airflow 3.3 sends, taken from its
 * `_shared/observability/metrics/metrics_template.yaml`.
 */
import { parse } from 'yaml';
import { AirflowVersion } from '../../../lib';
import { StatsdMapping, statsdMappingConfig, statsdMappings } from '../../../lib/render/extras/statsd-mapping';
import { find, synthAirflow, workloadOf } from '../../support/chart';

/** The exporter's answer for one StatsD name: dropped, mapped (name and labels), or left to the default. */
function applyMapping(rules: readonly StatsdMapping[], metric: string): { name: string; labels: Record<string, string> } | 'dropped' | 'default' {
  for (const rule of rules) {
    const pattern = rule.match_type === 'regex'
      ? new RegExp(`^${rule.match}$`)
      : new RegExp(`^${rule.match.split('.').map((p) => (p === '*' ? '([^.]+)' : p.replace(/[-]/g, '\\-'))).join('\\.')}$`);
    const match = pattern.exec(metric);
    if (!match) continue;
    if (rule.action === 'drop') return 'dropped';
    const labels = Object.fromEntries(Object.entries(rule.labels ?? {}).map(([k, v]) => [k, v.replace(/\$(\d+)/g, (_, i) => match[Number(i)])]));
    return { name: rule.name, labels };
  }
  return 'default';
}

/** Legacy names of Airflow 3.3 (metrics_template.yaml), variables filled in, with the labels expected. */
const LEGACY_3_3: Array<[string, string, Record<string, string>]> = [
  ['airflow.ti.finish.etl.load.success', 'airflow_ti_finish', { dag_id: 'etl', task_id: 'load', state: 'success' }],
  ['airflow.ti.start.etl.load', 'airflow_ti_start', { dag_id: 'etl', task_id: 'load' }],
  ['airflow.ti.running.default.etl.load', 'airflow_ti_running', { queue: 'default', dag_id: 'etl', task_id: 'load' }],
  ['airflow.dag.etl.load.duration', 'airflow_task_duration', { dag_id: 'etl', task_id: 'load' }],
  ['airflow.dag.etl.load.queued_duration', 'airflow_task_queued_duration', { dag_id: 'etl', task_id: 'load' }],
  ['airflow.dagrun.duration.success.etl', 'airflow_dagrun_duration_success', { dag_id: 'etl' }],
  ['airflow.dagrun.duration.failed.etl', 'airflow_dagrun_duration_failed', { dag_id: 'etl' }],
  ['airflow.dagrun.schedule_delay.etl', 'airflow_dagrun_schedule_delay', { dag_id: 'etl' }],
  ['airflow.dagrun.etl.first_task_scheduling_delay', 'airflow_dagrun_first_task_scheduling_delay', { dag_id: 'etl' }],
  ['airflow.dagrun.dependency-check.etl', 'airflow_dagrun_dependency_check', { dag_id: 'etl' }],
  ['airflow.dag_processing.last_duration.dags-folder.etl', 'airflow_dag_processing_last_duration', { bundle_name: 'dags-folder', file_name: 'etl' }],
  ['airflow.dag_processing.last_run.seconds_ago.etl', 'airflow_dag_processing_last_run_seconds_ago', { file_name: 'etl' }],
  ['airflow.pool.open_slots.default_pool', 'airflow_pool_open_slots', { pool: 'default_pool' }],
  ['airflow.pool.starving_tasks.default_pool', 'airflow_pool_starving_tasks', { pool: 'default_pool' }],
  ['airflow.executor.running_tasks.CeleryExecutor', 'airflow_executor_running_tasks', { executor: 'CeleryExecutor' }],
  ['airflow.operator_failures_BashOperator', 'airflow_operator_failures', { operator: 'BashOperator' }],
  ['airflow.task_instance_created_PythonOperator', 'airflow_task_instance_created', { task_type: 'PythonOperator' }],
  ['airflow.local_task_job.task_exit.12.etl.load.0', 'airflow_local_task_job_task_exit', { job_id: '12', dag_id: 'etl', task_id: 'load', return_code: '0' }],
];

describe('StatsD mapping (Airflow 3.3)', () => {
  const rules = statsdMappings(AirflowVersion.V3_3_2.capabilities);

  test.each(LEGACY_3_3)('%s becomes %s with its variables as labels', (metric, name, labels) => {
    expect(applyMapping(rules, metric)).toEqual({ name, labels });
  });

  test('Airflow replaces dots in variables with "__", so a host name stays one label', () => {
    expect(applyMapping(rules, 'airflow.triggerer.capacity_left.10__0__0__7')).toEqual({ name: 'airflow_triggerer_capacity_left', labels: { hostname: '10__0__0__7' } });
  });

  test.each([
    'airflow.ti.finish', 'airflow.ti.start', 'airflow.task.duration', 'airflow.dagrun.duration.success', 'airflow.dagrun.first_task_scheduling_delay',
    'airflow.dag_processing.last_duration', 'airflow.pool.open_slots', 'airflow.executor.open_slots', 'airflow.operator_failures', 'airflow.task_instance_created',
  ])('the tagless twin %s is dropped: it would give the same Prometheus name a second, empty label set', (metric) => {
    expect(applyMapping(rules, metric)).toBe('dropped');
  });

  test.each(['airflow.scheduler_heartbeat', 'airflow.dag_processing.total_parse_time', 'airflow.scheduler.tasks.starving', 'airflow.dagbag_size'])(
    'a metric without variables (%s) keeps the exporter\'s default name',
    (metric) => {
      expect(applyMapping(rules, metric)).toBe('default');
    },
  );

  test('no Prometheus name is produced with two different label sets (the exporter would reject the second)', () => {
    const labelSets = new Map<string, string>();
    for (const rule of rules.filter((r) => r.action !== 'drop')) {
      const set = Object.keys(rule.labels ?? {}).sort().join(',');
      expect([rule.name, labelSets.get(rule.name) ?? set]).toEqual([rule.name, set]);
      labelSets.set(rule.name, set);
    }
  });

  test('the file is YAML the exporter reads: mappings with match, name, labels, match_type and action only', () => {
    const file = parse(statsdMappingConfig(AirflowVersion.V3_3_2.capabilities));
    expect(Object.keys(file)).toEqual(['mappings']);
    expect(file.mappings).toEqual(rules.map((r) => JSON.parse(JSON.stringify(r))));
    for (const m of file.mappings) expect(Object.keys(m).every((k) => ['match', 'name', 'labels', 'match_type', 'action'].includes(k))).toBe(true);
  });
});

test('on 3.1 the DAG file duration has no bundle in its name', () => {
  const rules = statsdMappings(AirflowVersion.V3_1_7.capabilities);
  expect(applyMapping(rules, 'airflow.dag_processing.last_duration.etl')).toEqual({ name: 'airflow_dag_processing_last_duration', labels: { file_name: 'etl' } });
});

describe('the exporter', () => {
  const objects = synthAirflow({ metrics: {} });
  const exporter = workloadOf(objects, 'statsd');
  const container = exporter.spec.template.spec.containers[0];

  test('reads the mapping from a ConfigMap, with a mapping cache', () => {
    const configMap = find(objects, 'ConfigMap', 'airflow-statsd');
    expect(configMap.data['mappings.yml']).toBe(statsdMappingConfig(AirflowVersion.V3_3_2.capabilities));
    expect(container.args).toEqual(expect.arrayContaining(['--statsd.mapping-config=/etc/statsd-exporter/mappings.yml', '--statsd.cache-size=1000']));
    expect(container.volumeMounts).toEqual([{ name: 'mapping', mountPath: '/etc/statsd-exporter', readOnly: true }]);
    expect(exporter.spec.template.spec.volumes).toEqual([{ name: 'mapping', configMap: { name: 'airflow-statsd' } }]);
  });

  test('rolls when the mapping changes: its hash is on the pod template', () => {
    const hashOf = (version: AirflowVersion) => workloadOf(synthAirflow({ metrics: {}, version }), 'statsd').spec.template.metadata.annotations['checksum/statsd-mapping'];
    expect(hashOf(AirflowVersion.V3_3_2)).toMatch(/^[0-9a-f]{8}$/);
    expect(hashOf(AirflowVersion.V3_3_2)).not.toBe(hashOf(AirflowVersion.V3_1_7));
  });

  test('Airflow keeps sending the legacy names the mapping reads (a setting since 3.2)', () => {
    const cfg = (version: AirflowVersion) => find(synthAirflow({ metrics: {}, version }), 'ConfigMap', 'airflow-config').data['airflow.cfg'];
    expect(cfg(AirflowVersion.V3_3_2)).toContain('legacy_names_on = True\n');
    expect(cfg(AirflowVersion.V3_1_7)).not.toContain('legacy_names_on');
  });
});
