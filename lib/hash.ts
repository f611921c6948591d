import { createHash } from 'crypto';

/** A short, stable hash of any JSON-serializable value (first 8 hex digits of SHA-256). */
export function shortHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 8);
}
