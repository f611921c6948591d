/**
 * Celery workers (CeleryExecutor only): always-on pods that take tasks from the broker and serve
 * task logs on port 8793.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { WORKER_LOG_PORT } from '../../resolve/addresses';
import { ResolvedSecret } from '../../resolve/secrets';
import { ResolvedWorkers } from '../../resolve/workers';
import { AirflowContext, envFromSecret } from '../context';
import { KEDA_CONNECTION_ENV } from '../operations/worker-autoscaler';
import { AirflowComponent, AirflowComponentProps } from './airflow-component';
import { VolumeWithMount } from './airflow-component';

const DOCKER_SOCKET = '/var/run/docker.sock';

/** What the worker Deployment is built from: the resolved settings and what the wiring adds. */
export interface CeleryWorkerOptions extends ResolvedWorkers {
  /** Whether KubernetesPodOperator tasks launch pods from the workers. */
  readonly launchesPods: boolean;
  /** The task pod templates, when there are any. */
  readonly podTemplates?: VolumeWithMount;
  /** Env only the worker container gets (the KEDA connection). */
  readonly mainEnv?: k8s.EnvVar[];
}

/** The Celery worker Deployment. */
export class CeleryWorker extends Construct {
  /** The Deployment and ServiceAccount. */
  public readonly component: AirflowComponent;

  constructor(scope: Construct, id: string, ctx: AirflowContext, options: CeleryWorkerOptions) {
    super(scope, id);
    const ping = `celery --app ${ctx.capabilities.celeryApp} inspect ping -d celery@$(hostname)`;
    const exec = { command: ['sh', '-c', ping] };
    this.component = new AirflowComponent(this, 'component', ctx, {
      component: 'worker',
      usesBroker: true,
      readsDags: ctx.capabilities.dagReaders.includes('worker'),
      name: 'worker',
      args: ['airflow', 'celery', 'worker', ...queueArgs(options.queues)],
      mainEnv: options.mainEnv,
      replicas: options.replicas,
      resources: options.resources,
      scheduling: options.scheduling,
      extensions: options.extensions,
      terminationGracePeriodSeconds: options.gracePeriodSeconds,
      // dumb-init then sends SIGTERM to the Celery main process only: it stops taking tasks and
      // lets running ones finish within the grace period instead of killing them at once.
      env: [{ name: 'DUMB_INIT_SETSID', value: '0' }],
      ports: [{ name: 'logs', containerPort: WORKER_LOG_PORT, protocol: 'TCP' }],
      launchesPods: options.launchesPods,
      podTemplates: options.podTemplates,
      ...dockerSocket(options.hostDockerSocket),
      startupProbe: { exec, timeoutSeconds: 20, periodSeconds: 10, failureThreshold: 6 },
      livenessProbe: { exec, timeoutSeconds: 20, periodSeconds: 60, failureThreshold: 5, initialDelaySeconds: 10 },
    });
  }
}

/** The hostPath volume, mount and group of the Docker socket opt-in. */
function dockerSocket(socket: CeleryWorkerOptions['hostDockerSocket']): Partial<AirflowComponentProps> {
  if (!socket) return {};
  return {
    volumes: [{ name: 'host-docker-socket', hostPath: { path: DOCKER_SOCKET, type: 'Socket' } }],
    volumeMounts: [{ name: 'host-docker-socket', mountPath: DOCKER_SOCKET }],
    supplementalGroups: socket.groupId === undefined ? undefined : [socket.groupId],
  };
}

/** `--queues a,b` when the workers consume other queues than Airflow's `default`. */
function queueArgs(queues: readonly string[] | undefined): string[] {
  return queues && !(queues.length === 1 && queues[0] === 'default') ? ['--queues', queues.join(',')] : [];
}

/**
 * The env KEDA's PostgreSQL trigger reads (`connectionFromEnv`) for an external database: a libpq
 * URI from a Secret. The embedded database needs none: the trigger names host, user and database
 * and reads only the password from the worker's env, so no URL is composed from it.
 */
export function kedaConnectionEnv(external: ResolvedSecret): k8s.EnvVar {
  return envFromSecret(KEDA_CONNECTION_ENV, external);
}
