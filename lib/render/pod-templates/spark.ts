/**
 * Spark on Kubernetes for the spark family: `spark-submit --master k8s://...` in cluster mode from
 * the family's pod. The driver creates executor pods, a headless Service and ConfigMaps, so it
 * gets a ServiceAccount with exactly those rights; driver and executor pods follow pod templates
 * so they run under Pod Security "restricted" like every other pod.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { SchedulingProps } from '../../model/component';
import { SparkFamilyOptions } from '../../model/task-pod-presets';
import { componentName } from '../../resolve/addresses';
import { stringifyYamlDocument } from '../../yaml';
import { imagePullSecrets } from '../components/airflow-pod';
import { annotationsOrNothing } from '../components/extensions';
import { AirflowContext } from '../context';
import { UNTRACKED_BY_ARGOCD } from '../gitops/sync-waves';
import { schedulingFields } from '../scheduling';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../security';
import { TASK_FAMILY_LABEL } from './task-pod-template';

/** Where the Spark family pod finds `spark-defaults.conf` and the driver/executor templates. */
export const SPARK_CONF_DIR = '/opt/spark/conf';
const DRIVER_CONTAINER = 'spark-kubernetes-driver';
const EXECUTOR_CONTAINER = 'spark-kubernetes-executor';

/**
 * Sizes used unless `sparkConf` says otherwise. The CPU requests are small on purpose; a
 * `sparkConf` that sets `spark.executor.cores` (or `spark.driver.cores`) but no request gets a
 * request of that many cores, as Spark itself would.
 */
const DEFAULT_SPARK_CONF: Record<string, string> = {
  'spark.driver.cores': '1',
  'spark.driver.memory': '1g',
  'spark.executor.cores': '1',
  'spark.executor.memory': '1g',
  'spark.executor.instances': '2',
  'spark.kubernetes.driver.request.cores': '250m',
  'spark.kubernetes.executor.request.cores': '250m',
};

/** What the Spark resources are built from. */
export interface SparkOnKubernetesOptions {
  readonly image: string;
  /** Namespace the family pod, driver and executors run in. */
  readonly namespace: string;
  readonly sparkOptions: SparkFamilyOptions;
  /** Where the family's pods run; the driver and executors follow. */
  readonly scheduling?: SchedulingProps;
}

/** The CPU requests derived from `spark.<role>.cores` when the user set the cores but no request. */
function derivedRequests(userConf: Readonly<Record<string, string>>): Record<string, string> {
  const derived: Record<string, string> = {};
  for (const role of ['driver', 'executor']) {
    const cores = userConf[`spark.${role}.cores`];
    const request = `spark.kubernetes.${role}.request.cores`;
    if (cores !== undefined && userConf[request] === undefined) derived[request] = cores;
  }
  return derived;
}

/** The Spark ServiceAccount, Role, RoleBinding and configuration ConfigMap. */
export class SparkOnKubernetes extends Construct {
  /** Name of the ServiceAccount the spark family pod and the driver run as. */
  public readonly serviceAccountName: string;
  /** The Role the driver (and spark-submit) needs. */
  public readonly role: k8s.KubeRole;
  /** `spark-defaults.conf` and the driver/executor pod templates. */
  public readonly configMap: k8s.KubeConfigMap;
  /** Volume and mount that put the configuration at `SPARK_CONF_DIR` in the family pod. */
  public readonly confVolume: { readonly volume: k8s.Volume; readonly mount: k8s.VolumeMount };

