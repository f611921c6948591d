/**
 * All task pod templates of one instance: renders every family, ships them with an `index.json`
 * in a ConfigMap (mounted at `/opt/airflow/pod_templates` wherever pods are launched from), and
 * creates each family's ServiceAccount (and Spark's RBAC and configuration). Templates too many
 * for one ConfigMap (1 MiB, or 256 KiB for client-side `kubectl apply`) are split across
 * `<instance>-pod-templates`, `-2`, `-3`, ..., mounted as one folder through a projected volume.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PodMetadataProps } from '../../model/extensions';
import { AIRFLOW_IDENTITY } from '../../model/identity';
import { ResolvedResources } from '../../model/resources';
import { TaskPodFamily, UNPRIVILEGED_IDENTITY } from '../../model/task-pod-family';
import { SparkTaskPodFamily } from '../../model/task-pod-presets';
import { DEFAULT_TASK_POD_TEMPLATE, POD_TEMPLATES_DIR, componentName, podTemplatePath } from '../../resolve/addresses';
import { resolveResources } from '../../resolve/resources';
import { stringifyYamlDocument } from '../../yaml';
import { annotationsOrNothing } from '../components/extensions';
import { AirflowContext, metadataFor } from '../context';
import { chunkEntries } from './config-map-chunks';
import { SparkOnKubernetes } from './spark';
import { ResolvedTaskPodFamily, renderTaskPod } from './task-pod-template';

/** One line of `index.json`: what a DAG author needs to pick a template. */
export interface TaskPodTemplateIndexEntry {
  readonly name: string;
  readonly kind: 'executor' | 'operator';
  readonly image: string;
  readonly path: string;
}

/** What the templates are built from (already validated). */
export interface TaskPodTemplatesOptions {
  /** Named families. */
  readonly families: readonly TaskPodFamily[];
  /** The KubernetesExecutor's default template, when that is the executor. */
  readonly defaultTemplate?: {
    readonly resources: ResolvedResources;
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /** ServiceAccount annotations, pod labels and annotations the user adds. */
    readonly metadata?: PodMetadataProps;
  };
  /** Namespace of KubernetesPodOperator pods. */
  readonly operatorNamespace: string;
  /**
   * What executor task pods (they write task logs) need for the workload identity of remote logs,
   * added to each executor family's own (the default template's is already in its metadata).
   */
  readonly executorIdentity?: Pick<PodMetadataProps, 'serviceAccountAnnotations' | 'podLabels'>;
}

/** The task pod templates ConfigMap and the ServiceAccounts of the families. */
export class TaskPodTemplates extends Construct {
  /** The (first) ConfigMap holding `<name>.yaml` per template and `index.json`. */
  public readonly configMap: k8s.KubeConfigMap;
  /** Every ConfigMap of the templates: one, unless they are too big for one. */
  public readonly configMaps: readonly k8s.KubeConfigMap[];
  /** Volume to add to pods that launch pods. */
  public readonly volume: k8s.Volume;
  /** Mount to add to their containers. */
  public readonly mount: k8s.VolumeMount;
  /** The index shipped as `index.json`, sorted by name. */
  public readonly index: readonly TaskPodTemplateIndexEntry[];
  /** ServiceAccounts of executor task pods (they run KubernetesPodOperator inside tasks). */
  public readonly executorServiceAccountNames: readonly string[];
  /** Whether any operator family exists, i.e. KubernetesPodOperator is in use. */
  public readonly hasOperatorFamilies: boolean;
  /** The Spark resources, when a Spark family exists. */
  public readonly spark?: SparkOnKubernetes;

