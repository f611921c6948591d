/**
 * The report as JSON for scripts and dashboards (`npm run report -- --json`): numbers in
 * millicores and MiB, each with the display string the Markdown report uses.
 */
import { formatGibibytes, formatMebibytes, formatMillicores, toMebibytes } from '../quantity';
import { AlwaysOnWorkload } from './always-on';
import { DeploymentReport } from './deployment-report';
import { PodResources } from './pod-resources';
import { OutputReport } from './report';

/** CPU as a number and as displayed; `null` for an unbounded limit. */
export type CpuJson = { readonly millicores: number; readonly display: string } | null;
/** Memory or storage as a number and as displayed; `null` for an unbounded limit. */
export type BytesJson = { readonly mebibytes: number; readonly display: string } | null;

const cpuJson = (m: number | undefined): CpuJson => (m === undefined ? null : { millicores: m, display: formatMillicores(m) });
const memoryJson = (b: number | undefined): BytesJson => (b === undefined ? null : { mebibytes: toMebibytes(b), display: formatMebibytes(b) });
const storageJson = (b: number): BytesJson => ({ mebibytes: toMebibytes(b), display: formatGibibytes(b) });

function resourcesJson(r: PodResources) {
  return {
    cpuRequests: cpuJson(r.requests.cpuMillicores),
    memoryRequests: memoryJson(r.requests.memoryBytes),
    cpuLimits: cpuJson(r.limits.cpuMillicores),
    memoryLimits: memoryJson(r.limits.memoryBytes),
  };
}

function workloadJson(w: AlwaysOnWorkload) {
  return {
    kind: w.kind,
    name: w.name,
    component: w.component,
    pods: w.replicas,
    autoscaler: w.autoscaler ? { ref: w.autoscaler.ref, minReplicas: w.autoscaler.minReplicas, maxReplicas: w.autoscaler.maxReplicas ?? null } : null,
    perPod: resourcesJson(w.perPod),
    total: resourcesJson(w.total),
  };
}

/** The JSON of one deployment. */
export function deploymentJson(d: DeploymentReport) {
  return {
    file: d.file,
    executor: d.executor ?? null,
    executors: d.executors,
    instances: d.instances,
    namespaces: d.namespaces,
    alwaysOnPods: d.alwaysOn.pods,
    ...resourcesJson(d.alwaysOn.total),
    storage: {
      ...storageJson(d.storage.totalBytes),
      claims: d.storage.claims.map((c) => ({
        owner: c.owner,
        claim: c.claim,
        count: c.count,
        storageClass: c.storageClass ?? null,
        each: storageJson(c.bytesEach),
        total: storageJson(c.totalBytes),
      })),
    },
    workloads: d.alwaysOn.workloads.map(workloadJson),
    images: d.images.map((i) => ({ image: i.image, repository: i.repository, tag: i.tag, usedBy: i.usedBy })),
    taskPodTemplates: d.taskPodTemplates.map((t) => ({ name: t.name, kind: t.kind ?? null, path: t.path ?? null, image: t.image, ...resourcesJson(t.resources) })),
  };
}

/** The whole report as a JSON value. */
export function reportJson(report: OutputReport) {
  return {
    deployments: report.deployments.map(deploymentJson),
    skipped: report.skipped.map((s) => s.file),
  };
}

/** The JSON text printed by `npm run report -- --json`, ending with a newline. */
export function renderReportJson(report: OutputReport): string {
  return JSON.stringify(reportJson(report), undefined, 2) + '\n';
}
