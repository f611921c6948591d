/**
 * Housekeeping CronJobs: deleting finished task pods (KubernetesExecutor) and trimming old rows
 * from the metadata database with `airflow db clean`.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CleanupProps } from '../../model/cleanup';
import { ResolvedResources } from '../../model/resources';
import { componentName } from '../../resolve/addresses';
import { airflowContainer, airflowPodSpec, configHashAnnotations } from '../components/airflow-pod';
import { AirflowContext, metadataFor } from '../context';
import { RoleWithBinding } from '../rbac';

const RESOURCES: ResolvedResources = { cpu: '50m', memory: '256Mi', memoryLimit: '512Mi' };

/** The CronJobs. */
export class CleanupJobs extends Construct {
  constructor(scope: Construct, id: string, ctx: AirflowContext, props: CleanupProps) {
    super(scope, id);
    const name = componentName(ctx, 'cleanup');
    const needsApi = props.taskPods !== undefined;
    new k8s.KubeServiceAccount(this, 'service-account', { metadata: metadataFor(ctx, 'cleanup'), automountServiceAccountToken: needsApi });
    if (props.taskPods) {
      new RoleWithBinding(this, 'rbac', ctx, {
        component: 'cleanup',
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'delete'] }],
        serviceAccountNames: [name],
      });
      this.cronJob(ctx, 'cleanup-pods', props.taskPods.schedule ?? '*/15 * * * *', ['airflow', 'kubernetes', 'cleanup-pods', `--namespace=${ctx.namespace}`], true);
    }
    if (props.database) {
      const days = props.database.retentionDays ?? 90;
      // The cut-off is computed when the Job runs; a timestamp in the manifest would go stale.
      const command = `exec airflow db clean --clean-before-timestamp "$(date -u -d '-${days} days' '+%Y-%m-%dT%H:%M:%S+00:00')" --yes --skip-archive`;
      this.cronJob(ctx, 'db-clean', props.database.schedule ?? '0 3 * * *', ['bash', '-c', command], false);
    }
  }

  private cronJob(ctx: AirflowContext, suffix: string, schedule: string, args: string[], token: boolean): void {
    new k8s.KubeCronJob(this, suffix, {
      metadata: metadataFor(ctx, 'cleanup', componentName(ctx, suffix)),
      spec: {
        schedule,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        startingDeadlineSeconds: 600,
        jobTemplate: {
          spec: {
            backoffLimit: 2,
            template: {
              metadata: { labels: ctx.labels.of('cleanup'), annotations: configHashAnnotations(ctx) },
              spec: airflowPodSpec(ctx, {
                serviceAccountName: componentName(ctx, 'cleanup'),
                automountServiceAccountToken: token,
                restartPolicy: 'OnFailure',
                containers: [airflowContainer(ctx, { name: suffix, args, resources: RESOURCES })],
              }),
            },
          },
        },
      },
    });
  }
}
