/**
 * Ready-made operator families for the job families our users run: Spark (spark-submit in
 * cluster mode), Hadoop tools, and light Python apps. Each pins its image and knows the identity
 * and writable paths that image needs.
 */
import { ResolvedResources } from './resources';
import { TaskPodFamily, TaskPodFamilyOptions } from './task-pod-family';

/** Options of a preset: everything optional, the name included. */
export type PresetOptions = Partial<TaskPodFamilyOptions>;

/** Settings of the Spark family. */
export interface SparkFamilyOptions extends PresetOptions {
  /**
   * Extra `spark-defaults.conf` entries, e.g. `{ 'spark.executor.instances': '4' }`. Entries
   * this library derives (master, namespace, image, pod templates, ServiceAccount) are rejected.
   *
   * @default - 2 executors of 1 core / 1g, driver 1 core / 1g
   */
  readonly sparkConf?: Readonly<Record<string, string>>;
}

/** The pinned default images. */
export const PRESET_IMAGES = {
  spark: 'apache/spark:3.5.5',
  hadoop: 'apache/hadoop:3.4.1',
  python: 'python:3.12.8-slim-bookworm',
} as const;

/** The official Spark image runs as `spark`, UID 185. */
const SPARK_IDENTITY = { user: 185, group: 185 };
/** The official Hadoop image runs as `hadoop`, UID 1000. */
const HADOOP_IDENTITY = { user: 1000, group: 1000 };
/** A JVM client (spark-submit, hadoop CLI) needs more than a shell script. */
const JVM_CLIENT_RESOURCES: ResolvedResources = { cpu: '200m', memory: '512Mi', memoryLimit: '1Gi' };

/** A JVM-based preset with its own default resources. */
class JvmPresetFamily extends TaskPodFamily {
  constructor(kind: 'operator', options: TaskPodFamilyOptions) {
    super(kind, options);
  }

  public get defaultResources(): ResolvedResources {
    return JVM_CLIENT_RESOURCES;
  }
}

/**
 * The Spark family: runs `spark-submit --master k8s://...` in cluster mode. Besides its template
 * it brings a `spark` ServiceAccount and Role for the driver, driver/executor pod templates and a
 * generated `spark-defaults.conf`.
 */
export class SparkTaskPodFamily extends JvmPresetFamily {
  constructor(public readonly sparkOptions: SparkFamilyOptions = {}) {
    super('operator', {
      ...sparkOptions,
      name: sparkOptions.name ?? 'spark',
      image: sparkOptions.image ?? PRESET_IMAGES.spark,
      runAs: sparkOptions.runAs ?? SPARK_IDENTITY,
      writablePaths: sparkOptions.writablePaths ?? ['/tmp', '/opt/spark/work-dir'],
      // spark-submit creates the driver pod, its Service and ConfigMaps through the API.
      serviceAccountToken: true,
    });
  }
}

/** Factories for the presets. */
export const TaskPodPresets = {
  /** `apache/spark` submitting jobs to Kubernetes in cluster mode. */
  spark(options: SparkFamilyOptions = {}): SparkTaskPodFamily {
    return new SparkTaskPodFamily(options);
  },

  /** `apache/hadoop` for HDFS and MapReduce client tools. */
  hadoop(options: PresetOptions = {}): TaskPodFamily {
    return new JvmPresetFamily('operator', {
      ...options,
      name: options.name ?? 'hadoop',
      image: options.image ?? PRESET_IMAGES.hadoop,
      runAs: options.runAs ?? HADOOP_IDENTITY,
      writablePaths: options.writablePaths ?? ['/tmp', '/opt/hadoop/logs'],
    });
  },

  /** A slim Python image for light Python apps. */
  python(options: PresetOptions = {}): TaskPodFamily {
    return TaskPodFamily.operator({
      ...options,
      name: options.name ?? 'python',
      image: options.image ?? PRESET_IMAGES.python,
      // No home directory for an arbitrary UID: let pip and friends use /tmp.
      env: { HOME: '/tmp', PYTHONDONTWRITEBYTECODE: '1', ...options.env },
    });
  },
};
