/**
 * The embedded Redis broker for CeleryExecutor: one replica of the official `redis` image with
 * password authentication. Queued messages live in memory (Airflow re-queues tasks whose
 * messages are lost on a restart), or, with persistence, in an append-only file on a claim.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { REDIS_PORT } from '../../resolve/addresses';
import { RedisOptions } from '../../resolve/broker';
import { AirflowContext, envFromSecret } from '../context';
import { toResourceRequirements } from '../resources';
import { StatefulService } from './stateful-service';

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
        // No RDB snapshots either way: with persistence, the append-only file (fsync every second)
        // is the only copy, so a restart replays every queued message.
        args: ['--requirepass', '$(REDIS_PASSWORD)', '--dir', '/data', '--save', '', ...(options.persistence ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no'])],
        env: [envFromSecret('REDIS_PASSWORD', options.password), envFromSecret('REDISCLI_AUTH', options.password)],
        resources: toResourceRequirements(options.resources),
        startupProbe: { ...ping, periodSeconds: 5, failureThreshold: 24 },
        livenessProbe: { ...ping, periodSeconds: 15, failureThreshold: 5 },
        readinessProbe: { ...ping, periodSeconds: 10, failureThreshold: 3 },
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
      volumes: options.persistence ? [] : [{ name: 'data', emptyDir: {} }],
      volumeClaimTemplates: options.persistence
        ? [
          {
            metadata: { name: 'data', labels: ctx.labels.of('redis') },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: options.persistence.storageClassName,
              resources: { requests: { storage: k8s.Quantity.fromString(options.persistence.size) } },
            },
          },
        ]
        : undefined,
    });
  }
}