  constructor(scope: Construct, id: string, ctx: AirflowContext, options: SparkOnKubernetesOptions) {
    super(scope, id);
    const name = componentName(ctx, 'spark');
    this.serviceAccountName = name;
    const metadata = { name, namespace: options.namespace, labels: ctx.labels.of('spark') };

    // The family pod and the driver run as this ServiceAccount: the family's annotations (IRSA, ...) go here.
    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { ...metadata, annotations: annotationsOrNothing(options.sparkOptions.serviceAccountAnnotations ?? {}) },
      automountServiceAccountToken: true,
    });
    this.role = new k8s.KubeRole(this, 'role', {
      metadata,
      rules: [
        {
          apiGroups: [''],
          resources: ['pods', 'services', 'configmaps', 'persistentvolumeclaims'],
          verbs: ['create', 'get', 'list', 'watch', 'delete', 'deletecollection', 'patch', 'update'],
        },
        { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: options.namespace }],
    });

    const driverTemplate = `${SPARK_CONF_DIR}/driver-pod-template.yaml`;
    const executorTemplate = `${SPARK_CONF_DIR}/executor-pod-template.yaml`;
    const userConf = options.sparkOptions.sparkConf ?? {};
    const pullSecrets = ctx.imagePullSecrets;
    const conf: Record<string, string> = {
      ...DEFAULT_SPARK_CONF,
      ...derivedRequests(userConf),
      ...userConf,
      ...(pullSecrets.length > 0 ? { 'spark.kubernetes.container.image.pullSecrets': pullSecrets.join(',') } : {}),
      'spark.master': 'k8s://https://kubernetes.default.svc:443',
      'spark.submit.deployMode': 'cluster',
      'spark.kubernetes.namespace': options.namespace,
      'spark.kubernetes.container.image': options.image,
      'spark.kubernetes.authenticate.driver.serviceAccountName': name,
      'spark.kubernetes.driver.podTemplateFile': driverTemplate,
      'spark.kubernetes.executor.podTemplateFile': executorTemplate,
      'spark.kubernetes.driver.podTemplateContainerName': DRIVER_CONTAINER,
      'spark.kubernetes.executor.podTemplateContainerName': EXECUTOR_CONTAINER,
    };
    const sparkDefaults = Object.keys(conf).sort().map((key) => `${key} ${conf[key]}`).join('\n') + '\n';

    this.configMap = new k8s.KubeConfigMap(this, 'config-map', {
      metadata,
      data: {
        'spark-defaults.conf': sparkDefaults,
        'driver-pod-template.yaml': stringifyYamlDocument(sparkPod(ctx, 'driver', DRIVER_CONTAINER, name, options)),
        'executor-pod-template.yaml': stringifyYamlDocument(sparkPod(ctx, 'executor', EXECUTOR_CONTAINER, name, options)),
      },
    });
    this.confVolume = {
      volume: { name: 'spark-conf', configMap: { name } },
      mount: { name: 'spark-conf', mountPath: SPARK_CONF_DIR, readOnly: true },
    };
  }
}

/**
 * A driver or executor pod template. Spark sets CPU and memory from `spark-defaults.conf`
 * (request and limit) and adds its own volumes; the template adds identity, hardening, writable
 * scratch space, and what the family's own pod has: pull secrets and where it may run.
 */
function sparkPod(ctx: AirflowContext, role: 'driver' | 'executor', container: string, serviceAccountName: string, options: SparkOnKubernetesOptions) {
  const scheduling = options.scheduling ?? {};
  const identity = { user: 185, group: 185, fsGroup: 185 };
  const spec: k8s.PodSpec = {
    serviceAccountName,
    // Only the driver talks to the API (it creates executors); executors need no token.
    automountServiceAccountToken: role === 'driver',
    enableServiceLinks: false,
    securityContext: restrictedPodSecurityContext(identity),
    imagePullSecrets: imagePullSecrets(ctx),
    ...schedulingFields(scheduling),
    containers: [
      {
        name: container,
        securityContext: restrictedContainerSecurityContext(identity),
        volumeMounts: [
          { name: 'tmp', mountPath: '/tmp' },
          { name: 'work-dir', mountPath: '/opt/spark/work-dir' },
        ],
      },
    ],
    volumes: [
      { name: 'tmp', emptyDir: {} },
      { name: 'work-dir', emptyDir: {} },
    ],
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `spark-${role}`,
      labels: { ...ctx.labels.of('task'), [TASK_FAMILY_LABEL]: 'spark', 'cdk8s-airflow/spark-role': role, ...options.sparkOptions.podLabels },
      annotations: {
        // The driver is the job: evicting it mid-job loses all the work, so the cluster autoscaler
        // must not. A lost executor is replaced by the driver.
        ...(role === 'driver' ? { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } : {}),
        ...UNTRACKED_BY_ARGOCD,
        ...options.sparkOptions.podAnnotations,
      },
    },
    spec: k8s.toJson_PodSpec(spec),
  };
}
