/** Resolves the Celery broker: the embedded Redis or an external broker URL. */
import { ValidationProblems } from '../errors';
import { REDIS_DEFAULT_IMAGE, REDIS_DEFAULT_RESOURCES, REDIS_DEFAULT_STORAGE } from '../model/defaults';
import { CeleryBroker } from '../model/executor';
import { ResolvedResources } from '../model/resources';
import { AirflowSecret } from '../model/secrets';
import { isQuantity } from '../quantity';
import { checkImage } from './checks';
import { InstanceSecrets } from './instance-wiring';
import { resolveResources, validateResources } from './resources';
import { ResolvedSecret, checkSecret, resolveSecret } from './secrets';

/** Resolved settings of the embedded Redis. */
export interface RedisOptions {
  readonly image: string;
  readonly resources: ResolvedResources;
  readonly password: ResolvedSecret;
  /** The claim holding the append-only file, when queued work must survive restarts. */
  readonly persistence?: { readonly size: string; readonly storageClassName?: string };
}

/** The broker, resolved. */
export interface ResolvedBroker {
  /** The embedded Redis, when the broker is embedded. */
  readonly redis?: RedisOptions;
  /** The embedded Redis password or the external broker URL. */
  readonly secret: NonNullable<InstanceSecrets['broker']>;
}

/** Resolves the Celery executor's `broker` prop. */
export function resolveBroker(problems: ValidationProblems, broker: CeleryBroker, instance: string): ResolvedBroker {
  if (broker.kind === 'external') {
    checkSecret(problems, 'executor.broker.brokerUrl', broker.props.brokerUrl, false);
    return { secret: { kind: 'url', secret: resolveSecret(broker.props.brokerUrl, instance, `${instance}-broker`, 'url', 'hex-token') } };
  }
  const password = broker.props.password ?? AirflowSecret.generated();
  checkSecret(problems, 'executor.broker.password', password, true);
  const image = broker.props.image ?? REDIS_DEFAULT_IMAGE;
  checkImage(problems, 'executor.broker.image', image);
  const resources = resolveResources(REDIS_DEFAULT_RESOURCES, broker.props.resources);
  validateResources(resources, 'executor.broker.resources', problems);
  const secret = resolveSecret(password, instance, `${instance}-redis`, 'password', 'hex-token');
  const persistence = broker.props.persistence
    ? { size: broker.props.persistence.size ?? REDIS_DEFAULT_STORAGE, storageClassName: broker.props.persistence.storageClassName }
    : undefined;
  if (persistence && !isQuantity(persistence.size)) {
    problems.add('executor.broker.persistence.size', `must be a Kubernetes quantity such as "1Gi", got ${JSON.stringify(persistence.size)}`);
  }
  return { secret: { kind: 'embedded-password', secret }, redis: { image, resources, password: secret, persistence } };
}
