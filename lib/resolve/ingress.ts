/** Checks the Ingress props and derives the external URL of the UI. */
import { ValidationProblems, show } from '../errors';
import { AirflowIngressProps } from '../model/ingress';
import { isDnsSubdomain } from './checks';
import { checkAnnotations, isIpAddress } from './k8s-rules';

/** Checks the Ingress. */
export function validateIngress(problems: ValidationProblems, ingress: AirflowIngressProps): void {
  if (isIpAddress(ingress.host)) {
    problems.add('ingress.host', `must be a DNS name, not an IP address: Kubernetes rejects Ingress rules for an IP host; leave the IP to DNS (e.g. an A record) and give its name, got ${show(ingress.host)}`);
  } else if (!isDnsSubdomain(ingress.host)) {
    problems.add('ingress.host', `must be a host name such as "airflow.example.com", got ${show(ingress.host)}`);
  }
  if (ingress.path !== undefined && (typeof ingress.path !== 'string' || !ingress.path.startsWith('/'))) {
    problems.add('ingress.path', `must start with "/", got ${show(ingress.path)}`);
  } else if (ingress.path !== undefined && /[\s;{}]/.test(ingress.path)) {
    problems.add('ingress.path', `must be a URL path without spaces, ';', '{' or '}' (ingress controllers reject them), got ${show(ingress.path)}`);
  }
  if (ingress.tlsSecretName !== undefined && !isDnsSubdomain(ingress.tlsSecretName)) problems.add('ingress.tlsSecretName', `must be a Secret name, got ${show(ingress.tlsSecretName)}`);
  if (ingress.className !== undefined && !isDnsSubdomain(ingress.className)) problems.add('ingress.className', `must be an IngressClass name, got ${show(ingress.className)}`);
  checkAnnotations(problems, 'ingress.annotations', ingress.annotations);
  const proxies = ingress.trustedProxies;
  if (proxies !== undefined && (proxies.length === 0 || proxies.some((p) => p !== '*' && !ADDRESS.test(p)))) {
    problems.add('ingress.trustedProxies', `must list "*" or the ingress controller's addresses or CIDRs, e.g. ["10.42.0.0/16"], got ${show(proxies)}`);
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
