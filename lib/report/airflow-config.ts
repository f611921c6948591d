/**
 * What a deployment's `airflow.cfg` says, read from the ConfigMap that ships it
 * (`<instance>-config`, key `airflow.cfg`).
 */
import { K8sObject, byText, configMapData, kindOf, nameOf } from './objects';

/** The value of `[section] key` in INI text, or undefined. */
export function iniValue(text: string, section: string, key: string): string | undefined {
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = header[1].trim();
      continue;
    }
    const eq = line.indexOf('=');
    if (current === section && eq > 0 && line.slice(0, eq).trim() === key) return line.slice(eq + 1).trim();
  }
  return undefined;
}

/** `airflow.cfg` texts of the objects, `*-config` ConfigMaps first, then by name. */
function airflowCfgs(objects: readonly K8sObject[]): string[] {
  return objects
    .filter((o) => kindOf(o) === 'ConfigMap' && configMapData(o)['airflow.cfg'] !== undefined)
    .sort((a, b) => Number(!nameOf(a).endsWith('-config')) - Number(!nameOf(b).endsWith('-config')) || byText(nameOf(a), nameOf(b)))
    .map((o) => configMapData(o)['airflow.cfg']);
}

/** `[section] key` of the deployment's `airflow.cfg`; undefined when no `airflow.cfg` sets it. */
export function airflowSetting(objects: readonly K8sObject[], section: string, key: string): string | undefined {
  for (const cfg of airflowCfgs(objects)) {
    const value = iniValue(cfg, section, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** `[core] executor` of the deployment, e.g. `CeleryExecutor`. */
export function executorOf(objects: readonly K8sObject[]): string | undefined {
  return airflowSetting(objects, 'core', 'executor');
}

/**
 * The executors `[core] executor` lists, by class name, the default first: `CeleryExecutor`,
 * `KubernetesExecutor` for `CeleryExecutor,pods:airflow.providers...KubernetesExecutor`.
 */
export function executorsOf(objects: readonly K8sObject[]): string[] {
  const setting = executorOf(objects);
  if (setting === undefined) return [];
  return setting.split(',').map((entry) => {
    const target = entry.trim().split(':').pop()!; // `alias:module.path.Class` or `Class`
    return target.split('.').pop()!;
  }).filter((name) => name !== '');
}

/** `[kubernetes_executor] pod_template_file`: the template every KubernetesExecutor task uses unless it picks another. */
export function defaultPodTemplateFile(objects: readonly K8sObject[]): string | undefined {
  return airflowSetting(objects, 'kubernetes_executor', 'pod_template_file');
}
