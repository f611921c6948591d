/** Checks shared by props validation across constructs. */
import { ValidationProblems } from './errors';
import { ComponentProps } from './component-props';
import { ComputeResources, ResolvedResources, resolveResources, validateResources } from './resources';
import { AirflowSecret, ExistingSecret, ExternalSecretSource, ResolvedSecret, SealedSecretSource } from './secrets';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** RFC 1123 label: what Kubernetes requires of namespace and Service names. */
export function isDnsLabel(value: unknown, maxLength = 63): value is string {
  return typeof value === 'string' && value.length <= maxLength && DNS_LABEL.test(value);
}

/** RFC 1123 subdomain: what Kubernetes requires of most object names. */
export function isDnsSubdomain(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

/** Records a problem unless `value` is an integer >= `min`. */
export function checkInteger(problems: ValidationProblems, prop: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    problems.add(prop, `must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  }
}

/**
 * Records a problem unless `image` is a pinned image reference. A moving tag (`latest` or none)
 * makes two synths of the same props deploy different software.
 */
export function checkImage(problems: ValidationProblems, prop: string, image: unknown): void {
  if (typeof image !== 'string' || image.trim() === '') {
    problems.add(prop, `must be a container image such as "apache/airflow:3.1.7", got ${JSON.stringify(image)}`);
    return;
  }
  if (/\s/.test(image)) {
    problems.add(prop, `must not contain whitespace, got ${JSON.stringify(image)}`);
    return;
  }
  const lastSegment = image.split('/').pop() ?? '';
  const pinned = image.includes('@sha256:') || (lastSegment.includes(':') && !lastSegment.endsWith(':latest'));
  if (!pinned) {
    problems.add(prop, `must pin a version tag or digest (not "latest" or no tag), got "${image}"`);
  }
}

const DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Records problems with a secret source. */
export function checkSecret(problems: ValidationProblems, prop: string, secret: AirflowSecret, canGenerate: boolean): void {
  if (!(secret instanceof AirflowSecret)) {
    problems.add(prop, 'must be created with an AirflowSecret factory: generated(), fromExisting(), fromExternalSecret() or fromSealedSecret()');
    return;
  }
  if (secret.source === 'generated' && !canGenerate) {
    problems.add(prop, 'cannot be generated: reference an existing Secret with AirflowSecret.fromExisting(name, key)');
  }
  if (secret instanceof ExternalSecretSource) checkExternalSecret(problems, prop, secret);
  if (secret instanceof SealedSecretSource) {
    if (typeof secret.props.encryptedValue !== 'string' || !BASE64.test(secret.props.encryptedValue)) {
      problems.add(`${prop}.encryptedValue`, 'must be the base64 output of `kubeseal --raw`; never put the plain value here');
    }
    checkGroup(problems, prop, secret.props.group);
  }
  if (secret instanceof ExistingSecret) {
    if (!isDnsSubdomain(secret.secretName)) {
      problems.add(`${prop}.secretName`, `must be a valid Secret name (lowercase RFC 1123 subdomain), got ${JSON.stringify(secret.secretName)}`);
    }
    if (typeof secret.key !== 'string' || !SECRET_KEY.test(secret.key)) {
      problems.add(`${prop}.key`, `must be a valid Secret key (letters, digits, '-', '_', '.'), got ${JSON.stringify(secret.key)}`);
    }
  }
}

/** Resolves and checks the props every long-running component has; returns the resolved values. */
export function resolveComponent(
  problems: ValidationProblems,
  prop: string,
  props: ComponentProps | undefined,
  defaults: ResolvedResources,
): { replicas: number; resources: ResolvedResources } {
  const replicas = props?.replicas ?? 1;
  checkInteger(problems, `${prop}.replicas`, replicas, 0);
  const resources = resolveResources(defaults, props?.resources as ComputeResources | undefined);
  validateResources(resources, `${prop}.resources`, problems);
  return { replicas, resources };
}

function checkExternalSecret(problems: ValidationProblems, prop: string, secret: ExternalSecretSource): void {
  const { store, remoteKey, refreshInterval, group } = secret.props;
  if (!store || !isDnsSubdomain(store.name)) {
    problems.add(`${prop}.store`, `must name a SecretStore or ClusterSecretStore, e.g. { name: 'vault', kind: 'ClusterSecretStore' }, got ${JSON.stringify(store?.name)}`);
  } else if (store.kind !== undefined && !['SecretStore', 'ClusterSecretStore'].includes(store.kind)) {
    problems.add(`${prop}.store.kind`, `must be "SecretStore" or "ClusterSecretStore", got ${JSON.stringify(store.kind)}`);
  }
  if (typeof remoteKey !== 'string' || remoteKey.trim() === '') {
    problems.add(`${prop}.remoteKey`, 'must be the key of the value in the secret manager, e.g. "prod/airflow"');
  }
  if (refreshInterval !== undefined && !DURATION.test(refreshInterval)) {
    problems.add(`${prop}.refreshInterval`, `must be a duration such as "1h" or "15m", got ${JSON.stringify(refreshInterval)}`);
  }
  checkGroup(problems, prop, group);
}

function checkGroup(problems: ValidationProblems, prop: string, group: string | undefined): void {
  if (group !== undefined && !isDnsLabel(group, 40)) {
    problems.add(`${prop}.group`, `must be a lowercase RFC 1123 label of at most 40 characters, got ${JSON.stringify(group)}`);
  }
}

/**
 * Records problems with secrets that share one Secret: they must come from the same kind of
 * source (and store), and must not use the same key for different values.
 */
export function checkSharedSecrets(problems: ValidationProblems, secrets: ReadonlyArray<{ prop: string; secret: ResolvedSecret }>): void {
  const byName = new Map<string, Array<{ prop: string; secret: ResolvedSecret }>>();
  for (const entry of secrets) byName.set(entry.secret.secretName, [...(byName.get(entry.secret.secretName) ?? []), entry]);
  for (const [name, entries] of byName) {
    if (entries.length < 2 || entries[0].secret.source === 'existing') continue;
    const [first, ...rest] = entries;
    for (const other of rest) {
      if (other.secret.source !== first.secret.source || storeOf(other.secret) !== storeOf(first.secret)) {
        problems.add(other.prop, `shares Secret "${name}" with ${first.prop} but comes from a different source or store: use another group`);
      } else if (other.secret.key === first.secret.key) {
        problems.add(other.prop, `uses key "${other.secret.key}" of Secret "${name}", like ${first.prop}: put them in different groups`);
      }
    }
  }
}

function storeOf(secret: ResolvedSecret): string {
  const origin = secret.origin;
  return origin instanceof ExternalSecretSource ? `${origin.props.store?.kind ?? 'SecretStore'}/${origin.props.store?.name}` : '';
}
