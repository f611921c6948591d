/**
 * What `kubeseal --raw` prints, so that a plain value put where a sealed one belongs is refused
 * instead of being committed. kubeseal encrypts hybridly (pkg/crypto HybridEncrypt) and prints
 * standard base64 of:
 *
 *   2 bytes      big-endian length of the RSA ciphertext
 *   n bytes      RSA-OAEP ciphertext of a random session key, as long as the controller's RSA
 *                modulus: 256 bytes for a 2048-bit key, 512 for the default 4096-bit key
 *   m + 16 bytes AES-GCM ciphertext of the value and its 16-byte tag
 *
 * so even an empty value seals to at least 2 + 256 + 16 bytes, 368 base64 characters; a real one
 * starts with "Ag" (the length 0x0100-0x02ff).
 */

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MIN_RSA_BYTES = 256;
const MAX_RSA_BYTES = 2048;
const GCM_TAG_BYTES = 16;

/** The shortest `kubeseal --raw` output, in base64 characters. */
export const MIN_SEALED_LENGTH = Math.ceil((2 + MIN_RSA_BYTES + GCM_TAG_BYTES) / 3) * 4;

/** Why `value` cannot be `kubeseal --raw` output, or undefined when it can be. */
export function sealedValueProblem(value: unknown): 'not-base64' | 'not-sealed' | undefined {
  if (typeof value !== 'string' || !BASE64.test(value) || value.length % 4 !== 0) return 'not-base64';
  const bytes = Buffer.from(value, 'base64');
  // Stryker disable next-line ArithmeticOperator: equivalent for any bound of 2 bytes or more: the check below refuses every shorter value; this one keeps readUInt16BE from reading past 0 or 1 bytes
  if (bytes.length < 2 + MIN_RSA_BYTES + GCM_TAG_BYTES) return 'not-sealed';
  const rsaBytes = bytes.readUInt16BE(0);
  const rsaSizeOk = rsaBytes >= MIN_RSA_BYTES && rsaBytes <= MAX_RSA_BYTES && rsaBytes % 128 === 0;
  return rsaSizeOk && bytes.length >= 2 + rsaBytes + GCM_TAG_BYTES ? undefined : 'not-sealed';
}
