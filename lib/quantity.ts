/**
 * Kubernetes resource quantities ("250m", "1Gi", "1.5"): validation and conversion to numbers,
 * used to check props and to add up footprints.
 */

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const SUFFIX: Record<string, number> = {
  '': 1,
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/** True when `value` is a syntactically valid, non-negative Kubernetes quantity. */
export function isQuantity(value: string): boolean {
  const match = QUANTITY.exec(value);
  return match !== null && !match[1].startsWith('-');
}

/**
 * The numeric value of a quantity in base units (cores for CPU, bytes for memory and storage).
 *
 * @throws when `value` is not a quantity
 */
export function parseQuantity(value: string): number {
  const match = QUANTITY.exec(value);
  if (!match) throw new Error(`not a Kubernetes quantity: "${value}"`);
  const [, number, suffix = ''] = match;
  const multiplier = /^[eE][+-]?[0-9]+$/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX[suffix];
  return Number(number) * multiplier;
}

/**
 * A CPU quantity in whole millicores ("250m" -> 250, "1.5" -> 1500). Finer values round up, as
 * Kubernetes does: 1m is the smallest CPU amount it schedules.
 *
 * @throws when `value` is not a quantity
 */
export function cpuMillicores(value: string): number {
  return Math.ceil(Math.round(parseQuantity(value) * 1e6) / 1e3);
}

/**
 * A memory or storage quantity in whole bytes ("1Gi" -> 1073741824). Fractions of a byte round up.
 *
 * @throws when `value` is not a quantity
 */
export function byteCount(value: string): number {
  return Math.ceil(Math.round(parseQuantity(value) * 1e3) / 1e3);
}

const MIB = 2 ** 20;
const GIB = 2 ** 30;

/** Millicores for display: `1350m`. */
export function formatMillicores(millicores: number): string {
  return `${millicores}m`;
}

/** Bytes as mebibytes, the unit of every memory figure in reports: `2816Mi`, `953.67Mi`. */
export function formatMebibytes(bytes: number): string {
  return `${trimDecimals(bytes / MIB)}Mi`;
}

/** Bytes as gibibytes, the unit of every storage figure in reports: `8Gi`, `0.5Gi`. */
export function formatGibibytes(bytes: number): string {
  return `${trimDecimals(bytes / GIB)}Gi`;
}

/** Bytes in MiB as a number, rounded to two decimals (for JSON output). */
export function toMebibytes(bytes: number): number {
  return Number((bytes / MIB).toFixed(2));
}

/** Bytes in GiB as a number, rounded to two decimals (for JSON output). */
export function toGibibytes(bytes: number): number {
  return Number((bytes / GIB).toFixed(2));
}

function trimDecimals(value: number): string {
  return String(Number(value.toFixed(2)));
}
