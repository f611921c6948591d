/**
 * Adds what the user gave a component (env, volumes, sidecars, init containers, pod labels and
 * annotations) to the pod cdk8s-airflow rendered for it. Additions never replace anything: a
 * name, mount path, port or annotation the pod already has fails the synth with the prop path.
 */
import { k8s } from 'cdk8s-plus-27';
import { AirflowValidationError } from '../../errors';
import { ExtraContainer, ExtraEnvVar } from '../../model/extensions';
import { AIRFLOW_IDENTITY } from '../../model/identity';
import { ResolvedExtensions } from '../../resolve/extensions';
import { toResourceRequirements } from '../resources';
import { restrictedContainerSecurityContext } from '../security';

/** A rendered pod: its spec (main container first) and the annotations of its template. */
export interface RenderedPod {
  readonly spec: k8s.PodSpec;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The same pod with the additions, and the labels to add to its template. */
export interface ExtendedPod extends RenderedPod {
  readonly labels: Readonly<Record<string, string>>;
}

/** An env var as Kubernetes writes it. */
export function toEnvVar(variable: ExtraEnvVar): k8s.EnvVar {
  if (variable.secret) return { name: variable.name, valueFrom: { secretKeyRef: { name: variable.secret.name, key: variable.secret.key, optional: variable.secret.optional } } };
  if (variable.configMap) return { name: variable.name, valueFrom: { configMapKeyRef: { name: variable.configMap.name, key: variable.configMap.key, optional: variable.configMap.optional } } };
  return { name: variable.name, value: variable.value };
}

/** An added container, hardened like every container of this library. */
export function toContainer(container: ExtraContainer): k8s.Container {
  const identity = { ...AIRFLOW_IDENTITY, ...container.runAs };
  const env = (container.env ?? []).map(toEnvVar);
  return {
    name: container.name,
    image: container.image,
    imagePullPolicy: 'IfNotPresent',
    command: container.command ? [...container.command] : undefined,
    args: container.args ? [...container.args] : undefined,
    env: env.length > 0 ? env : undefined,
    ports: container.ports?.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' })),
    resources: toResourceRequirements(container.resources),
    securityContext: restrictedContainerSecurityContext(identity),
    volumeMounts: container.volumeMounts?.map((m) => ({ name: m.name, mountPath: m.mountPath, subPath: m.subPath, readOnly: m.readOnly })),
    readinessProbe: container.readinessProbe,
    livenessProbe: container.livenessProbe,
    startupProbe: container.startupProbe,
  };
}

/** Every clash between the additions and the rendered pod, as `<prop> <message>`. */
export function extensionClashes(ext: ResolvedExtensions, pod: RenderedPod): string[] {
  const problems: string[] = [];
  const { spec } = pod;
  const main = spec.containers[0];
  const p = ext.prop;
  const ourEnv = new Set((main.env ?? []).map((e) => e.name));
  ext.env.forEach((e, i) => {
    if (ourEnv.has(e.name)) problems.push(`${p}.env[${i}].name "${e.name}" is already set by cdk8s-airflow in the ${main.name} container and cannot be overridden`);
  });
  const ourVolumes = new Set((spec.volumes ?? []).map((v) => v.name));
  const ourPaths = new Set((main.volumeMounts ?? []).map((m) => m.mountPath));
  ext.volumes.forEach((v, i) => {
    if (ourVolumes.has(v.volume.name)) problems.push(`${p}.volumes[${i}].volume.name "${v.volume.name}" is already a volume of the pod (${[...ourVolumes].join(', ')}): choose another name`);
    if (v.mountPath !== undefined && ourPaths.has(v.mountPath)) problems.push(`${p}.volumes[${i}].mountPath "${v.mountPath}" is already mounted in the ${main.name} container: choose another path`);
  });
  const ourContainers = new Set([...(spec.initContainers ?? []), ...spec.containers].map((c) => c.name));
  const volumes = new Set([...ourVolumes, ...ext.volumes.map((v) => v.volume.name)]);
  const ourPorts = spec.containers.flatMap((c) => c.ports ?? []);
  const checkContainer = (c: ExtraContainer, where: string) => {
    if (ourContainers.has(c.name)) problems.push(`${where}.name "${c.name}" is already a container of the pod: choose another name`);
    (c.volumeMounts ?? []).forEach((m, j) => {
      if (!volumes.has(m.name)) problems.push(`${where}.volumeMounts[${j}].name "${m.name}" is not a volume of the pod; add it to ${p}.volumes (volumes: ${[...volumes].join(', ')})`);
    });
    (c.ports ?? []).forEach((port, j) => {
      const clash = ourPorts.find((o) => o.name === port.name || o.containerPort === port.containerPort);
      if (clash) problems.push(`${where}.ports[${j}] (${port.name}, ${port.containerPort}) clashes with the pod's port ${clash.name} (${clash.containerPort})`);
    });
  };
  ext.initContainers.forEach((c, i) => checkContainer(c, `${p}.initContainers[${i}]`));
  ext.sidecars.forEach((c, i) => checkContainer(c, `${p}.sidecars[${i}]`));
  for (const key of Object.keys(ext.podAnnotations)) {
    if (key in pod.annotations) problems.push(`${p}.podAnnotations["${key}"] is set by cdk8s-airflow and cannot be overridden`);
  }
  return problems;
}

/**
 * The pod with the additions: env and mounts in the main container, volumes, init containers
 * after the pod's own, sidecars after its containers, annotations after its annotations.
 *
 * @throws AirflowValidationError listing every clash with what the pod already has
 */
export function extendPod(ext: ResolvedExtensions | undefined, pod: RenderedPod): ExtendedPod {
  if (!ext) return { ...pod, labels: {} };
  const clashes = extensionClashes(ext, pod);
  if (clashes.length > 0) throw new AirflowValidationError(clashes.map((c) => `${ext.owner}: ${c}`));
  const [main, ...others] = pod.spec.containers;
  const mounts = ext.volumes.filter((v) => v.mountPath !== undefined).map((v) => ({ name: v.volume.name, mountPath: v.mountPath!, subPath: v.subPath, readOnly: v.readOnly }));
  const extended: k8s.Container = {
    ...main,
    env: ext.env.length > 0 ? [...(main.env ?? []), ...ext.env.map(toEnvVar)] : main.env,
    volumeMounts: mounts.length > 0 ? [...(main.volumeMounts ?? []), ...mounts] : main.volumeMounts,
  };
  const initContainers = [...(pod.spec.initContainers ?? []), ...ext.initContainers.map(toContainer)];
  const volumes = [...(pod.spec.volumes ?? []), ...ext.volumes.map((v) => v.volume)];
  return {
    spec: {
      ...pod.spec,
      initContainers: initContainers.length > 0 ? initContainers : undefined,
      containers: [extended, ...others, ...ext.sidecars.map(toContainer)],
      volumes: volumes.length > 0 ? volumes : undefined,
    },
    annotations: { ...pod.annotations, ...ext.podAnnotations },
    labels: ext.podLabels,
  };
}

/** `annotations` of an object's metadata: undefined when there are none. */
export function annotationsOrNothing(annotations: Readonly<Record<string, string>>): Record<string, string> | undefined {
  return Object.keys(annotations).length > 0 ? { ...annotations } : undefined;
}
