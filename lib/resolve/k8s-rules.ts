/**
 * Rules the Kubernetes API server (or the kubelet, when a pod is launched from a template)
 * enforces but the OpenAPI schema does not: name formats, label keys and values, ports, CIDRs,
 * IP addresses. Each function quotes the rule it implements, from
 * k8s.io/apimachinery/pkg/util/validation (IsDNS1035Label, IsQualifiedName, IsValidLabelValue,
 * IsValidPortNum, IsValidIP) and the pod and NetworkPolicy validation that uses them.
 */
import { isIPv4, isIPv6 } from 'net';
import { ValidationProblems, show } from '../errors';

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * RFC 1035 label: what Kubernetes requires of Service names (`a-z`, `0-9`, `-`, starting with a
 * letter, at most 63 characters), because a Service name becomes a DNS name.
 */
export function isDns1035Label(value: unknown, maxLength = 63): value is string {
  return typeof value === 'string' && value.length <= maxLength && DNS_1035_LABEL.test(value);
}

/**
 * A label or annotation key: an optional DNS subdomain prefix of at most 253 characters and `/`,
 * then a name of at most 63 characters (alphanumerics, `-`, `_`, `.`, starting and ending with
 * an alphanumeric).
 */
export function isQualifiedName(key: unknown): key is string {
  if (typeof key !== 'string') return false;
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (name.length > 63 || !QUALIFIED_NAME_PART.test(name)) return false;
  if (parts.length === 1) return true;
  return parts[0].length <= 253 && DNS_SUBDOMAIN.test(parts[0]);
}

/** A label value: empty, or at most 63 alphanumerics, `-`, `_`, `.`, starting and ending with an alphanumeric. */
export function isLabelValue(value: unknown): value is string {
  return typeof value === 'string' && (value === '' || (value.length <= 63 && QUALIFIED_NAME_PART.test(value)));
}

/** Records a problem for every key or value of a label map (a nodeSelector) that Kubernetes rejects. */
export function checkLabelMap(problems: ValidationProblems, prop: string, labels: unknown): void {
  if (labels === undefined) return;
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    problems.add(prop, `must be a map of label keys to values such as { "kubernetes.io/arch": "amd64" }, got ${show(labels)}`);
    return;
  }
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedName(key)) {
      problems.add(`${prop}`, `has key ${show(key)}, which is not a label key: an optional DNS prefix and "/", then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`);
    } else if (!isLabelValue(value)) {
      problems.add(`${prop}.${key}`, `must be a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit), got ${show(value)}`);
    }
  }
}

/** Records a problem unless `port` is a TCP/UDP port number, 1-65535. */
export function checkPort(problems: ValidationProblems, prop: string, port: unknown): void {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    problems.add(prop, `must be a port number from 1 to 65535, got ${show(port)}`);
  }
}

/** True for an IPv4 or IPv6 address (not a host name). */
export function isIpAddress(value: unknown): boolean {
  return typeof value === 'string' && ipFamily(value.replace(/^\[(.*)\]$/, '$1')) !== 0;
}

/**
 * 4 or 6 for an IPv4 or IPv6 address, else 0, like `net.isIP`; only a text with a colon can be
 * IPv6, so a host name never reaches Node's IPv6 expression, whose first use costs milliseconds.
 */
function ipFamily(text: string): 0 | 4 | 6 {
  if (text.includes(':')) return isIPv6(text) ? 6 : 0;
  return isIPv4(text) ? 4 : 0;
}

/**
 * Why `cidr` is not a CIDR Kubernetes accepts in a NetworkPolicy `ipBlock` (an IPv4 address with
 * a prefix length of 0-32, or an IPv6 address with 0-128): undefined when it is one, '' when it
 * has no prefix length at all, else the detail.
 */
export function cidrProblem(cidr: unknown): string | undefined {
  if (typeof cidr !== 'string' || !cidr.includes('/')) return '';
  const [address, prefix, ...rest] = cidr.split('/');
  const family = ipFamily(address);
  if (rest.length > 0 || family === 0) return `${show(address)} is not an IPv4 or IPv6 address`;
  const max = family === 4 ? 32 : 128;
  if (!/^[0-9]{1,3}$/.test(prefix) || Number(prefix) > max) return `the prefix length must be 0-${max} for an IPv${family} address`;
  return undefined;
}

/** True when `value` holds a character that breaks a line or a generated file (CR, LF, NUL, other controls). */
export function hasControlCharacters(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(value);
}

/** Records a problem for every annotation whose key is not a qualified name or whose value is not a string. */
export function checkAnnotations(problems: ValidationProblems, prop: string, annotations: unknown): void {
  if (annotations === undefined) return;
  if (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations)) {
    problems.add(prop, `must be a map of annotation keys to string values, got ${show(annotations)}`);
    return;
  }
  for (const [key, value] of Object.entries(annotations)) {
    if (!isQualifiedName(key)) {
      problems.add(prop, `has key ${show(key)}, which is not an annotation key: an optional DNS prefix and "/", then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`);
    } else if (typeof value !== 'string') {
      problems.add(`${prop}.${key}`, `must be a string (quote numbers and booleans), got ${show(value)}`);
    }
  }
}
