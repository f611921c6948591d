/**
 * Synth-time reports: facts about synthesized manifests (always-on pods, storage, images, secrets,
 * RBAC, task pod templates, topology) computed from the objects alone, rendered as `REPORT.md` or
 * JSON.
 */
export * from './airflow-config';
export * from './always-on';
export * from './deployment-report';
export * from './executor-comparison';
export * from './images';
export * from './mermaid';
export * from './objects';
export * from './output-folder';
export * from './pod-resources';
export * from './pod-templates';
export * from './rbac';
export * from './report';
export * from './report-json';
export * from './report-markdown';
export * from './secrets';
export * from './staleness';
export * from './storage';
export * from './topology';
export * from './yaml-text';
