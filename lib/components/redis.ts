/**
 * The embedded Redis broker for CeleryExecutor: one replica of the official `redis` image with
 * password authentication. Queued messages live in memory; Airflow re-queues tasks whose
 * messages are lost on a restart.
 */
import { Construct } from 'constructs';
import { AirflowContext, InstanceNames, componentName, envFromSecret } from '../context';
import { ResolvedResources, toResourceRequirements } from '../resources';
import { ResolvedSecret } from '../secrets';
import { StatefulService } from './stateful-service';

/** Redis's port. */
export const REDIS_PORT = 6379;
/** The default image, pinned. */
export const REDIS_DEFAULT_IMAGE = 'redis:7.4.2';
/** Resources used when none are given. */
export const REDIS_DEFAULT_RESOURCES: ResolvedResources = { cpu: '50m', memory: '64Mi', memoryLimit: '256Mi' };

/** Resolved settings of the embedded Redis. */
export interface RedisOptions {
  readonly image: string;
  readonly resources: ResolvedResources;
  readonly password: ResolvedSecret;
}

/** The embedded Redis StatefulSet, Service and ServiceAccount. */
export class Redis extends Construct {
  /** The StatefulSet, Service and ServiceAccount. */
  public readonly service: StatefulService;

  constructor(scope: Construct, id: string, ctx: AirflowContext, options: RedisOptions) {
    super(scope, id);
    // redis-cli reads the password from REDISCLI_AUTH, so it never appears in the probe command.
    const ping = { exec: { command: ['sh', '-c', 'redis-cli ping | grep -q PONG'] }, timeoutSeconds: 5 };

    this.service = new StatefulService(this, 'service', ctx, {
      component: 'redis',
      port: REDIS_PORT,
      container: {
        name: 'redis',
        image: options.image,
        imagePullPolicy: 'IfNotPresent',
        command: ['redis-server'],
        args: ['--requirepass', '$(REDIS_PASSWORD)', '--dir', '/data', '--save', '', '--appendonly', 'no'],
        env: [envFromSecret('REDIS_PASSWORD', options.password), envFromSecret('REDISCLI_AUTH', options.password)],
        resources: toResourceRequirements(options.resources),
        startupProbe: { ...ping, periodSeconds: 5, failureThreshold: 24 },
        livenessProbe: { ...ping, periodSeconds: 15, failureThreshold: 5 },
        readinessProbe: { ...ping, periodSeconds: 10, failureThreshold: 3 },
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
      volumes: [{ name: 'data', emptyDir: {} }],
    });
  }
}

/** The Celery broker URL of the embedded Redis, with the password taken from `$(passwordEnv)`. */
export function embeddedBrokerUrl(ctx: InstanceNames, passwordEnv: string): string {
  return `redis://:$(${passwordEnv})@${componentName(ctx, 'redis')}.${ctx.namespace}:${REDIS_PORT}/0`;
}
