/**
 * How DAGs reach pods: the DAG volume and mount, and git-sync: a one-shot init container in every
 * pod that reads DAGs (so the folder is filled before anything reads it), then a sidecar in
 * long-running components.
 */
import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { DagSource, FileDags, GitSyncDags, GitSyncProps, VolumeDags } from '../../model/dags';
import { GIT_SYNC_DEFAULT_IMAGE } from '../../model/defaults';
import { ResolvedResources } from '../../model/resources';
import { DAGS_MOUNT } from '../../resolve/addresses';
import { dagFilesConfigMapName } from '../../resolve/dags';
import { toResourceRequirements } from '../resources';
import { restrictedContainerSecurityContext } from '../security';

/** What pods reading DAGs get: a volume, the mount, and the git-sync containers. */
export interface DagDelivery {
  readonly volumes: k8s.Volume[];
  readonly mount?: k8s.VolumeMount;
  /** git-sync sidecar for long-running components. */
  readonly sidecar?: k8s.Container;
  /** One-shot git-sync init container for every pod that reads DAGs. */
  readonly initContainer?: k8s.Container;
}

/**
 * The volumes and containers that deliver DAGs to a pod.
 *
 * @param instance names the ConfigMap of `DagSource.files`
 */
export function dagDelivery(source: DagSource, instance = 'airflow'): DagDelivery {
  if (source instanceof FileDags) {
    return {
      volumes: [{ name: 'dags', configMap: { name: dagFilesConfigMapName(instance) } }],
      mount: { name: 'dags', mountPath: DAGS_MOUNT, readOnly: true },
    };
  }
  if (source instanceof VolumeDags) {
    return {
      volumes: [{ name: 'dags', persistentVolumeClaim: { claimName: source.props.claimName, readOnly: true } }],
      mount: { name: 'dags', mountPath: DAGS_MOUNT, subPath: source.props.subPath, readOnly: true },
    };
  }
  if (!(source instanceof GitSyncDags)) return { volumes: [] };
  const auth = source.props.auth;
  const volumes: k8s.Volume[] = [{ name: 'dags', emptyDir: {} }, { name: 'git-sync-tmp', emptyDir: {} }];
  if (auth?.kind === 'ssh') {
    volumes.push({
      name: 'git-secret',
      // Group-readable for the pod's fsGroup; owned by root, so ssh does not reject the key.
      secret: { secretName: auth.secretName, defaultMode: 0o440 },
    });
  }
  return {
    volumes,
    mount: { name: 'dags', mountPath: DAGS_MOUNT, readOnly: true },
    sidecar: gitSyncContainer(source.props, false),
    initContainer: gitSyncContainer(source.props, true),
  };
}

function gitSyncContainer(props: GitSyncProps, oneTime: boolean): k8s.Container {
  const env: k8s.EnvVar[] = [
    { name: 'GITSYNC_REPO', value: props.repo },
    { name: 'GITSYNC_REF', value: props.ref ?? 'main' },
    { name: 'GITSYNC_ROOT', value: GIT_ROOT },
    { name: 'GITSYNC_LINK', value: 'repo' },
    { name: 'GITSYNC_DEPTH', value: '1' },
    { name: 'GITSYNC_PERIOD', value: `${(props.period ?? Duration.seconds(60)).toSeconds()}s` },
    { name: 'HOME', value: '/tmp' },
  ];
  if (oneTime) env.push({ name: 'GITSYNC_ONE_TIME', value: 'true' });
  const mounts: k8s.VolumeMount[] = [
    { name: 'dags', mountPath: GIT_ROOT },
    { name: 'git-sync-tmp', mountPath: '/tmp' },
  ];
  const auth = props.auth;
  if (auth?.kind === 'https') {
    env.push({ name: 'GITSYNC_USERNAME', valueFrom: { secretKeyRef: { name: auth.secretName, key: auth.usernameKey ?? 'username' } } });
    env.push({ name: 'GITSYNC_PASSWORD', valueFrom: { secretKeyRef: { name: auth.secretName, key: auth.passwordKey ?? 'password' } } });
  } else if (auth?.kind === 'ssh') {
    env.push(
      { name: 'GITSYNC_SSH_KEY_FILE', value: `${GIT_SECRET_DIR}/${auth.privateKeyKey ?? 'ssh'}` },
      { name: 'GITSYNC_SSH_KNOWN_HOSTS', value: 'true' },
      { name: 'GITSYNC_SSH_KNOWN_HOSTS_FILE', value: `${GIT_SECRET_DIR}/${auth.knownHostsKey}` },
    );
    mounts.push({ name: 'git-secret', mountPath: GIT_SECRET_DIR, readOnly: true });
  }
  return {
    name: oneTime ? 'git-sync-init' : 'git-sync',
    image: props.image ?? GIT_SYNC_DEFAULT_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    env,
    resources: toResourceRequirements(GIT_SYNC_RESOURCES),
    securityContext: restrictedContainerSecurityContext(GIT_SYNC_IDENTITY),
    volumeMounts: mounts,
  };
}

/** git-sync runs as its own user. */
const GIT_SYNC_IDENTITY = { user: 65533, group: 65533, fsGroup: 65533 };
const GIT_SYNC_RESOURCES: ResolvedResources = { cpu: '20m', memory: '64Mi', memoryLimit: '256Mi' };
const GIT_ROOT = '/git';
const GIT_SECRET_DIR = '/etc/git-secret';
