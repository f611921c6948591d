/**
 * A long-running Airflow component: its own ServiceAccount and a Deployment of the Airflow image
 * that waits for migrations before it starts.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ComponentName } from '../../labels';
import { SchedulingProps } from '../../model/component';
import { componentName } from '../../resolve/addresses';
import { ResolvedExtensions } from '../../resolve/extensions';
import { AirflowContext, metadataFor } from '../context';
import { AIRFLOW_HOME, AirflowContainerOptions, airflowContainer, airflowPodSpec, configHashAnnotations, waitForMigrationsContainer } from './airflow-pod';
import { annotationsOrNothing, extendPod } from './extensions';
import { logGroomerContainer } from './log-groomer';
import { componentDeployment } from './workloads';

/** What one Airflow component runs. */
export interface AirflowComponentProps extends AirflowContainerOptions {
  /** The component label and name suffix. */
  readonly component: ComponentName;
  /** Number of pods; omitted from the Deployment when an autoscaler owns it. */
  readonly replicas?: number;
  /** Whether the pods call the Kubernetes API (launch pods, read their logs) and need a token. */
  readonly launchesPods?: boolean;
  /** Seconds between SIGTERM and SIGKILL. */
  readonly terminationGracePeriodSeconds?: number;
  /** Node selection. */
  readonly scheduling?: SchedulingProps;
  /** Volumes added to the shared Airflow volumes. */
  readonly volumes?: k8s.Volume[];
  /** The task pod templates, mounted into pods that launch pods. */
  readonly podTemplates?: VolumeWithMount;
  /** Extra groups of the pod's processes. */
  readonly supplementalGroups?: number[];
  /** Whether the component reads DAG files: it then gets the DAG volume (and git-sync, once before it starts and as a sidecar). */
  readonly readsDags?: boolean;
  /** Env of the main container only (not the init container). */
  readonly mainEnv?: k8s.EnvVar[];
  /** Init containers run after the one that waits for migrations. */
  readonly extraInitContainers?: k8s.Container[];
  /** What the user adds: ServiceAccount annotations, pod labels and annotations, env, volumes, containers. */
  readonly extensions?: ResolvedExtensions;
}

/** A volume and where the main container mounts it. */
export interface VolumeWithMount {
  readonly volume: k8s.Volume;
  readonly mount: k8s.VolumeMount;
}

/**
 * ServiceAccount + Deployment for one Airflow component. Both are public: for what no prop
 * covers, patch them (`ApiObject.of(component.deployment).addJsonPatch(...)`, README: "Beyond the
 * props").
 */
export class AirflowComponent extends Construct {
  /** The component's ServiceAccount. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The component's Deployment (escape hatch: `ApiObject.of(...).addJsonPatch(...)`). */
  public readonly deployment: k8s.KubeDeployment;

  constructor(scope: Construct, id: string, ctx: AirflowContext, props: AirflowComponentProps) {
    super(scope, id);
    const name = componentName(ctx, props.component);
    const launchesPods = props.launchesPods ?? false;

    const extensions = props.extensions;
    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { ...metadataFor(ctx, props.component), annotations: annotationsOrNothing(extensions?.serviceAccountAnnotations ?? {}) },
      automountServiceAccountToken: launchesPods,
    });

    const dags = props.readsDags ? ctx.dagDelivery : { volumes: [] };
    const container = airflowContainer(ctx, {
      ...props,
      // The init container already waited for the database; don't wait again in the entrypoint.
      env: [{ name: 'CONNECTION_CHECK_MAX_COUNT', value: '0' }, ...(props.env ?? []), ...(props.mainEnv ?? [])],
      volumeMounts: [
        ...(props.volumeMounts ?? []),
        ...(props.podTemplates ? [props.podTemplates.mount] : []),
        ...(dags.mount ? [dags.mount] : []),
      ],
    });

    const pod = extendPod(extensions, {
      annotations: configHashAnnotations(ctx),
      spec: airflowPodSpec(ctx, {
        serviceAccountName: name,
        automountServiceAccountToken: launchesPods,
        // A one-shot git-sync fills the DAG folder before the main container starts: without it the
        // first DAG parse sees an empty folder (every DAG marked stale until the next bundle
        // refresh) and a worker can take a task whose file is not there yet.
        initContainers: [waitForMigrationsContainer(ctx), ...(dags.initContainer ? [dags.initContainer] : []), ...(props.extraInitContainers ?? [])],
        containers: [
          container,
          ...(dags.sidecar ? [dags.sidecar] : []),
          // Components writing log files keep them within the retention and the volume's size limit.
          ...(ctx.capabilities.logWriters.includes(props.component) ? [logGroomerContainer(ctx.image, `${AIRFLOW_HOME}/logs`, ctx.localLogs)] : []),
        ],
        volumes: [...(props.volumes ?? []), ...(props.podTemplates ? [props.podTemplates.volume] : []), ...dags.volumes],
        supplementalGroups: props.supplementalGroups,
        terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
        scheduling: props.scheduling,
      }),
    });
    this.deployment = componentDeployment(this, 'deployment', ctx, props.component, {
      replicas: props.replicas,
      annotations: { ...pod.annotations },
      podLabels: pod.labels,
      podSpec: pod.spec,
    });
  }
}
