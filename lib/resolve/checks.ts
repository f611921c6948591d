/** Checks shared by props validation across constructs. */
import { ValidationProblems } from '../errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

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
    problems.add(prop, `must be a container image such as "apache/airflow:3.3.2", got ${JSON.stringify(image)}`);
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

