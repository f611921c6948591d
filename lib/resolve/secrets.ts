/**
 * Secret sources resolved to the Secret name and key pods read, and the checks every secret prop
 * gets.
 */
import { ValidationProblems, show } from '../errors';
import { AirflowSecretsProps } from '../model/airflow-props';
import { AirflowSecret, ExistingSecret, ExternalSecretSource, SealedSecretSource, SecretGenerator } from '../model/secrets';
import { AirflowCapabilities } from '../model/version';
import { isDnsLabel, isDnsSubdomain } from './checks';
import { MIN_SEALED_LENGTH, sealedValueProblem } from './sealed-value';

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

/** A secret resolved to the Secret name and key that pods read it from. */
export interface ResolvedSecret {
  /** Name of the Secret holding the value. */
  readonly secretName: string;
  /** Key inside that Secret. */
  readonly key: string;
  /** Where the value comes from. */
  readonly source: AirflowSecret['source'];
  /** How to generate it, when `source` is `generated`. */
  readonly generator: SecretGenerator;
  /** The External Secrets or Sealed Secrets source, when that is where it comes from. */
  readonly origin?: ExternalSecretSource | SealedSecretSource;
  /** The users a `password-file` value must list. */
  readonly usernames?: readonly string[];
}

/**
 * Resolves a secret source to the Secret name and key pods read.
 *
 * @param instance instance name, prefix of grouped Secret names
 * @param defaultName Secret name used when this library produces the Secret
 * @param defaultKey key used when this library produces the Secret
 */
export function resolveSecret(
  secret: AirflowSecret,
  instance: string,
  defaultName: string,
  defaultKey: string,
  generator: SecretGenerator,
): ResolvedSecret {
  if (secret instanceof ExistingSecret) {
    return { secretName: secret.secretName, key: secret.key, source: 'existing', generator };
  }
  if (secret instanceof ExternalSecretSource || secret instanceof SealedSecretSource) {
    const secretName = secret.props.group ? `${instance}-${secret.props.group}` : defaultName;
    return { secretName, key: defaultKey, source: secret.source, generator, origin: secret };
  }
  return { secretName: defaultName, key: defaultKey, source: 'generated', generator };
}

/**
 * Records problems with secrets that share one Secret: they must come from the same kind of
 * source (and store), and must not use the same key for different values.
 */
