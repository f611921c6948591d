/** Shared queries over synthesized charts, so each test states only its intent. */
import { Chart, Testing } from 'cdk8s';
import { CORE_SCHEMA, load } from 'js-yaml';
import { Airflow, AirflowProps, AirflowValidationError } from '../../lib';
import { validateK8sObject } from './schema';

/** A YAML document, read as the report reads manifests (js-yaml, several times faster than `yaml`). */
const parse = (text: string): any => load(text, { schema: CORE_SCHEMA });

/** A synthesized Kubernetes object. */
export type K8sObject = { apiVersion: string; kind: string; metadata: any; spec?: any; data?: any; [key: string]: any };

/** Synthesizes one Airflow instance in a fresh chart (namespace "airflow"). */
export function synthAirflow(props: AirflowProps = {}, id = 'airflow'): K8sObject[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'airflow' });
  new Airflow(chart, id, props);
  return Testing.synth(chart) as K8sObject[];
}

/** Objects of one kind. */
export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** The one object with this kind and name; fails the test when it is missing. */
export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name}; have: ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

/** The component label of every object. */
export function components(objects: K8sObject[]): string[] {
  return [...new Set(objects.map((o) => o.metadata.labels?.['app.kubernetes.io/component']))].sort();
}

/** The workload (Deployment, StatefulSet, Job) of a component. */
export function workloadOf(objects: K8sObject[], component: string): K8sObject {
  const found = objects.find(
    (o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind) && o.metadata.labels['app.kubernetes.io/component'] === component,
  );
  if (!found) throw new Error(`no workload for component ${component}`);
  return found;
}

/**
 * Pod specs of every workload and task pod template, with where they came from. `sparkTemplate`
 * marks Spark's driver and executor templates: Spark completes those pods at launch (image, CPU
 * and memory from spark-defaults.conf), so they carry no image and no resources of their own.
 */
export function podSpecs(objects: K8sObject[]): Array<{ where: string; spec: any; sparkTemplate: boolean }> {
  const specs = objects
    .filter((o) => ['Deployment', 'StatefulSet', 'Job', 'DaemonSet', 'CronJob'].includes(o.kind))
    .map((o) => ({
      where: `${o.kind}/${o.metadata.name}`,
      spec: o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec,
      sparkTemplate: false,
    }));
  for (const { name, pod, sparkTemplate } of taskPodTemplates(objects)) specs.push({ where: `pod template ${name}`, spec: pod.spec, sparkTemplate });
  return specs;
}

/** Every container (init containers included) with where it came from; `sparkTemplate` as in `podSpecs`. */
export function allContainers(objects: K8sObject[]): Array<{ where: string; container: any; pod: any; sparkTemplate: boolean }> {
  return podSpecs(objects).flatMap(({ where, spec, sparkTemplate }) =>
    [...(spec.initContainers ?? []), ...spec.containers].map((container: any) => ({ where: `${where}/${container.name}`, container, pod: spec, sparkTemplate })),
  );
}

/** A task pod template: a Pod manifest shipped in a ConfigMap, from which pods are launched later. */
export interface TaskPodTemplate {
  /** The family name (`default`, `spark`, ...), or `spark-driver` / `spark-executor`. */
  readonly name: string;
  readonly pod: any;
  /** Spark's driver or executor template (see `podSpecs`), not a family's. */
  readonly sparkTemplate: boolean;
}

/**
 * Every task pod template: the families' from the `*-pod-templates` ConfigMap(s), then Spark's driver
 * and executor templates from the Spark ConfigMap, component `spark` (pods Spark launches must pass the same
 * checks as the pods Airflow launches).
 */
export function taskPodTemplates(objects: K8sObject[]): TaskPodTemplate[] {
  const yamlEntries = (configMap: K8sObject | undefined) =>
    Object.entries((configMap?.data ?? {}) as Record<string, string>).filter(([key]) => key.endsWith('.yaml'));
  // Templates too big for one ConfigMap continue in `-pod-templates-2`, `-3`, ...
  const familiesConfigMaps = objects.filter((o) => o.kind === 'ConfigMap' && /-pod-templates(-[0-9]+)?$/.test(o.metadata.name));
  const sparkConfigMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.labels?.['app.kubernetes.io/component'] === 'spark');
  const families = familiesConfigMaps.flatMap(yamlEntries).map(([key, text]) => ({ name: key.replace(/\.yaml$/, ''), pod: parse(text), sparkTemplate: false }));
  // driver-pod-template.yaml -> spark-driver
  const spark = yamlEntries(sparkConfigMap).map(([key, text]) => ({ name: `spark-${key.replace(/-pod-template\.yaml$/, '')}`, pod: parse(text), sparkTemplate: true }));
  return [...families, ...spark];
}

/** Templates of the task pod families only (without Spark's driver and executor templates). */
export function familyTemplates(objects: K8sObject[]): TaskPodTemplate[] {
  return taskPodTemplates(objects).filter((t) => !t.sparkTemplate);
}

/** Env of a container as a name -> entry map. */
export function envOf(container: any): Record<string, any> {
  return Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e]));
}

/** The problems an Airflow with `props` reports, one line each (empty when the props are valid). */
export function problemsOf(props: AirflowProps): readonly string[] {
  try {
    new Airflow(new Chart(Testing.app(), 'test', { namespace: 'airflow' }), 'airflow', props);
  } catch (error) {
    if (error instanceof AirflowValidationError) return error.problems;
    throw error;
  }
  return [];
}

/** The `airflow.cfg` of an instance (from its `<instance>-config` ConfigMap). */
export function airflowCfgOf(objects: K8sObject[], instance = 'airflow'): string {
  return find(objects, 'ConfigMap', `${instance}-config`).data['airflow.cfg'];
}

/** The sections of an `airflow.cfg`, in file order, each with its keys in file order. */
export function cfgSections(cfg: string): Array<{ section: string; keys: string[] }> {
  const sections: Array<{ section: string; keys: string[] }> = [];
  for (const line of cfg.split('\n')) {
    const header = /^\[(.+)\]$/.exec(line);
    if (header) sections.push({ section: header[1], keys: [] });
    const entry = /^(\w+) = /.exec(line);
    if (entry) sections[sections.length - 1].keys.push(entry[1]);
  }
  return sections;
}

/** Every `section.key` an `airflow.cfg` sets. */
export function cfgSettings(cfg: string): string[] {
  return cfgSections(cfg).flatMap(({ section, keys }) => keys.map((key) => `${section}.${key}`));
}

/**
 * Schema problems of every object and of every task pod template shipped in ConfigMaps (pods are
 * launched from those later, so they must validate too); empty when all are valid.
 */
export function schemaProblemsOf(objects: K8sObject[]): string[] {
  return [
    ...objects.flatMap((o) => validateK8sObject(o)),
    ...taskPodTemplates(objects).flatMap(({ name, pod }) => validateK8sObject(pod).map((p) => `pod template ${name}: ${p}`)),
  ];
}
