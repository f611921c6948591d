/**
 * Where each secret value comes from. `dist/` is committed to Git, so no source here ever puts a
 * secret value into a manifest: values are either generated inside the cluster or referenced.
 */

/** How a generated value is made. */
export type SecretGenerator =
  /** 32 random bytes, url-safe base64: the format Airflow's fernet key must have. */
  | 'fernet-key'
  /** 32 random bytes as 64 hex characters: safe inside URLs and config files. */
  | 'hex-token';

/** A secret value Airflow needs, and where it comes from. */
export abstract class AirflowSecret {
  /**
   * Generated once inside the cluster by the secret bootstrap Job, stored in a Secret named after
   * the instance (for example `airflow-fernet-key`), and never rotated or overwritten.
   */
  public static generated(): AirflowSecret {
    return new GeneratedSecret();
  }

  /**
   * A key of a Secret that already exists in the namespace (created by hand, by a secret manager
   * or by another tool). Nothing is generated and no Secret object is emitted.
   *
   * @param secretName name of the existing Secret
   * @param key the key inside that Secret holding the value
   */
  public static fromExisting(secretName: string, key: string): AirflowSecret {
    return new ExistingSecret(secretName, key);
  }

  /** Discriminates the source kinds. */
  public abstract readonly source: 'generated' | 'existing';
}

/** See `AirflowSecret.generated()`. */
export class GeneratedSecret extends AirflowSecret {
  public readonly source = 'generated' as const;
}

/** See `AirflowSecret.fromExisting()`. */
export class ExistingSecret extends AirflowSecret {
  public readonly source = 'existing' as const;
  constructor(public readonly secretName: string, public readonly key: string) {
    super();
  }
}

/** A secret resolved to the Secret name and key that pods read it from. */
export interface ResolvedSecret {
  /** What the value is for, e.g. `fernet key`; used in reports and errors. */
  readonly purpose: string;
  /** Name of the Secret holding the value. */
  readonly secretName: string;
  /** Key inside that Secret. */
  readonly key: string;
  /** Where the value comes from. */
  readonly source: AirflowSecret['source'];
  /** How to generate it, when `source` is `generated`. */
  readonly generator: SecretGenerator;
}

/**
 * Resolves a secret source to the Secret name and key pods read.
 *
 * @param defaultName Secret name used when the value is generated
 * @param defaultKey key used when the value is generated
 */
export function resolveSecret(
  secret: AirflowSecret,
  purpose: string,
  defaultName: string,
  defaultKey: string,
  generator: SecretGenerator,
): ResolvedSecret {
  if (secret instanceof ExistingSecret) {
    return { purpose, secretName: secret.secretName, key: secret.key, source: 'existing', generator };
  }
  return { purpose, secretName: defaultName, key: defaultKey, source: 'generated', generator };
}
