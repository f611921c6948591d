/**
 * Checks of a task pod family's volumes and writable paths against the pod rules Kubernetes
 * applies when a pod is launched from the template (not when the template is applied, since it
 * is only text in a ConfigMap): volume names are unique RFC 1123 labels, mount paths are unique
 * in the container, and neither clashes with what the library mounts itself.
 */
import { ValidationProblems, show } from '../errors';
import { DagSource, GitSyncDags, VolumeDags } from '../model/dags';
import { TaskPodFamily } from '../model/task-pod-family';
import { SparkTaskPodFamily } from '../model/task-pod-presets';
import { DAGS_MOUNT, POD_TEMPLATES_DIR } from './addresses';
import { isDnsLabel, isDnsSubdomain } from './checks';

/** A volume the library adds to a template, and where the main container mounts it (if it does). */
export interface TemplateMount {
  readonly volume: string;
  readonly mountPath?: string;
}

/**
 * What the library mounts into executor templates (render/components/airflow-pod.ts: config,
 * logs, tmp; the pod templates; render/dags/dag-delivery.ts: the DAGs and git-sync's volumes).
 * A test keeps this list in step with the rendered templates.
 */
export function executorTemplateMounts(dags: DagSource): TemplateMount[] {
  const mounts: TemplateMount[] = [
    { volume: 'config', mountPath: '/opt/airflow/airflow.cfg' },
    { volume: 'logs', mountPath: '/opt/airflow/logs' },
    { volume: 'tmp', mountPath: '/tmp' },
    { volume: 'pod-templates', mountPath: POD_TEMPLATES_DIR },
  ];
  if (dags instanceof VolumeDags || dags instanceof GitSyncDags) mounts.push({ volume: 'dags', mountPath: DAGS_MOUNT });
  // Volumes of the git-sync init container only.
  if (dags instanceof GitSyncDags) mounts.push({ volume: 'git-sync-tmp' }, ...(dags.props.auth?.kind === 'ssh' ? [{ volume: 'git-secret' }] : []));
  return mounts;
}

/** What the library mounts into the Spark family's template (render/pod-templates/spark.ts). */
export const SPARK_TEMPLATE_MOUNTS: readonly TemplateMount[] = [
  { volume: 'spark-conf', mountPath: '/opt/spark/conf' },
];

/** Executor templates already mount these writable; a family's writablePaths skip them. */
const EXECUTOR_WRITABLE_PATHS = ['/opt/airflow/logs', '/tmp'];

/** Volumes made for writablePaths are named `writable-<n>`. */
const WRITABLE_VOLUME = /^writable-[0-9]+$/;

/** Checks `writablePaths` and `volumes` of the family at `prop`. */
export function checkFamilyVolumes(problems: ValidationProblems, prop: string, family: TaskPodFamily, dags: DagSource): void {
  const ours = family.kind === 'executor' ? executorTemplateMounts(dags) : family instanceof SparkTaskPodFamily ? SPARK_TEMPLATE_MOUNTS : [];
  const mountedBy = new Map<string, string>(ours.filter((m) => m.mountPath).map((m) => [normalize(m.mountPath!), 'cdk8s-airflow']));
  const volumeNames = new Map<string, string>(ours.map((m) => [m.volume, 'cdk8s-airflow']));

  // The default matches render/pod-templates/family-volumes.ts.
  (family.options.writablePaths ?? ['/tmp']).forEach((path, j) => {
    const where = `${prop}.writablePaths[${j}]`;
    if (typeof path !== 'string' || !path.startsWith('/')) {
      problems.add(where, `must be an absolute path, got ${show(path)}`);
      return;
    }
    if (family.kind === 'executor' && EXECUTOR_WRITABLE_PATHS.includes(normalize(path))) return;
    claimMountPath(problems, where, path, mountedBy);
  });

  (family.options.volumes ?? []).forEach((volume, j) => {
    const where = `${prop}.volumes[${j}]`;
    const sources = [volume.configMapName, volume.secretName, volume.claimName, volume.emptyDir].filter((s) => s !== undefined && s !== false);
    if (sources.length !== 1) {
      problems.add(where, `("${volume.name}") must set exactly one of configMapName, secretName, claimName, emptyDir`);
    }
    for (const key of ['configMapName', 'secretName', 'claimName'] as const) {
      if (volume[key] !== undefined && !isDnsSubdomain(volume[key])) problems.add(`${where}.${key}`, `must be an object name (lowercase RFC 1123 subdomain), got ${show(volume[key])}`);
    }
    if (!isDnsLabel(volume.name) || WRITABLE_VOLUME.test(volume.name)) {
      const why = WRITABLE_VOLUME.test(volume.name ?? '') ? 'writable-<n> names the volumes of writablePaths' : 'a lowercase RFC 1123 label of at most 63 characters';
      problems.add(`${where}.name`, `must be ${isDnsLabel(volume.name) ? 'another name: ' : ''}${why}, got ${show(volume.name)}`);
    } else if (volumeNames.has(volume.name)) {
      problems.add(`${where}.name`, `"${volume.name}" is already a volume of this template (from ${volumeNames.get(volume.name)}): give each volume its own name`);
    } else {
      volumeNames.set(volume.name, where);
    }
    if (typeof volume.mountPath !== 'string' || !volume.mountPath.startsWith('/')) {
      problems.add(`${where}.mountPath`, `must be an absolute path, got ${show(volume.mountPath)}`);
    } else {
      claimMountPath(problems, `${where}.mountPath`, volume.mountPath, mountedBy);
    }
  });
}

/** Records `path` as mounted by `where`, or a problem when something is mounted there already. */
function claimMountPath(problems: ValidationProblems, where: string, path: string, mountedBy: Map<string, string>): void {
  const key = normalize(path);
  const owner = mountedBy.get(key);
  if (owner !== undefined) {
    problems.add(where, `mounts ${show(path)}, where ${owner} already mounts a volume: Kubernetes refuses two mounts at one path in a container (the pod would fail to start); choose another path`);
  } else {
    mountedBy.set(key, where);
  }
}

/** `/tmp/` and `/tmp` are the same mount point. */
function normalize(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
