/** Shared queries over synthesized charts, so each test states only its intent. */
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Airflow, AirflowProps, AirflowValidationError } from '../../lib';

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

/** Pod specs of every workload, with a label saying where they came from. */
export function podSpecs(objects: K8sObject[]): Array<{ where: string; spec: any }> {
  const specs = objects
    .filter((o) => ['Deployment', 'StatefulSet', 'Job', 'DaemonSet', 'CronJob'].includes(o.kind))
    .map((o) => ({ where: `${o.kind}/${o.metadata.name}`, spec: o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec }));
  for (const pod of taskPodTemplates(objects)) specs.push({ where: `pod template ${pod.name}`, spec: pod.pod.spec });
  return specs;
}

/** Every container (init containers included) with where it came from. */
export function allContainers(objects: K8sObject[]): Array<{ where: string; container: any; pod: any }> {
  return podSpecs(objects).flatMap(({ where, spec }) =>
    [...(spec.initContainers ?? []), ...spec.containers].map((container: any) => ({ where: `${where}/${container.name}`, container, pod: spec })),
  );
}

/** Task pod templates decoded from the pod-templates ConfigMap. */
export function taskPodTemplates(objects: K8sObject[]): Array<{ name: string; pod: any }> {
  const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-pod-templates'));
  if (!configMap) return [];
  return Object.entries(configMap.data as Record<string, string>)
    .filter(([key]) => key.endsWith('.yaml'))
    .map(([key, text]) => ({ name: key.replace(/\.yaml$/, ''), pod: parse(text) }));
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
