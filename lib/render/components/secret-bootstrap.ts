/**
 * Generates the instance's secrets inside the cluster, once: a Job with a Role that may create
 * Secrets and read/patch only the named ones. `dist/` references the Secrets but never contains
 * them, so Argo CD neither tracks nor prunes them and re-syncs never rotate them.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AIRFLOW_IDENTITY } from '../../model/identity';
import { ResolvedResources } from '../../model/resources';
import { componentName } from '../../resolve/addresses';
import { ResolvedSecret } from '../../resolve/secrets';
import { AirflowContext, metadataFor } from '../context';
import { UNTRACKED_BY_ARGOCD } from '../gitops/sync-waves';
import { RoleWithBinding } from '../rbac';
import { toResourceRequirements } from '../resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../security';
import { imagePullSecrets } from './airflow-pod';
import { hashedJobName, requireHashedName } from './hashed-job';
import { SECRET_BOOTSTRAP_SCRIPT } from './secret-bootstrap-script';

const SCRIPT_DIR = '/opt/cdk8s-airflow';
const RESOURCES: ResolvedResources = { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi' };

/** ServiceAccount, Role, RoleBinding, ConfigMap and Job that create missing secrets. */
export class SecretBootstrapJob extends Construct {
  /** The Job; its name ends in a hash of what it runs. */
  public readonly job: k8s.KubeJob;
  /** The Role: create Secrets, get/patch only the generated ones. */
  public readonly role: k8s.KubeRole;

  /**
   * @param secrets the secrets to generate (all with source `generated`)
   */
  constructor(scope: Construct, id: string, ctx: AirflowContext, secrets: readonly ResolvedSecret[]) {
    super(scope, id);
    const name = componentName(ctx, 'secret-bootstrap');
    const secretNames = [...new Set(secrets.map((s) => s.secretName))].sort();
    const spec = {
      labels: ctx.labels.of('secret-bootstrap'),
      // The Secrets are not in Git. Whatever Argo CD's tracking method, it must neither report
      // them as extraneous nor prune them: a new fernet key would make stored connections unreadable.
      annotations: UNTRACKED_BY_ARGOCD,
      secrets: secrets.map((s) => ({ name: s.secretName, key: s.key, generator: s.generator, ...(s.usernames ? { users: s.usernames } : {}) })),
    };

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: metadataFor(ctx, 'secret-bootstrap'),
      automountServiceAccountToken: true,
    });
    this.role = new RoleWithBinding(this, 'rbac', ctx, {
      component: 'secret-bootstrap',
      rules: [
        // `create` cannot be limited to names: the name is not known until the object exists.
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        { apiGroups: [''], resources: ['secrets'], resourceNames: secretNames, verbs: ['get', 'patch'] },
      ],
      serviceAccountNames: [name],
    }).role;
    const configMap = new k8s.KubeConfigMap(this, 'script', {
      metadata: metadataFor(ctx, 'secret-bootstrap'),
      data: {
        'bootstrap_secrets.py': SECRET_BOOTSTRAP_SCRIPT,
        'secrets.json': JSON.stringify(spec, undefined, 2) + '\n',
      },
    });

    const jobName = hashedJobName(ctx, 'secret-bootstrap', { image: ctx.image, script: SECRET_BOOTSTRAP_SCRIPT, spec });
    this.job = new k8s.KubeJob(this, 'job', {
      metadata: metadataFor(ctx, 'secret-bootstrap', jobName),
      spec: {
        backoffLimit: 6,
        template: {
          metadata: { labels: ctx.labels.of('secret-bootstrap') },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: true,
            enableServiceLinks: false,
            restartPolicy: 'OnFailure',
            securityContext: restrictedPodSecurityContext(AIRFLOW_IDENTITY),
            imagePullSecrets: imagePullSecrets(ctx),
            containers: [
              {
                name: 'secret-bootstrap',
                image: ctx.image,
                imagePullPolicy: 'IfNotPresent',
                // Bypass the image's entrypoint: this needs Python only, not Airflow or its database.
                command: ['python', `${SCRIPT_DIR}/bootstrap_secrets.py`, `${SCRIPT_DIR}/secrets.json`],
                resources: toResourceRequirements(RESOURCES),
                securityContext: restrictedContainerSecurityContext(AIRFLOW_IDENTITY),
                volumeMounts: [
                  { name: 'script', mountPath: SCRIPT_DIR, readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'script', configMap: { name: configMap.name } },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
      },
    });
    requireHashedName(this.job, jobName);
  }
}