  constructor(scope: Construct, id: string, ctx: AirflowContext, options: TaskPodTemplatesOptions) {
    super(scope, id);
    this.hasOperatorFamilies = options.families.some((f) => f.kind === 'operator');
    // Executor templates embed this volume; it becomes a projected volume if the data is split.
    const volume: k8s.Volume = { name: 'pod-templates', configMap: { name: componentName(ctx, 'pod-templates') } };
    this.volume = volume;
    this.mount = { name: 'pod-templates', mountPath: POD_TEMPLATES_DIR, readOnly: true };
    // Executor tasks may run KubernetesPodOperator themselves when operator families exist.
    const executorToken = this.hasOperatorFamilies;

    const resolved: ResolvedTaskPodFamily[] = [];
    if (options.defaultTemplate) {
      resolved.push({
        name: DEFAULT_TASK_POD_TEMPLATE,
        kind: 'executor',
        image: ctx.image,
        resources: options.defaultTemplate.resources,
        runAs: AIRFLOW_IDENTITY,
        options: { ...options.defaultTemplate.metadata, name: DEFAULT_TASK_POD_TEMPLATE, image: ctx.image, nodeSelector: options.defaultTemplate.nodeSelector },
        serviceAccountName: componentName(ctx, 'task'),
        serviceAccountToken: executorToken,
        extraVolumes: [{ volume: this.volume, mount: this.mount }],
      });
    }
    for (const family of options.families) {
      const base = {
        name: family.name,
        kind: family.kind,
        image: family.options.image,
        resources: resolveResources(family.defaultResources, family.options.resources),
        options: family.options,
      };
      if (family instanceof SparkTaskPodFamily) {
        this.spark = new SparkOnKubernetes(this, 'spark', ctx, {
          image: family.options.image,
          namespace: options.operatorNamespace,
          sparkOptions: family.sparkOptions,
          scheduling: family.options,
        });
        resolved.push({
          ...base,
          runAs: family.options.runAs ?? UNPRIVILEGED_IDENTITY,
          serviceAccountName: this.spark.serviceAccountName,
          serviceAccountToken: true,
          namespace: options.operatorNamespace,
          extraVolumes: [this.spark.confVolume],
        });
      } else if (family.kind === 'executor') {
        const identity = options.executorIdentity;
        resolved.push({
          ...base,
          options: identity ? {
            ...family.options,
            serviceAccountAnnotations: { ...family.options.serviceAccountAnnotations, ...identity.serviceAccountAnnotations },
            podLabels: { ...family.options.podLabels, ...identity.podLabels },
          } : family.options,
          runAs: family.options.runAs ?? AIRFLOW_IDENTITY,
          serviceAccountName: componentName(ctx, `task-${family.name}`),
          serviceAccountToken: executorToken || (family.options.serviceAccountToken ?? false),
          extraVolumes: [{ volume: this.volume, mount: this.mount }],
        });
      } else {
        resolved.push({
          ...base,
          runAs: family.options.runAs ?? UNPRIVILEGED_IDENTITY,
          serviceAccountName: componentName(ctx, `task-${family.name}`),
          serviceAccountToken: family.options.serviceAccountToken ?? false,
          namespace: options.operatorNamespace,
          extraVolumes: [],
        });
      }
    }

    for (const family of resolved) {
      if (this.spark && family.serviceAccountName === this.spark.serviceAccountName) continue; // comes with Spark's RBAC
      new k8s.KubeServiceAccount(this, `service-account-${family.name}`, {
        metadata: {
          ...metadataFor(ctx, 'task', family.serviceAccountName),
          namespace: family.namespace ?? ctx.namespace,
          annotations: annotationsOrNothing(family.options.serviceAccountAnnotations ?? {}),
        },
        automountServiceAccountToken: family.serviceAccountToken,
      });
    }

    this.executorServiceAccountNames = resolved.filter((f) => f.kind === 'executor').map((f) => f.serviceAccountName);
    // Code-point order (names are DNS labels): localeCompare would load ICU's collator, about 60 ms.
    const sorted = [...resolved].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.index = sorted.map((f) => ({ name: f.name, kind: f.kind, image: f.image, path: podTemplatePath(f.name) }));

    const index = JSON.stringify({ families: this.index }, undefined, 2) + '\n';
    const render = (): Array<[string, string]> => [
      ['index.json', index],
      ...sorted.map((family): [string, string] => [`${family.name}.yaml`, stringifyYamlDocument(renderTaskPod(ctx, family))]),
    ];
    // Splitting changes the volume executor templates embed, which changes their size: repeat
    // until the number of ConfigMaps is stable (it only grows, so this ends).
    let chunks = chunkEntries(render());
    for (let names = [volume.configMap!.name]; chunks.length !== names.length;) {
      names = chunks.map((_, i) => configMapName(ctx, i));
      Object.assign(volume, { configMap: undefined, projected: { sources: names.map((name) => ({ configMap: { name } })) } });
      chunks = chunkEntries(render());
    }
    if (volume.configMap === undefined) delete (volume as { configMap?: unknown }).configMap;
    // Data keys in file order (index.json first, then templates by name), as before the split.
    this.configMaps = chunks.map((data, i) => new k8s.KubeConfigMap(this, i === 0 ? 'config-map' : `config-map-${i + 1}`, {
      metadata: metadataFor(ctx, 'task', configMapName(ctx, i)),
      data: sortedData(data),
    }));
    this.configMap = this.configMaps[0];
  }

  /**
   * The path to pass as `pod_template_file` for a family.
   *
   * @throws when no family has that name
   */
  public pathOf(name: string): string {
    if (!this.index.some((entry) => entry.name === name)) {
      const known = this.index.map((entry) => entry.name).join(', ');
      throw new Error(`${this.node.path}: task pod family "${name}" is not defined; defined families: ${known}. Add it to taskPods.families.`);
    }
    return podTemplatePath(name);
  }
}

/** `<instance>-pod-templates`, then `-2`, `-3`, ... */
function configMapName(ctx: AirflowContext, chunk: number): string {
  return chunk === 0 ? componentName(ctx, 'pod-templates') : `${componentName(ctx, 'pod-templates')}-${chunk + 1}`;
}

/** Keys sorted, as a single ConfigMap always had them. */
function sortedData(data: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(data).sort().map((key) => [key, data[key]]));
}