export function checkSharedSecrets(problems: ValidationProblems, secrets: ReadonlyArray<{ prop: string; secret: ResolvedSecret }>): void {
  const byName = new Map<string, Array<{ prop: string; secret: ResolvedSecret }>>();
  for (const entry of secrets) byName.set(entry.secret.secretName, [...(byName.get(entry.secret.secretName) ?? []), entry]);
  for (const [name, entries] of byName) {
    // Several keys of one existing Secret are fine; an existing Secret shared with a group is not,
    // whichever the props name first. (A Secret read once has no `rest` to compare.)
    if (entries.every((entry) => entry.secret.source === 'existing')) continue;
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
  // Stryker disable next-line ConditionalExpression: equivalent when always true: only ExternalSecrets and SealedSecrets have an origin, and SealedSecrets have no store, so both sides read alike
  if (origin instanceof ExternalSecretSource) return `${origin.props.store?.kind ?? 'SecretStore'}/${origin.props.store?.name}`;
  // Stryker disable next-line StringLiteral: equivalent: stores are compared between secrets of one source, so both are ExternalSecrets or neither is, and any constant for "no store" compares alike
  return '';
}

function checkExternalSecret(problems: ValidationProblems, prop: string, secret: ExternalSecretSource): void {
  const { store, remoteKey, refreshInterval, group } = secret.props;
  if (!store || !isDnsSubdomain(store.name)) {
    problems.add(`${prop}.store`, `must name a SecretStore or ClusterSecretStore, e.g. { name: 'vault', kind: 'ClusterSecretStore' }, got ${show(store?.name)}`);
  } else if (store.kind !== undefined && !['SecretStore', 'ClusterSecretStore'].includes(store.kind)) {
    problems.add(`${prop}.store.kind`, `must be "SecretStore" or "ClusterSecretStore", got ${show(store.kind)}`);
  }
  if (typeof remoteKey !== 'string' || remoteKey.trim() === '') {
    problems.add(`${prop}.remoteKey`, 'must be the key of the value in the secret manager, e.g. "prod/airflow"');
  }
  if (refreshInterval !== undefined && !DURATION.test(refreshInterval)) {
    problems.add(`${prop}.refreshInterval`, `must be a duration such as "1h" or "15m", got ${show(refreshInterval)}`);
  }
  checkGroup(problems, prop, group);
}

function checkGroup(problems: ValidationProblems, prop: string, group: string | undefined): void {
  if (group !== undefined && !isDnsLabel(group, 40)) {
    problems.add(`${prop}.group`, `must be a lowercase RFC 1123 label of at most 40 characters, got ${show(group)}`);
  }
}

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
    const sealed = sealedValueProblem(secret.props.encryptedValue);
    if (sealed === 'not-base64') {
      problems.add(`${prop}.encryptedValue`, 'must be the base64 output of `kubeseal --raw`; never put the plain value here');
    } else if (sealed === 'not-sealed') {
      // The value may be a plain secret encoded in base64: say what is wrong without showing it.
      problems.add(
        `${prop}.encryptedValue`,
        `is ${secret.props.encryptedValue.length} characters of base64 but not \`kubeseal --raw\` output (at least ${MIN_SEALED_LENGTH} characters: ` +
          'an RSA-encrypted session key, then the AES-GCM-encrypted value): seal the value with `kubeseal --raw --name <Secret> --namespace <namespace>`; never put the plain value, base64-encoded or not, here',
      );
    }
    checkGroup(problems, prop, secret.props.group);
  }
  if (secret instanceof ExistingSecret) {
    if (!isDnsSubdomain(secret.secretName)) {
      problems.add(`${prop}.secretName`, `must be a valid Secret name (lowercase RFC 1123 subdomain), got ${show(secret.secretName)}`);
    }
    if (typeof secret.key !== 'string' || !SECRET_KEY.test(secret.key)) {
      problems.add(`${prop}.key`, `must be a valid Secret key (letters, digits, '-', '_', '.'), got ${show(secret.key)}`);
    }
  }
}

/** The secrets every Airflow component shares, resolved to Secret names and keys. */
export interface ResolvedSharedSecrets {
  readonly fernetKey: ResolvedSecret;
  readonly apiSecretKey: ResolvedSecret;
  /** Airflow 3 only. */
  readonly jwtSecret?: ResolvedSecret;
}

/** Resolves the `secrets` prop; each secret is generated in the cluster unless given. */
export function resolveSharedSecrets(
  problems: ValidationProblems,
  props: AirflowSecretsProps | undefined,
  instance: string,
  caps: AirflowCapabilities,
): ResolvedSharedSecrets {
  const fernetKey = props?.fernetKey ?? AirflowSecret.generated();
  const apiSecretKey = props?.apiSecretKey ?? AirflowSecret.generated();
  const jwtSecret = props?.jwtSecret ?? AirflowSecret.generated();
  checkSecret(problems, 'secrets.fernetKey', fernetKey, true);
  checkSecret(problems, 'secrets.apiSecretKey', apiSecretKey, true);
  checkSecret(problems, 'secrets.jwtSecret', jwtSecret, true);
  return {
    fernetKey: resolveSecret(fernetKey, instance, `${instance}-fernet-key`, 'fernet-key', 'fernet-key'),
    apiSecretKey: resolveSecret(apiSecretKey, instance, `${instance}-api-secret-key`, 'api-secret-key', 'hex-token'),
    jwtSecret: caps.jwtSecretSetting ? resolveSecret(jwtSecret, instance, `${instance}-jwt-secret`, 'jwt-secret', 'hex-token') : undefined,
  };
}
