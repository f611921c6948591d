import { byteCount, cpuMillicores, formatGibibytes, formatMebibytes, formatMillicores, toMebibytes } from '../../lib/quantity';

describe('quantities for reports', () => {
  test.each([
    ['250m', 250],
    ['1', 1000],
    ['1.5', 1500],
    ['0.0001', 1], // below 1m rounds up, as Kubernetes does
    ['100000u', 100],
  ])('cpu %s is %d millicores', (value, expected) => {
    expect(cpuMillicores(value)).toBe(expected);
  });

  test.each([
    ['768Mi', 768 * 2 ** 20],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['1G', 1e9],
    ['128974848000m', 128974848],
  ])('memory %s is %d bytes', (value, expected) => {
    expect(byteCount(value)).toBe(expected);
  });

  test('display: CPU in millicores, memory in Mi, storage in Gi', () => {
    expect(formatMillicores(1350)).toBe('1350m');
    expect(formatMebibytes(byteCount('3Gi'))).toBe('3072Mi');
    expect(formatMebibytes(byteCount('1000M'))).toBe('953.67Mi');
    expect(formatGibibytes(byteCount('512Mi'))).toBe('0.5Gi');
    expect(toMebibytes(byteCount('1Gi'))).toBe(1024);
  });
});
