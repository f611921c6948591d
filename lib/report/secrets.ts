/**
 * Secrets a deployment references and where each one comes from. `dist/` never holds secret
 * values, so every Secret is made by something else: the in-cluster bootstrap Job, an
 * ExternalSecret, a SealedSecret, or a person before applying.
 */
import {
  Fields, K8sObject, asFields, asFieldsList, asString, byText, configMapData, containersOf, initContainersOf, kindOf, nameOf, namespaceOf, podSpecOf, refOf,
} from './objects';
import { DecodedPodTemplate } from './pod-templates';

/** Where a Secret comes from. */
export type SecretSource =
  | 'generated in cluster'
  | `ExternalSecret (store ${string})`
  | 'SealedSecret'
  | 'Secret in dist/'
  | 'existing Secret (created outside dist/)';

/** One referenced Secret. */
export interface SecretFacts {
  readonly name: string;
  readonly namespace: string;
  /** Keys read through `secretKeyRef` or a volume's `items` (other references read the whole Secret), sorted. */
  readonly keys: readonly string[];
  readonly source: SecretSource;
  /** What references it and how, e.g. `Deployment/x (scheduler env, wait-for-migrations env)`, sorted. */
  readonly usedBy: readonly string[];
}

interface Reference {
  readonly name: string;
  readonly namespace: string;
  readonly key?: string;
  /** `Kind/name` of the referencing object, or `pod template <name>`. */
  readonly user: string;
  /** How it is referenced, e.g. `scheduler env`; empty for whole-object references. */
  readonly how?: string;
}

function containerReferences(container: Fields, where: string, namespace: string): Reference[] {
  const containerName = asString(container.name) ?? '?';
  const refs: Reference[] = [];
  for (const env of asFieldsList(container.env)) {
    const ref = asFields(asFields(env.valueFrom).secretKeyRef);
    const name = asString(ref.name);
    if (name !== undefined) refs.push({ name, namespace, key: asString(ref.key), user: where, how: `${containerName} env` });
  }
  for (const source of asFieldsList(container.envFrom)) {
    const name = asString(asFields(source.secretRef).name);
    if (name !== undefined) refs.push({ name, namespace, user: where, how: `${containerName} envFrom` });
  }
  return refs;
}

/** References from one pod spec: env, envFrom, secret and projected volumes, imagePullSecrets. */
export function podSecretReferences(podSpec: Fields, where: string, namespace: string): Reference[] {
  const refs = [...initContainersOf(podSpec), ...containersOf(podSpec)].flatMap((c) => containerReferences(c, where, namespace));
  for (const volume of asFieldsList(podSpec.volumes)) {
    const how = `volume ${asString(volume.name) ?? '?'}`;
    const sources = [asFields(volume.secret), ...asFieldsList(asFields(volume.projected).sources).map((s) => asFields(s.secret))];
    for (const source of sources) {
      const name = asString(source.secretName) ?? asString(source.name);
      if (name === undefined) continue;
      const keys = asFieldsList(source.items).map((item) => asString(item.key));
      // A volume listing `items` reads only those keys; without, it reads the whole Secret.
      if (keys.length === 0) refs.push({ name, namespace, user: where, how });
      for (const key of keys) refs.push({ name, namespace, key, user: where, how });
    }
  }
  for (const pull of asFieldsList(podSpec.imagePullSecrets)) {
    const name = asString(pull.name);
    if (name !== undefined) refs.push({ name, namespace, user: where, how: 'imagePullSecrets' });
  }
  return refs;
}

/** References from objects that are not pods: ServiceAccount pull secrets, Ingress TLS, KEDA TriggerAuthentication. */
function otherReferences(obj: K8sObject): Reference[] {
  const namespace = namespaceOf(obj);
  const user = refOf(obj);
  const names: Array<string | undefined> = [];
  switch (kindOf(obj)) {
    case 'ServiceAccount':
      names.push(...asFieldsList(obj.imagePullSecrets).map((s) => asString(s.name)));
      break;
    case 'Ingress':
      names.push(...asFieldsList(asFields(obj.spec).tls).map((t) => asString(t.secretName)));
      break;
    case 'TriggerAuthentication':
      names.push(...asFieldsList(asFields(obj.spec).secretTargetRef).map((r) => asString(r.name)));
      break;
  }
  return names.filter((n): n is string => n !== undefined).map((name) => ({ name, namespace, user }));
}

