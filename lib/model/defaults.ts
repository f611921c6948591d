/**
 * The defaults the props documentation promises: images and resources of every component. Kept
 * in one place so the README, the resolvers and the report agree.
 */
import { Duration } from 'cdk8s';
import { ResolvedResources } from './resources';

/** Resources used when none are given. */
export const API_SERVER_DEFAULT_RESOURCES: ResolvedResources = { cpu: '250m', memory: '768Mi', memoryLimit: '1536Mi' };

/** Resources used when none are given. */
export const SCHEDULER_DEFAULT_RESOURCES: ResolvedResources = { cpu: '250m', memory: '768Mi', memoryLimit: '1536Mi' };

/** Resources used when none are given. */
export const DAG_PROCESSOR_DEFAULT_RESOURCES: ResolvedResources = { cpu: '100m', memory: '512Mi', memoryLimit: '1Gi' };

/** Resources used when none are given. */
export const TRIGGERER_DEFAULT_RESOURCES: ResolvedResources = { cpu: '100m', memory: '512Mi', memoryLimit: '1Gi' };

/** Resources used when none are given: room for the default 8 concurrent tasks. */
export const WORKER_DEFAULT_RESOURCES: ResolvedResources = { cpu: '500m', memory: '1536Mi', memoryLimit: '3Gi' };

/** Resources used when none are given. */
export const MIGRATE_DATABASE_DEFAULT_RESOURCES: ResolvedResources = { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' };

/** The default image, pinned. */
export const POSTGRES_DEFAULT_IMAGE = 'postgres:17.5';

/** The default data volume size. */
export const POSTGRES_DEFAULT_STORAGE = '8Gi';

/** Resources used when none are given. */
export const POSTGRES_DEFAULT_RESOURCES: ResolvedResources = { cpu: '100m', memory: '256Mi', memoryLimit: '1Gi' };

/**
 * The default image, pinned: the newest patch of Redis 7.2, the last BSD-licensed line (the
 * official chart's line too), with the Lua RCE fixes of 7.2.11 (CVE-2025-49844) and later.
 */
export const REDIS_DEFAULT_IMAGE = 'redis:7.2.16';

/** The default size of Redis's append-only file claim, when persistence is on. */
export const REDIS_DEFAULT_STORAGE = '1Gi';

/** Resources used when none are given. */
export const REDIS_DEFAULT_RESOURCES: ResolvedResources = { cpu: '50m', memory: '64Mi', memoryLimit: '256Mi' };

/** The image the official Airflow chart uses, pinned. */
export const PGBOUNCER_DEFAULT_IMAGE = 'apache/airflow:airflow-pgbouncer-2025.03.05-1.23.1';

/** Resources used when none are given. */
export const PGBOUNCER_DEFAULT_RESOURCES: ResolvedResources = { cpu: '50m', memory: '64Mi', memoryLimit: '256Mi' };

/** The pinned exporter image. */
export const STATSD_DEFAULT_IMAGE = 'quay.io/prometheus/statsd-exporter:v0.28.0';

/** The pinned git-sync image. */
export const GIT_SYNC_DEFAULT_IMAGE = 'registry.k8s.io/git-sync/git-sync:v4.4.2';

/** Resources of an executor task pod when none are given: one Airflow task process. */
export const EXECUTOR_POD_DEFAULT_RESOURCES: ResolvedResources = { cpu: '100m', memory: '256Mi', memoryLimit: '1Gi' };

/** Resources of an operator task pod when none are given. */
export const OPERATOR_POD_DEFAULT_RESOURCES: ResolvedResources = { cpu: '100m', memory: '128Mi', memoryLimit: '512Mi' };

/** Log files older than this are deleted by the log groomer (the official chart's default). */
export const LOG_RETENTION_DEFAULT = Duration.days(15);

/** Size limit of each pod's log emptyDir. */
export const LOGS_SIZE_LIMIT_DEFAULT = '5Gi';

/** Resources of the log groomer sidecar: `find` and `du` every few minutes. */
export const LOG_GROOMER_RESOURCES: ResolvedResources = { cpu: '10m', memory: '32Mi', memoryLimit: '128Mi' };
