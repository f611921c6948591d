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
