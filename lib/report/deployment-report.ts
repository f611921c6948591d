/**
 * Every fact about one deployment file, computed from its objects alone, and the test for which
 * files are Airflow deployments at all (an Argo CD Application list is not).
 */
import { defaultPodTemplateFile, executorOf, executorsOf } from './airflow-config';
import { AlwaysOnFootprint, alwaysOnFootprint } from './always-on';
import { ImageUse, imageUses } from './images';
import { INSTANCE_LABEL, K8sObject, asString, byText, fieldAt, kindOf, labelsOf, podSpecOf } from './objects';
import { TaskPodTemplateFacts, decodePodTemplates, taskPodTemplateFacts } from './pod-templates';
import { ServiceAccountGrants, serviceAccountGrants } from './rbac';
import { SecretFacts, secretFacts } from './secrets';
import { StorageFacts, storageFacts } from './storage';
import { Topology, buildTopology } from './topology';

/** One synthesized file and its objects. */
export interface ManifestFile {
  /** File name relative to the output folder, e.g. `airflow-celery.k8s.yaml`. */
  readonly file: string;
  readonly objects: readonly K8sObject[];
}

/** What a report knows about one deployment. */
export interface DeploymentReport {
  readonly file: string;
  /** Values of `app.kubernetes.io/instance`, sorted. */
  readonly instances: readonly string[];
  /** Namespaces of the objects, sorted. */
  readonly namespaces: readonly string[];
  /** `[core] executor`, when an `airflow.cfg` sets it. */
  readonly executor?: string;
  /** The executors it lists, by class name, the default first (empty when none is set). */
  readonly executors: readonly string[];
  readonly alwaysOn: AlwaysOnFootprint;
  readonly storage: StorageFacts;
  readonly images: readonly ImageUse[];
  readonly secrets: readonly SecretFacts[];
  readonly rbac: readonly ServiceAccountGrants[];
  readonly taskPodTemplates: readonly TaskPodTemplateFacts[];
  readonly topology: Topology;
}

/** True when the objects run Airflow: some pod-running object labelled `app.kubernetes.io/name: airflow` or part of it. */
export function isAirflowDeployment(objects: readonly K8sObject[]): boolean {
  return objects.some((o) => {
    const labels = labelsOf(o);
    return podSpecOf(o) !== undefined && kindOf(o) !== 'Pod' && (labels['app.kubernetes.io/name'] === 'airflow' || labels['app.kubernetes.io/part-of'] === 'airflow');
  });
}

const distinct = (values: readonly string[]) => [...new Set(values)].sort(byText);

/** All facts about one deployment file. */
export function deploymentReport(manifest: ManifestFile): DeploymentReport {
  const { objects } = manifest;
  const templates = decodePodTemplates(objects);
  const alwaysOn = alwaysOnFootprint(objects);
  const rbac = serviceAccountGrants(objects);
  const taskPodTemplates = taskPodTemplateFacts(templates, objects, defaultPodTemplateFile(objects));
  return {
    file: manifest.file,
    instances: distinct(objects.map((o) => labelsOf(o)[INSTANCE_LABEL]).filter((i): i is string => i !== undefined)),
    namespaces: distinct(objects.map((o) => asString(fieldAt(o, 'metadata', 'namespace'))).filter((n): n is string => n !== undefined)),
    executor: executorOf(objects),
    executors: executorsOf(objects),
    alwaysOn,
    storage: storageFacts(objects),
    images: imageUses(objects, templates),
    secrets: secretFacts(objects, templates),
    rbac,
    taskPodTemplates,
    topology: buildTopology(objects, alwaysOn.workloads, taskPodTemplates, rbac),
  };
}
