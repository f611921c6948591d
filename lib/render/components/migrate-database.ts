/**
 * The Job that runs `airflow db migrate` (and, with the FAB auth manager, `airflow fab-db migrate`
 * and the creation of the first admin). Job pod templates are immutable, so the Job name carries
 * a hash of what it runs (image, version, config, database wiring): a change creates a new Job
 * instead of failing to update the old one.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ResolvedResources } from '../../model/resources';
import { componentName } from '../../resolve/addresses';
import { ResolvedFabAdmin } from '../../resolve/auth';
import { AirflowContext, envFromSecret, metadataFor } from '../context';
import { airflowContainer, airflowPodSpec, configHashAnnotations } from './airflow-pod';
import { hashedJobName, requireHashedName } from './hashed-job';

/** Resolved settings of the migration Job. */
export interface MigrateDatabaseOptions {
  readonly resources: ResolvedResources;
  /** Whether the FAB auth manager is used: its tables are migrated too. */
  readonly fab?: boolean;
  /** The first FAB administrator, created when missing. */
  readonly fabAdmin?: ResolvedFabAdmin;
}

/** Env the first FAB admin's password is read from. */
const ADMIN_PASSWORD_ENV = 'AIRFLOW_ADMIN_PASSWORD';

/**
 * What the Job runs. `airflow db migrate` already migrates the tables of installed providers on
 * 3.3 (and of the configured auth manager on 3.1); `airflow fab-db migrate` is run anyway because
 * it fails loudly when the FAB provider is missing from the image. `airflow users create` leaves an
 * existing user untouched, so re-runs are harmless.
 */
export function migrationArgs(options: MigrateDatabaseOptions): string[] {
  if (!options.fab) return ['airflow', 'db', 'migrate'];
  const steps = ['airflow db migrate', 'airflow fab-db migrate'];
  const admin = options.fabAdmin;
  if (admin) {
    steps.push(
      `airflow users create --role Admin --username '${admin.username}' --email '${admin.email}' ` +
        `--firstname '${admin.firstName}' --lastname '${admin.lastName}' --password "$${ADMIN_PASSWORD_ENV}"`,
    );
  }
  return ['bash', '-c', ['set -e', ...steps].join('\n')];
}

/** ServiceAccount and Job running the schema migrations. */
export class MigrateDatabaseJob extends Construct {
  /** The Job; its name ends in a hash of what it runs. */
  public readonly job: k8s.KubeJob;
  /** The Job's ServiceAccount. */
  public readonly serviceAccount: k8s.KubeServiceAccount;

  constructor(scope: Construct, id: string, ctx: AirflowContext, options: MigrateDatabaseOptions) {
    super(scope, id);
    const serviceAccountName = componentName(ctx, 'migrate-database');
    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: metadataFor(ctx, 'migrate-database'),
      automountServiceAccountToken: false,
    });

    const container = airflowContainer(ctx, {
      name: 'migrate-database',
      args: migrationArgs(options),
      env: options.fabAdmin ? [envFromSecret(ADMIN_PASSWORD_ENV, options.fabAdmin.password)] : undefined,
      resources: options.resources,
      // Schema changes need a session that a transaction-pooling PgBouncer would not keep.
      directDatabase: true,
    });
    const podSpec = airflowPodSpec(ctx, {
      serviceAccountName,
      automountServiceAccountToken: false,
      restartPolicy: 'OnFailure',
      containers: [container],
    });
    const name = hashedJobName(ctx, 'migrate-database', {
      image: ctx.image,
      version: ctx.version.version,
      config: ctx.airflowCfg,
      podSpec: k8s.toJson_PodSpec(podSpec),
    });

    this.job = new k8s.KubeJob(this, 'job', {
      metadata: metadataFor(ctx, 'migrate-database', name),
      spec: {
        // The image's entrypoint waits for the database; retries cover a database still starting.
        backoffLimit: 10,
        template: {
          metadata: { labels: ctx.labels.of('migrate-database'), annotations: configHashAnnotations(ctx) },
          spec: podSpec,
        },
      },
    });
    requireHashedName(this.job, name);
  }
}
