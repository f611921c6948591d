/**
 * The objects behind secrets that come from a secret manager (ExternalSecret) or were sealed by
 * the team (SealedSecret). Both produce the Secret names and keys components already read, so
 * switching a secret's source never changes a component.
 */
import { Construct } from 'constructs';
import { ExternalSecret, ExternalSecretSpecSecretStoreRefKind, ExternalSecretSpecTargetCreationPolicy, ExternalSecretSpecTargetDeletionPolicy } from '../../imports/externalsecrets-external-secrets.io';
import { SealedSecret } from '../../imports/sealedsecrets-bitnami.com';
import { ExternalSecretSource, SealedSecretSource } from '../model/secrets';
import { ResolvedSecret } from '../resolve/secrets';
import { AirflowContext } from './context';

/** One ExternalSecret or SealedSecret per produced Secret. */
export class SecretSources extends Construct {
  constructor(scope: Construct, id: string, ctx: AirflowContext, secrets: readonly ResolvedSecret[]) {
    super(scope, id);
    const bySecret = new Map<string, ResolvedSecret[]>();
    for (const secret of secrets) {
      // Stryker disable next-line ConditionalExpression: equivalent: a Secret without an origin is generated or existing, and validation refuses one shared with an ExternalSecret or SealedSecret (checkSharedSecrets), so its entries would match neither branch below and emit nothing
      if (!secret.origin) continue;
      bySecret.set(secret.secretName, [...(bySecret.get(secret.secretName) ?? []), secret]);
    }
    // Array's default sort compares UTF-16 code units: for Secret names (DNS subdomains, ASCII)
    // that is code-point order, without the ICU collator localeCompare would load.
    for (const name of [...bySecret.keys()].sort()) {
      const entries = bySecret.get(name)!;
      const labels = ctx.labels.of('secrets');
      const metadata = { name, namespace: ctx.namespace, labels };
      const origin = entries[0].origin!;
      if (origin instanceof ExternalSecretSource) {
        new ExternalSecret(this, name, {
          metadata,
          spec: {
            refreshInterval: origin.props.refreshInterval ?? '1h',
            secretStoreRef: {
              name: origin.props.store.name,
              kind: origin.props.store.kind === 'ClusterSecretStore'
                ? ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE
                : ExternalSecretSpecSecretStoreRefKind.SECRET_STORE,
            },
            target: {
              name,
              creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
              // A value deleted in the secret manager must not delete the Secret Airflow runs on.
              deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
              template: { metadata: { labels } },
            },
            data: entries.map((entry) => {
              const source = entry.origin as ExternalSecretSource;
              return { secretKey: entry.key, remoteRef: { key: source.props.remoteKey, property: source.props.remoteProperty } };
            }),
          },
        });
      } else {
        // A SealedSecretSource: the only other origin.
        new SealedSecret(this, name, {
          metadata,
          spec: {
            encryptedData: Object.fromEntries(entries.map((entry) => [entry.key, (entry.origin as SealedSecretSource).props.encryptedValue])),
            template: { metadata: { name, namespace: ctx.namespace, labels }, type: 'Opaque' },
          },
        });
      }
    }
  }
}
