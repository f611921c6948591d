/**
 * Values shaped like `kubeseal --raw` output (see lib/resolve/sealed-value.ts): the length of an
 * RSA ciphertext, that ciphertext, then an AES-GCM ciphertext with its tag. Random-looking but
 * deterministic bytes; no controller could decrypt them, which tests never need.
 */

/**
 * A fake sealed value for a 4096-bit controller key (512-byte RSA ciphertext).
 *
 * @param seed varies the bytes, so two fake values differ
 * @param valueBytes length of the sealed plain value
 */
export function fakeSealedValue(seed = 1, valueBytes = 32): string {
  const rsaBytes = 512;
  const bytes = Buffer.alloc(2 + rsaBytes + valueBytes + 16);
  bytes.writeUInt16BE(rsaBytes, 0);
  let state = seed;
  for (let i = 2; i < bytes.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    bytes[i] = state >> 16;
  }
  return bytes.toString('base64');
}
