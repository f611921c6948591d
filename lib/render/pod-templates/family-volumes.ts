/** The volumes, mounts and env a task pod family declares, as Kubernetes objects. */
import { k8s } from 'cdk8s-plus-27';
import { TaskPodFamilyOptions } from '../../model/task-pod-family';

/**
 * The `volumes` and `volumeMounts` of a family's extra volumes and writable paths.
 *
 * @param alreadyWritable paths the pod already mounts writable (skipped)
 */
export function familyVolumes(
  options: TaskPodFamilyOptions,
  alreadyWritable: readonly string[] = [],
): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
  const volumes: k8s.Volume[] = [];
  const mounts: k8s.VolumeMount[] = [];
  const writable = (options.writablePaths ?? ['/tmp']).filter((p) => !alreadyWritable.includes(p));
  writable.forEach((mountPath, i) => {
    const name = `writable-${i}`;
    volumes.push({ name, emptyDir: {} });
    mounts.push({ name, mountPath });
  });
  for (const v of options.volumes ?? []) {
    volumes.push({
      name: v.name,
      configMap: v.configMapName ? { name: v.configMapName } : undefined,
      secret: v.secretName ? { secretName: v.secretName } : undefined,
      persistentVolumeClaim: v.claimName ? { claimName: v.claimName } : undefined,
      emptyDir: v.emptyDir ? {} : undefined,
    });
    mounts.push({ name: v.name, mountPath: v.mountPath, readOnly: v.readOnly });
  }
  return { volumes, mounts };
}

/** The `env` and `envFrom` of a family. */
export function familyEnv(options: TaskPodFamilyOptions): { env: k8s.EnvVar[]; envFrom: k8s.EnvFromSource[] } {
  const env = Object.entries(options.env ?? {}).map(([name, value]) => ({ name, value }));
  const envFrom = (options.envFrom ?? []).map((source) => ({
    secretRef: source.secretName ? { name: source.secretName } : undefined,
    configMapRef: source.configMapName ? { name: source.configMapName } : undefined,
  }));
  return { env, envFrom };
}
