/**
 * Which values can be `kubeseal --raw` output: a 2-byte RSA ciphertext length (256 to 2048 bytes,
 * a multiple of 128: RSA keys of 2048 to 16384 bits), that ciphertext, then AES-GCM output with its
 * 16-byte tag. The boundaries are where a real sealed value could be refused, or a plain one let in.
 */
import { MIN_SEALED_LENGTH, sealedValueProblem } from '../../lib/resolve/sealed-value';

/** Base64 of `totalBytes` bytes whose first two say the RSA ciphertext is `rsaBytes` long. */
function sealed(rsaBytes: number, totalBytes: number): string {
  const bytes = Buffer.alloc(totalBytes, 0x5a);
  bytes.writeUInt16BE(rsaBytes, 0);
  return bytes.toString('base64');
}

describe('sealedValueProblem', () => {
  test.each([
    ['an empty value sealed with a 2048-bit key, the shortest output', 256, 2 + 256 + 16],
    ['a value sealed with a 4096-bit key (the controller default)', 512, 2 + 512 + 40],
    ['a value sealed with a 16384-bit key, the largest', 2048, 2 + 2048 + 16],
  ])('accepts %s', (_, rsaBytes, totalBytes) => {
    // GIVEN output shaped like kubeseal's / WHEN checked / THEN it can be sealed
    expect(sealedValueProblem(sealed(rsaBytes, totalBytes))).toBeUndefined();
  });

  test.each([
    ['an RSA ciphertext shorter than a 2048-bit key gives', 128, 2 + 256 + 16],
    ['an RSA ciphertext longer than a 16384-bit key gives', 2048 + 128, 2 + 2048 + 128 + 16],
    ['an RSA ciphertext length that is no key size', 300, 2 + 300 + 16],
    ['fewer bytes than the RSA ciphertext length says, plus the tag', 512, 2 + 512 + 15],
    ['fewer bytes than the shortest output', 256, 2 + 256 + 15],
  ])('refuses base64 with %s', (_, rsaBytes, totalBytes) => {
    // GIVEN base64 that is not kubeseal output / WHEN checked / THEN it is not sealed
    expect(sealedValueProblem(sealed(rsaBytes, totalBytes))).toBe('not-sealed');
  });

  test.each([
    ['a plain value with characters base64 lacks', 'hunter2!'],
    ['base64 characters without their padding', 'aGVsbG8'],
    ['a number (from JavaScript)', 42],
    ['sealed output after characters base64 lacks', `%%%%${sealed(256, 2 + 256 + 16)}`],
    ['sealed output before characters base64 lacks', `${sealed(256, 2 + 256 + 16)}%%%%`],
  ])('%s is not base64', (_, value) => {
    expect(sealedValueProblem(value)).toBe('not-base64');
  });

  test('base64 of one or two bytes, too short to hold the length, is not sealed (and does not throw)', () => {
    expect(sealedValueProblem('AA==')).toBe('not-sealed');
    expect(sealedValueProblem('AQI=')).toBe('not-sealed');
  });

  test('the shortest output is 368 base64 characters (2 + 256 + 16 bytes)', () => {
    expect(MIN_SEALED_LENGTH).toBe(368);
    expect(sealed(256, 2 + 256 + 16)).toHaveLength(MIN_SEALED_LENGTH);
  });
});
