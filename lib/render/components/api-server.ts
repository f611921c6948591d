/**
 * The api-server (Airflow 3: UI, REST API and the execution API tasks talk to) or the webserver
 * (Airflow 2), behind a ClusterIP Service on port 8080.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { SchedulingProps } from '../../model/component';
import { AIRFLOW_IDENTITY } from '../../model/identity';
import { ResolvedResources } from '../../model/resources';
import { API_SERVER_PORT } from '../../resolve/addresses';
import { SIMPLE_AUTH_PASSWORDS_FILE } from '../../resolve/auth';
import { ResolvedExtensions } from '../../resolve/extensions';
import { ResolvedSecret } from '../../resolve/secrets';
import { AirflowContext } from '../context';
import { toResourceRequirements } from '../resources';
import { restrictedContainerSecurityContext } from '../security';
import { AirflowComponent } from './airflow-component';
import { AIRFLOW_TMP_MOUNT } from './airflow-pod';
import { componentService } from './workloads';

/** Resolved settings of the api-server. */
export interface ApiServerOptions {
  readonly replicas: number;
  readonly resources: ResolvedResources;
  readonly scheduling: SchedulingProps;
  /** What the user adds to the pods. */
  readonly extensions?: ResolvedExtensions;
  /** Whether it reads logs of running task pods through the Kubernetes API (KubernetesExecutor). */
  readonly readsPodLogs?: boolean;
  /** The simple auth manager's passwords file, shared by every replica. */
  readonly uiPasswords?: ResolvedSecret;
}

const PASSWORDS_MOUNT = '/opt/cdk8s-airflow/ui-passwords';
const COPY_RESOURCES: ResolvedResources = { cpu: '10m', memory: '16Mi', memoryLimit: '32Mi' };

/**
 * The simple auth manager opens its passwords file for writing, so a read-only Secret mount
 * cannot be the file itself: an init container copies the Secret into the pod's writable /tmp
 * (the Airflow pod's own emptyDir, which the api-server container mounts too).
 * Only this init container sees the Secret.
 */
function uiPasswordsCopy(ctx: AirflowContext, passwords: ResolvedSecret): { container: k8s.Container; volume: k8s.Volume } {
  const volume: k8s.Volume = {
    name: 'ui-passwords',
    secret: { secretName: passwords.secretName, items: [{ key: passwords.key, path: 'passwords.json' }], defaultMode: 0o440 },
  };
  const container: k8s.Container = {
    name: 'copy-ui-passwords',
    image: ctx.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['install', '-m', '0600', `${PASSWORDS_MOUNT}/passwords.json`, SIMPLE_AUTH_PASSWORDS_FILE],
    resources: toResourceRequirements(COPY_RESOURCES),
    securityContext: restrictedContainerSecurityContext(AIRFLOW_IDENTITY),
    volumeMounts: [
      { name: volume.name, mountPath: PASSWORDS_MOUNT, readOnly: true },
      AIRFLOW_TMP_MOUNT,
    ],
  };
  return { container, volume };
}

/** The api-server Deployment and its Service. */
export class ApiServer extends Construct {
  /** The Deployment and ServiceAccount. */
  public readonly component: AirflowComponent;
  /** The ClusterIP Service in front of the api-server. */
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, ctx: AirflowContext, options: ApiServerOptions) {
    super(scope, id);
    const caps = ctx.capabilities;
    const component = caps.httpServerComponent;
    const probe = (periodSeconds: number, failureThreshold: number): k8s.Probe => ({
      httpGet: { path: caps.healthCheckPath, port: k8s.IntOrString.fromString('http') },
      timeoutSeconds: 5,
      periodSeconds,
      failureThreshold,
    });

    const passwords = options.uiPasswords ? uiPasswordsCopy(ctx, options.uiPasswords) : undefined;
    // Behind an Ingress, trust its X-Forwarded-* headers: the server then sees https, marks
    // session cookies Secure and redirects to https.
    const proxy = ctx.trustedProxies ? caps.proxyHeaders : undefined;
    this.component = new AirflowComponent(this, 'component', ctx, {
      component,
      name: component,
      args: ['airflow', caps.httpServerCommand, ...(proxy?.args ?? [])],
      env: proxy?.trustedProxiesEnv && ctx.trustedProxies ? [{ name: proxy.trustedProxiesEnv, value: ctx.trustedProxies.join(',') }] : undefined,
      replicas: options.replicas,
      resources: options.resources,
      scheduling: options.scheduling,
      extensions: options.extensions,
      launchesPods: options.readsPodLogs,
      ports: [{ name: 'http', containerPort: API_SERVER_PORT, protocol: 'TCP' }],
      extraInitContainers: passwords ? [passwords.container] : undefined,
      volumes: passwords ? [passwords.volume] : undefined,
      startupProbe: probe(10, 18),
      livenessProbe: probe(15, 5),
      readinessProbe: probe(10, 3),
    });

    this.service = componentService(this, 'service', ctx, component, [{ name: 'http', port: API_SERVER_PORT }]);
  }
}
