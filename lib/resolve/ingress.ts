/** Checks the Ingress props and derives the external URL of the UI. */
import { ValidationProblems } from '../errors';
import { AirflowIngressProps } from '../model/ingress';
import { isDnsSubdomain } from './checks';

/** Checks the Ingress. */
export function validateIngress(problems: ValidationProblems, ingress: AirflowIngressProps): void {
  if (!isDnsSubdomain(ingress.host)) problems.add('ingress.host', `must be a host name such as "airflow.example.com", got ${JSON.stringify(ingress.host)}`);
  if (ingress.path !== undefined && !ingress.path.startsWith('/')) problems.add('ingress.path', `must start with "/", got ${JSON.stringify(ingress.path)}`);
  if (ingress.tlsSecretName !== undefined && !isDnsSubdomain(ingress.tlsSecretName)) problems.add('ingress.tlsSecretName', `must be a Secret name, got ${JSON.stringify(ingress.tlsSecretName)}`);
  if (ingress.className !== undefined && !isDnsSubdomain(ingress.className)) problems.add('ingress.className', `must be an IngressClass name, got ${JSON.stringify(ingress.className)}`);
  const proxies = ingress.trustedProxies;
  if (proxies !== undefined && (proxies.length === 0 || proxies.some((p) => p !== '*' && !ADDRESS.test(p)))) {
    problems.add('ingress.trustedProxies', `must list "*" or the ingress controller's addresses or CIDRs, e.g. ["10.42.0.0/16"], got ${JSON.stringify(proxies)}`);
  }
}

const ADDRESS = /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$|^[0-9a-fA-F:]+(\/\d{1,3})?$/;

/** Whom the api-server trusts to forward client details: `FORWARDED_ALLOW_IPS`. */
export function trustedProxies(ingress: AirflowIngressProps): readonly string[] {
  return ingress.trustedProxies ?? ['*'];
}

/** The external URL of the UI, written to `[api] base_url` (`[webserver] base_url` on Airflow 2). */
export function externalBaseUrl(props: AirflowIngressProps): string {
  const path = (props.path ?? '/').replace(/\/+$/, '');
  return `${props.tlsSecretName ? 'https' : 'http'}://${props.host}${path}`;
}
