/**
 * Argo CD ordering on every object, so the committed output works under Argo CD and under plain
 * `kubectl apply` alike (kubectl ignores the annotations; components wait for migrations anyway).
 *
 * Waves: RBAC and policies first; then config and secret sources, with the secret bootstrap Job
 * (the database needs its generated password, so it cannot come later); then PostgreSQL and
 * Redis; then the migration Job; then Airflow itself and everything around it.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** Argo CD sync-wave annotation. */
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
/** Argo CD hook annotation. */
export const HOOK = 'argocd.argoproj.io/hook';
/** Argo CD hook deletion policy annotation. */
export const HOOK_DELETE_POLICY = 'argocd.argoproj.io/hook-delete-policy';

/**
 * For objects created in the cluster, not in Git, that carry the instance label (task pods,
 * generated Secrets). Under Argo CD's label tracking they would look like extraneous objects of
 * the Application, and an automated prune would delete running tasks or the generated fernet key.
 */
export const UNTRACKED_BY_ARGOCD: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/compare-options': 'IgnoreExtraneous',
  'argocd.argoproj.io/sync-options': 'Prune=false',
};

/** The ordered stages of a sync. */
export const SyncWave = {
  NAMESPACE: -1,
  RBAC: 0,
  CONFIG_AND_SECRETS: 1,
  SECRET_BOOTSTRAP: 2,
  DATA_SERVICES: 3,
  MIGRATIONS: 4,
  AIRFLOW: 5,
} as const;

const BY_KIND: Readonly<Record<string, number>> = {
  Namespace: SyncWave.NAMESPACE,
  ServiceAccount: SyncWave.RBAC,
  Role: SyncWave.RBAC,
  RoleBinding: SyncWave.RBAC,
  ClusterRole: SyncWave.RBAC,
  ClusterRoleBinding: SyncWave.RBAC,
  NetworkPolicy: SyncWave.RBAC,
  ConfigMap: SyncWave.CONFIG_AND_SECRETS,
  ExternalSecret: SyncWave.CONFIG_AND_SECRETS,
  SealedSecret: SyncWave.CONFIG_AND_SECRETS,
  TriggerAuthentication: SyncWave.CONFIG_AND_SECRETS,
};

const DATA_SERVICE_COMPONENTS = ['postgresql', 'redis', 'pgbouncer'];

/** Components whose Jobs run as Argo CD Sync hooks. */
export const HOOK_JOB_COMPONENTS: Readonly<Record<string, number>> = {
  'secret-bootstrap': SyncWave.SECRET_BOOTSTRAP,
  'migrate-database': SyncWave.MIGRATIONS,
};

/** The wave of one object. */
export function syncWaveOf(kind: string, component: string | undefined): number {
  if (kind === 'Job' && component !== undefined && component in HOOK_JOB_COMPONENTS) return HOOK_JOB_COMPONENTS[component];
  if (kind in BY_KIND) return BY_KIND[kind];
  if (component !== undefined && DATA_SERVICE_COMPONENTS.includes(component)) return SyncWave.DATA_SERVICES;
  return SyncWave.AIRFLOW;
}

/**
 * Annotates every ApiObject under `scope` with its sync wave, and the secret bootstrap and
 * migration Jobs as Sync hooks that are deleted before being re-created. Hooks run in the Sync
 * phase, not PostSync: a PostSync migration would wait for components that wait for it.
 */
export function annotateForArgoCd(scope: IConstruct): void {
  for (const obj of scope.node.findAll()) {
    if (!(obj instanceof ApiObject)) continue;
    const component = obj.metadata.getLabel('app.kubernetes.io/component');
    obj.metadata.addAnnotation(SYNC_WAVE, String(syncWaveOf(obj.kind, component)));
    if (obj.kind === 'Job' && component !== undefined && component in HOOK_JOB_COMPONENTS) {
      obj.metadata.addAnnotation(HOOK, 'Sync');
      obj.metadata.addAnnotation(HOOK_DELETE_POLICY, 'BeforeHookCreation');
    }
  }
}
