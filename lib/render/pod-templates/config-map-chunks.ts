/**
 * Splits ConfigMap data across several ConfigMaps when it is too big for one. Kubernetes refuses
 * a ConfigMap holding more than 1 MiB, and client-side `kubectl apply` cannot store an object
 * over 256 KiB in its last-applied-configuration annotation; chunks stay well under both.
 */

/**
 * Most data bytes (as JSON text, which is what the annotation stores) one chunk holds: 200 KiB
 * leaves room for the metadata under the 256 KiB annotation limit.
 */
export const CONFIG_MAP_CHUNK_BYTES = 200 * 1024;

/** Bytes an entry takes in the JSON of the object. */
export function entryBytes(key: string, value: string): number {
  return Buffer.byteLength(JSON.stringify(key)) + Buffer.byteLength(JSON.stringify(value)) + 2;
}

/**
 * Entries grouped into chunks of at most `budget` bytes each, in the order given (an entry larger
 * than the budget gets a chunk of its own). The order, and so the result, is deterministic.
 */
export function chunkEntries(entries: ReadonlyArray<readonly [string, string]>, budget = CONFIG_MAP_CHUNK_BYTES): Array<Record<string, string>> {
  const chunks: Array<Record<string, string>> = [];
  let current: Record<string, string> = {};
  let used = 0;
  for (const [key, value] of entries) {
    const bytes = entryBytes(key, value);
    if (used > 0 && used + bytes > budget) {
      chunks.push(current);
      current = {};
      used = 0;
    }
    current[key] = value;
    used += bytes;
  }
  chunks.push(current);
  return chunks;
}
