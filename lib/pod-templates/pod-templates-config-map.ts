/**
 * The ConfigMap shipping task pod templates, one key per template (`<name>.yaml`), and the volume
 * and mount that put them at `/opt/airflow/pod_templates/<name>.yaml` in pods that launch pods.
 */
import { Yaml } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AirflowContext, componentName, metadataFor } from '../context';
import { POD_TEMPLATES_DIR } from './task-pod-template';

/** ConfigMap of rendered task pod templates. */
export class PodTemplatesConfigMap extends Construct {
  /** The ConfigMap. */
  public readonly configMap: k8s.KubeConfigMap;
  /** Volume to add to launcher pods. */
  public readonly volume: k8s.Volume;
  /** Mount to add to launcher containers. */
  public readonly mount: k8s.VolumeMount;

  /**
   * @param templates rendered Pod manifests by template name
   */
  constructor(scope: Construct, id: string, ctx: AirflowContext, templates: Readonly<Record<string, unknown>>) {
    super(scope, id);
    const data: Record<string, string> = {};
    for (const name of Object.keys(templates).sort()) data[`${name}.yaml`] = Yaml.stringify(templates[name]);
    this.configMap = new k8s.KubeConfigMap(this, 'config-map', {
      metadata: metadataFor(ctx, 'task', componentName(ctx, 'pod-templates')),
      data,
    });
    this.volume = { name: 'pod-templates', configMap: { name: this.configMap.name } };
    this.mount = { name: 'pod-templates', mountPath: POD_TEMPLATES_DIR, readOnly: true };
  }
}

/** Path of a template inside launcher pods. */
export function podTemplatePath(name: string): string {
  return `${POD_TEMPLATES_DIR}/${name}.yaml`;
}
