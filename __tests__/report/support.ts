/** Helpers shared by the report tests: synthesized deployments as report input, and small object builders. */
import { K8sObject as ChartObject } from '../support/chart';
import { ManifestFile, K8sObject } from '../../lib/report';

/** A deployment file made of synthesized objects. */
export function manifest(file: string, objects: readonly ChartObject[] | readonly K8sObject[]): ManifestFile {
  return { file, objects: objects as readonly K8sObject[] };
}

/** A container with requests and limits (`undefined` leaves a field out). */
export function container(name: string, requests: { cpu?: string; memory?: string }, limits: { cpu?: string; memory?: string } = {}, extra: object = {}) {
  return { name, image: `example/${name}:1.0`, resources: { requests, limits }, ...extra };
}

/** A Deployment (or another pod-template workload) with the given pod spec. */
export function workload(kind: string, name: string, podSpec: object, spec: object = {}, component = name): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: 'airflow', labels: { 'app.kubernetes.io/name': 'airflow', 'app.kubernetes.io/component': component } },
    spec: { ...spec, template: { metadata: { labels: { 'app.kubernetes.io/component': component } }, spec: podSpec } },
  };
}

/** Any object with a kind, name and extra fields. */
export function object(kind: string, name: string, fields: object = {}, namespace: string | undefined = 'airflow'): K8sObject {
  return { apiVersion: 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...fields };
}

const MIB = 2 ** 20;
/** Mebibytes in bytes, for readable expectations. */
export const mib = (n: number) => n * MIB;
