/**
 * The StatsD exporter's mapping: Airflow's metric names that carry a DAG, task, pool, executor or
 * file name in the name itself ("legacy names", e.g. `airflow.ti.finish.<dag>.<task>.<state>`)
 * become one Prometheus metric with labels (`airflow_ti_finish{dag_id, task_id, state}`).
 *
 * Airflow 3.3 sends each such metric twice over plain StatsD: under its legacy name, and under a
 * new name whose variables travel as tags, which plain StatsD drops (`airflow.ti.finish`). The new
 * forms are dropped here: they would map to the same Prometheus name without labels, and the
 * exporter rejects one name with two label sets. Names and variables follow Airflow 3.3's
 * `_shared/observability/metrics/metrics_template.yaml` (and 3.1's emitting code, which sends
 * the same legacy names except `dag_processing.last_duration`, see the version table).
 */
import { AirflowCapabilities } from '../../model/version';

/** One mapping rule of the exporter. */
export interface StatsdMapping {
  readonly match: string;
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** `regex` where a variable is glued to a word (`operator_failures_<operator>`). */
  readonly match_type?: 'regex';
  readonly action?: 'drop';
}

/** A legacy metric: its name pattern (`*` for each variable) and the labels the variables become. */
type Legacy = readonly [pattern: string, name: string, labels: readonly string[]];

const LEGACY: readonly Legacy[] = [
  // Task instances
  ['ti.start.*.*', 'ti_start', ['dag_id', 'task_id']],
  ['ti.finish.*.*.*', 'ti_finish', ['dag_id', 'task_id', 'state']],
  ['ti.scheduled.*.*.*', 'ti_scheduled', ['queue', 'dag_id', 'task_id']],
  ['ti.queued.*.*.*', 'ti_queued', ['queue', 'dag_id', 'task_id']],
  ['ti.running.*.*.*', 'ti_running', ['queue', 'dag_id', 'task_id']],
  ['ti.deferred.*.*.*', 'ti_deferred', ['queue', 'dag_id', 'task_id']],
  ['dag.*.*.duration', 'task_duration', ['dag_id', 'task_id']],
  ['dag.*.*.scheduled_duration', 'task_scheduled_duration', ['dag_id', 'task_id']],
  ['dag.*.*.queued_duration', 'task_queued_duration', ['dag_id', 'task_id']],
  ['local_task_job.task_exit.*.*.*.*', 'local_task_job_task_exit', ['job_id', 'dag_id', 'task_id', 'return_code']],
  ['task_removed_from_dag.*', 'task_removed_from_dag', ['dag_id']],
  ['task_restored_to_dag.*', 'task_restored_to_dag', ['dag_id']],
  // DAG runs
  ['dagrun.duration.success.*', 'dagrun_duration_success', ['dag_id']],
  ['dagrun.duration.failed.*', 'dagrun_duration_failed', ['dag_id']],
  ['dagrun.schedule_delay.*', 'dagrun_schedule_delay', ['dag_id']],
  ['dagrun.dependency-check.*', 'dagrun_dependency_check', ['dag_id']],
  ['dagrun.*.first_task_scheduling_delay', 'dagrun_first_task_scheduling_delay', ['dag_id']],
  // DAG processing
  ['dag_processing.last_run.seconds_ago.*', 'dag_processing_last_run_seconds_ago', ['file_name']],
  // Pools
  ['pool.open_slots.*', 'pool_open_slots', ['pool']],
  ['pool.queued_slots.*', 'pool_queued_slots', ['pool']],
  ['pool.running_slots.*', 'pool_running_slots', ['pool']],
  ['pool.deferred_slots.*', 'pool_deferred_slots', ['pool']],
  ['pool.scheduled_slots.*', 'pool_scheduled_slots', ['pool']],
  ['pool.starving_tasks.*', 'pool_starving_tasks', ['pool']],
  // Executor and triggerer
  ['executor.open_slots.*', 'executor_open_slots', ['executor']],
  ['executor.queued_tasks.*', 'executor_queued_tasks', ['executor']],
  ['executor.running_tasks.*', 'executor_running_tasks', ['executor']],
  ['triggers.running.*', 'triggers_running', ['hostname']],
  ['triggerer.capacity_left.*', 'triggerer_capacity_left', ['hostname']],
];

/** Legacy names where the variable is glued to the name: regular expressions. */
const GLUED: ReadonlyArray<readonly [prefix: string, name: string, label: string]> = [
  ['operator_failures_', 'operator_failures', 'operator'],
  ['operator_successes_', 'operator_successes', 'operator'],
  ['task_instance_created_', 'task_instance_created', 'task_type'],
];

/** The prefix Airflow sends metrics under (`[metrics] statsd_prefix`). */
const PREFIX = 'airflow';

/** The exporter's mapping rules for an Airflow release line. */
export function statsdMappings(caps: AirflowCapabilities): StatsdMapping[] {
  const duration = caps.dagProcessingDurationLabels;
  const legacy: Legacy[] = [...LEGACY, [`dag_processing.last_duration.${duration.map(() => '*').join('.')}`, 'dag_processing_last_duration', duration]];
  const labelled = legacy.map(([pattern, name, labels]) => ({
    match: `${PREFIX}.${pattern}`,
    name: `${PREFIX}_${name}`,
    labels: Object.fromEntries(labels.map((label, i) => [label, `$${i + 1}`])),
  }));
  const glued = GLUED.map(([prefix, name, label]) => ({
    match: `${PREFIX}\\.${prefix}(.+)`,
    match_type: 'regex' as const,
    name: `${PREFIX}_${name}`,
    labels: { [label]: '$1' },
  }));
  // The tagless twins: the legacy pattern with its variables removed, e.g. `airflow.ti.finish`.
  const twins = [
    ...new Set([
      ...legacy.map(([pattern]) => twinOf(pattern)),
      ...GLUED.map(([prefix]) => `${PREFIX}.${prefix.replace(/_$/, '')}`),
    ]),
  ];
  const drops = twins.map((match) => ({ match, name: 'dropped', action: 'drop' as const }));
  return [...drops, ...labelled, ...glued];
}

/** The name Airflow 3.2+ also sends, with the variables as (dropped) tags. */
function twinOf(pattern: string): string {
  // `dag.*.*.duration` became `task.duration`; the others lost their variables in place.
  if (pattern.startsWith('dag.*.*.')) return `${PREFIX}.task.${pattern.slice('dag.*.*.'.length)}`;
  if (pattern === 'dagrun.*.first_task_scheduling_delay') return `${PREFIX}.dagrun.first_task_scheduling_delay`;
  return `${PREFIX}.${pattern.split('.').filter((part) => part !== '*').join('.')}`;
}

/** The mapping file (`--statsd.mapping-config`), YAML, deterministic. */
export function statsdMappingConfig(caps: AirflowCapabilities): string {
  const lines = ['# Generated by cdk8s-airflow: Airflow metric names with variables become labels.', 'mappings:'];
  for (const m of statsdMappings(caps)) {
    lines.push(`  - match: ${JSON.stringify(m.match)}`);
    if (m.match_type) lines.push(`    match_type: ${m.match_type}`);
    if (m.action) lines.push(`    action: ${m.action}`);
    lines.push(`    name: ${JSON.stringify(m.name)}`);
    if (m.labels) {
      lines.push('    labels:');
      for (const [label, value] of Object.entries(m.labels)) lines.push(`      ${label}: ${JSON.stringify(value)}`);
    }
  }
  return lines.join('\n') + '\n';
}
