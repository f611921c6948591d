/**
 * Where each secret value comes from. `dist/` is committed to Git, so no source here ever puts a
 * secret value into a manifest: values are generated inside the cluster, referenced, fetched by
 * the External Secrets Operator, or sealed so that only the cluster can decrypt them.
 */

/** How a generated value is made. */
export type SecretGenerator =
  /** 32 random bytes, url-safe base64: the format Airflow's fernet key must have. */
  | 'fernet-key'
  /** 32 random bytes as 64 hex characters: safe inside URLs and config files. */
  | 'hex-token'
  /**
   * A JSON object mapping each of `ResolvedSecret.usernames` to a random password. Users added
   * later get a password; existing passwords are never changed.
   */
  | 'password-file';

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

  /**
   * Fetched from a secret manager by the External Secrets Operator: an `ExternalSecret` object
   * (external-secrets.io/v1) produces the same Secret name and key the generated value would
   * have, so components do not change. Secrets with the same `group` share one ExternalSecret
   * and one Secret.
   */
  public static fromExternalSecret(props: ExternalSecretProps): AirflowSecret {
    return new ExternalSecretSource(props);
  }

  /**
   * A value you sealed yourself with `kubeseal` (Bitnami Sealed Secrets): safe to commit, decrypted
   * only by the controller in the cluster. Seal it for the Secret name and namespace this library
   * uses (the README lists them); `kubeseal` strict scope binds the value to both.
   */
  public static fromSealedSecret(props: SealedSecretProps): AirflowSecret {
    return new SealedSecretSource(props);
  }

  /** Discriminates the source kinds. */
  public abstract readonly source: SecretSourceKind;
}

/** How a secret reaches the cluster. */
export type SecretSourceKind = 'generated' | 'existing' | 'external-secret' | 'sealed-secret';

/** A SecretStore or ClusterSecretStore of the External Secrets Operator. */
export interface SecretStoreReference {
  /** Name of the store. */
  readonly name: string;

  /**
   * Kind of the store.
   *
   * @default 'SecretStore'
   */
  readonly kind?: 'SecretStore' | 'ClusterSecretStore';
}

/** Where a secret manager keeps a value. */
export interface ExternalSecretProps {
  /** The store to read from. */
  readonly store: SecretStoreReference;

  /** Key of the value in the secret manager, e.g. `prod/airflow`. */
  readonly remoteKey: string;

  /**
   * Property inside that key, for managers that store JSON documents.
   *
   * @default - the whole value
   */
  readonly remoteProperty?: string;

  /**
   * Share one ExternalSecret and Secret (`<instance>-<group>`) with the other secrets of this group.
   *
   * @default - one ExternalSecret per secret
   */
  readonly group?: string;

  /**
   * How often the operator re-reads the value.
   *
   * @default '1h'
   */
  readonly refreshInterval?: string;
}

/** A value sealed with `kubeseal`. */
export interface SealedSecretProps {
  /** The encrypted value `kubeseal --raw` printed (base64). */
  readonly encryptedValue: string;

  /**
   * Share one SealedSecret and Secret (`<instance>-<group>`) with the other secrets of this group.
   *
   * @default - one SealedSecret per secret
   */
  readonly group?: string;
}

/** See `AirflowSecret.fromExternalSecret()`. */
export class ExternalSecretSource extends AirflowSecret {
  public readonly source = 'external-secret' as const;
  constructor(public readonly props: ExternalSecretProps) {
    super();
  }
}

/** See `AirflowSecret.fromSealedSecret()`. */
export class SealedSecretSource extends AirflowSecret {
  public readonly source = 'sealed-secret' as const;
  constructor(public readonly props: SealedSecretProps) {
    super();
  }
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