/** Sources of Secrets made by objects of the deployment, by `namespace/name`. */
export function secretSources(objects: readonly K8sObject[]): ReadonlyMap<string, SecretSource> {
  const sources = new Map<string, SecretSource>();
  for (const obj of objects) {
    const namespace = namespaceOf(obj);
    const kind = kindOf(obj);
    const spec = asFields(obj.spec);
    if (kind === 'ConfigMap' && nameOf(obj).endsWith('-secret-bootstrap')) {
      for (const name of bootstrapSecretNames(configMapData(obj)['secrets.json'])) sources.set(`${namespace}/${name}`, 'generated in cluster');
    } else if (kind === 'ExternalSecret') {
      const store = asFields(spec.secretStoreRef);
      const storeName = `${asString(store.kind) ?? 'SecretStore'}/${asString(store.name) ?? '?'}`;
      const target = asString(asFields(spec.target).name) ?? nameOf(obj);
      sources.set(`${namespace}/${target}`, `ExternalSecret (store ${storeName})`);
    } else if (kind === 'SealedSecret') {
      const target = asString(asFields(asFields(spec.template).metadata).name) ?? nameOf(obj);
      sources.set(`${namespace}/${target}`, 'SealedSecret');
    } else if (kind === 'Secret') {
      sources.set(`${namespace}/${nameOf(obj)}`, 'Secret in dist/');
    }
  }
  return sources;
}

/** Secret names listed in the bootstrap Job's `secrets.json`. */
export function bootstrapSecretNames(json: string | undefined): string[] {
  if (json === undefined) return [];
  try {
    return asFieldsList(asFields(JSON.parse(json)).secrets).map((s) => asString(s.name)).filter((n): n is string => n !== undefined);
  } catch {
    return [];
  }
}

/** `user (how, how)` per referencing object, sorted. */
function describeUsers(refs: readonly Reference[]): string[] {
  const hows = new Map<string, Set<string>>();
  for (const ref of refs) {
    const set = hows.get(ref.user) ?? new Set<string>();
    if (ref.how !== undefined) set.add(ref.how);
    hows.set(ref.user, set);
  }
  return [...hows.keys()].sort(byText).map((user) => {
    const list = [...hows.get(user)!].sort(byText);
    return list.length === 0 ? user : `${user} (${list.join(', ')})`;
  });
}

/** Every Secret the deployment (and its task pod templates) references, sorted by namespace and name. */
export function secretFacts(objects: readonly K8sObject[], templates: readonly DecodedPodTemplate[]): SecretFacts[] {
  const refs = [
    ...objects.flatMap((o) => {
      const spec = podSpecOf(o);
      return spec === undefined ? otherReferences(o) : podSecretReferences(spec, refOf(o), namespaceOf(o));
    }),
    ...templates.flatMap((t) => podSecretReferences(t.podSpec, `pod template ${t.name}`, t.namespace)),
  ];
  const sources = secretSources(objects);
  const byId = new Map<string, Reference[]>();
  for (const ref of refs) {
    const id = `${ref.namespace}/${ref.name}`;
    byId.set(id, [...(byId.get(id) ?? []), ref]);
  }
  return [...byId.keys()].sort(byText).map((id) => {
    const group = byId.get(id)!;
    return {
      name: group[0].name,
      namespace: group[0].namespace,
      keys: [...new Set(group.flatMap((r) => (r.key === undefined ? [] : [r.key])))].sort(byText),
      source: sources.get(id) ?? 'existing Secret (created outside dist/)',
      usedBy: describeUsers(group),
    };
  });
}
