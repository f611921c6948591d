/** Checks shared by props validation across constructs. */
import { Duration } from 'cdk8s';
import { ValidationProblems, show } from '../errors';
import { parseImageReference } from './image-reference';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** RFC 1123 label: what Kubernetes requires of namespace names and most label-like names. */
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
    problems.add(prop, `must be an integer >= ${min}, got ${show(value)}`);
  }
}

/**
 * Records a problem unless `image` is a well-formed, pinned image reference. A moving tag
 * (`latest` or none) makes two synths of the same props deploy different software.
 */
export function checkImage(problems: ValidationProblems, prop: string, image: unknown): void {
  if (typeof image !== 'string' || image.trim() === '') {
    problems.add(prop, `must be a container image such as "apache/airflow:3.3.2", got ${show(image)}`);
    return;
  }
  if (/\s/.test(image)) {
    problems.add(prop, `must not contain whitespace, got ${show(image)}`);
    return;
  }
  const reference = parseImageReference(image);
  if (typeof reference === 'string') {
    problems.add(prop, `must be a valid image reference: ${reference}, got ${show(image)}`);
    return;
  }
  const pinned = reference.digest !== undefined || (reference.tag !== undefined && reference.tag !== 'latest');
  if (!pinned) {
    problems.add(prop, `must pin a version tag or digest (not "latest" or no tag), got "${image}"`);
  }
}

/**
 * The length of `duration` in seconds, which may be fractional, NaN or Infinity; undefined when
 * it is not a Duration at all. (Duration.toSeconds() throws on fractions; messages need the value.)
 */
export function secondsOf(duration: unknown): number | undefined {
  return duration instanceof Duration ? duration.toSeconds({ integral: false }) : undefined;
}

/** A duration for messages: `90s`, `1500ms`, `NaN`. */
export function showDuration(duration: unknown): string {
  if (!(duration instanceof Duration)) return show(duration);
  const millis = duration.toMilliseconds({ integral: false });
  if (!Number.isFinite(millis)) return show(millis);
  return millis % 1000 === 0 ? `${millis / 1000}s` : `${millis}ms`;
}

/**
 * Records a problem unless `duration` is a whole number of seconds >= `min` (Kubernetes and
 * Airflow take seconds); returns the seconds when it is.
 */
export function checkWholeSeconds(problems: ValidationProblems, prop: string, duration: unknown, min: number): number | undefined {
  const seconds = secondsOf(duration);
  if (seconds === undefined || !Number.isInteger(seconds) || seconds < min) {
    const example = `Duration.seconds(${Math.max(min, 30)})`;
    problems.add(prop, `must be a whole number of seconds >= ${min} such as ${example}, got ${showDuration(duration)}`);
    return undefined;
  }
  return seconds;
}
