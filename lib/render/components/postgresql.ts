/**
 * The embedded PostgreSQL metadata database: one replica of the official `postgres` image with a
 * persistent volume, its password read from a Secret.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { POSTGRES_DATABASE, POSTGRES_PORT } from '../../resolve/addresses';
import { PostgresqlOptions } from '../../resolve/database';
import { AirflowContext, envFromSecret } from '../context';
import { toResourceRequirements } from '../resources';
import { StatefulService } from './stateful-service';

const DATA_DIR = '/var/lib/postgresql/data';

/** The embedded PostgreSQL StatefulSet, Service and ServiceAccount. */
export class Postgresql extends Construct {
  /** The StatefulSet, Service and ServiceAccount. */
  public readonly service: StatefulService;

  constructor(scope: Construct, id: string, ctx: AirflowContext, options: PostgresqlOptions) {
    super(scope, id);
    const isReady = {
      exec: { command: ['pg_isready', '--host=127.0.0.1', `--port=${POSTGRES_PORT}`, `--username=${POSTGRES_DATABASE}`, `--dbname=${POSTGRES_DATABASE}`] },
      timeoutSeconds: 5,
    };

    this.service = new StatefulService(this, 'service', ctx, {
      component: 'postgresql',
      port: POSTGRES_PORT,
      container: {
        name: 'postgresql',
        image: options.image,
        imagePullPolicy: 'IfNotPresent',
        env: [
          { name: 'POSTGRES_USER', value: POSTGRES_DATABASE },
          { name: 'POSTGRES_DB', value: POSTGRES_DATABASE },
          envFromSecret('POSTGRES_PASSWORD', options.password),
          // A sub-directory, so initdb does not trip over the volume's lost+found.
          { name: 'PGDATA', value: `${DATA_DIR}/pgdata` },
        ],
        resources: toResourceRequirements(options.resources),
        startupProbe: { ...isReady, periodSeconds: 5, failureThreshold: 60 },
        livenessProbe: { ...isReady, periodSeconds: 20, failureThreshold: 6 },
        readinessProbe: { ...isReady, periodSeconds: 10, failureThreshold: 3 },
        volumeMounts: [
          { name: 'data', mountPath: DATA_DIR },
          { name: 'run', mountPath: '/var/run/postgresql' },
          { name: 'tmp', mountPath: '/tmp' },
        ],
      },
      volumes: [
        { name: 'run', emptyDir: {} },
        { name: 'tmp', emptyDir: {} },
      ],
      volumeClaimTemplates: [
        {
          metadata: { name: 'data', labels: ctx.labels.of('postgresql') },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: options.storageClassName,
            resources: { requests: { storage: k8s.Quantity.fromString(options.storage) } },
          },
        },
      ],
    });
  }
}
