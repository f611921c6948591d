// The Kubernetes rules one by one, at their edges: each value sits just inside or just outside
// a rule the API server enforces (k8s.io/apimachinery/pkg/util/validation), so a slipped anchor,
// bound or comparison in lib/resolve/k8s-rules.ts changes an answer here.
import { ValidationProblems } from '../../lib/errors';
import {
  checkAnnotations,
  checkLabelMap,
  checkPort,
  cidrProblem,
  hasControlCharacters,
  isDns1035Label,
  isIpAddress,
  isLabelValue,
  isQualifiedName,
} from '../../lib/resolve/k8s-rules';

const letters = (n: number) => 'a'.repeat(n);
/** A DNS subdomain of exactly `n` characters: 63-character labels joined by dots. */
const subdomain = (n: number) => {
  const labels: string[] = [];
  let left = n;
  while (left > 0) {
    const size = Math.min(63, labels.length === 0 ? left : left - 1);
    labels.push(letters(size));
    left -= size + (labels.length === 1 ? 0 : 1);
  }
  return labels.join('.');
};
const problemsFrom = (check: (problems: ValidationProblems) => void) => {
  const problems = new ValidationProblems('test/airflow');
  check(problems);
  return problems.messages;
};

describe('isDns1035Label (Service names)', () => {
  it.each(['a', 'ab', 'a-b', 'a1', 'a--1', letters(63)])('accepts %p', (value) => {
    expect(isDns1035Label(value)).toBe(true);
  });
  it.each([
    ['', 'empty'],
    ['1abc', 'starts with a digit'],
    ['-abc', 'starts with a dash'],
    ['abc-', 'ends with a dash'],
    ['abc_', 'ends with an underscore'],
    ['ab_c', 'holds an underscore'],
    ['Abc', 'uppercase'],
    ['a.b', 'a dot'],
    [letters(64), '64 characters'],
  ])('refuses %p (%s)', (value) => {
    expect(isDns1035Label(value)).toBe(false);
  });
  it('takes a shorter limit where a suffix is appended', () => {
    expect(isDns1035Label(letters(40), 40)).toBe(true);
    expect(isDns1035Label(letters(41), 40)).toBe(false);
  });
  it('refuses what is not a string', () => {
    expect(isDns1035Label(5)).toBe(false);
    expect(isDns1035Label(undefined)).toBe(false);
  });
});

describe('isQualifiedName (label and annotation keys)', () => {
  it('checks that the helper builds subdomains of the length asked for', () => {
    expect(subdomain(253)).toHaveLength(253);
    expect(subdomain(254)).toHaveLength(254);
    expect(subdomain(10)).toHaveLength(10);
  });
  it.each([
    'a',
    'app',
    'A_b.c-D',
    '9',
    letters(63),
    'kubernetes.io/arch',
    'example.com/Name_1',
    'a.b.c/name',
    `${subdomain(253)}/name`,
    `a/${letters(63)}`,
  ])('accepts %p', (key) => {
    expect(isQualifiedName(key)).toBe(true);
  });
  it.each([
    ['', 'empty'],
    ['-app', 'name starts with a dash'],
    ['app-', 'name ends with a dash'],
    ['.app', 'name starts with a dot'],
    ['app_', 'name ends with an underscore'],
    ['a b', 'a space'],
    [letters(64), 'a 64-character name'],
    ['a/b/c', 'two slashes'],
    ['/name', 'an empty prefix'],
    ['example.com/', 'an empty name'],
    ['Example.com/name', 'an uppercase prefix'],
    ['-example.com/name', 'a prefix starting with a dash'],
    ['example.com-/name', 'a prefix ending with a dash'],
    ['example..com/name', 'an empty label in the prefix'],
    ['example_com/name', 'an underscore in the prefix'],
    [`${subdomain(254)}/name`, 'a 254-character prefix'],
    [`a/${letters(64)}`, 'a 64-character name after a prefix'],
  ])('refuses %p (%s)', (key) => {
    expect(isQualifiedName(key)).toBe(false);
  });
  it('refuses what is not a string', () => {
    expect(isQualifiedName(1)).toBe(false);
  });
});

describe('isLabelValue', () => {
  it.each(['', 'a', 'amd64', 'A.b_c-9', letters(63)])('accepts %p', (value) => {
    expect(isLabelValue(value)).toBe(true);
  });
  it.each([[letters(64)], ['-a'], ['a-'], ['a/b'], ['a b'], [true], [1], [null]])('refuses %p', (value) => {
    expect(isLabelValue(value)).toBe(false);
  });
});

describe('checkLabelMap (nodeSelector)', () => {
  it('accepts nothing at all and a map of valid keys and values', () => {
    expect(problemsFrom((p) => checkLabelMap(p, 'nodeSelector', undefined))).toEqual([]);
    expect(problemsFrom((p) => checkLabelMap(p, 'nodeSelector', { 'kubernetes.io/arch': 'amd64', pool: '' }))).toEqual([]);
  });
  it.each([[null, 'null'], [['a'], '["a"]'], ['pool=batch', '"pool=batch"']])('refuses %p, which is not a map', (labels, shown) => {
    expect(problemsFrom((p) => checkLabelMap(p, 'nodeSelector', labels))).toEqual([
      `test/airflow: nodeSelector must be a map of label keys to values such as { "kubernetes.io/arch": "amd64" }, got ${shown}`,
    ]);
  });
  it('names the bad key, and the bad value under its key', () => {
    expect(problemsFrom((p) => checkLabelMap(p, 'nodeSelector', { 'bad key': 'x', pool: 'batch jobs' }))).toEqual([
      `test/airflow: nodeSelector has key "bad key", which is not a label key: an optional DNS prefix and "/", then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
      `test/airflow: nodeSelector.pool must be a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit), got "batch jobs"`,
    ]);
  });
});

describe('checkPort', () => {
  it.each([1, 80, 65535])('accepts %p', (port) => {
    expect(problemsFrom((p) => checkPort(p, 'port', port))).toEqual([]);
  });
  it.each([
    [0, '0'],
    [-1, '-1'],
    [65536, '65536'],
    [80.5, '80.5'],
    ['80', '"80"'],
    [undefined, 'undefined'],
  ])('refuses %p', (port, shown) => {
    expect(problemsFrom((p) => checkPort(p, 'port', port))).toEqual([`test/airflow: port must be a port number from 1 to 65535, got ${shown}`]);
  });
});

describe('isIpAddress', () => {
  it.each(['10.0.0.1', '::1', '[::1]', 'fd00::1', '[fd00::1]'])('accepts %p', (value) => {
    expect(isIpAddress(value)).toBe(true);
  });
  it.each<[unknown, string]>([
    ['airflow.example.com', 'a host name'],
    ['10.0.0.256', 'an octet out of range'],
    ['fd00::g', 'a colon but no IPv6 address'],
    ['10.0.0.1:80', 'an IPv4 address with a port'],
    ['[::1', 'an unclosed bracket'],
    ['::1]', 'an unopened bracket'],
    ['::1[]', 'brackets after the address'],
    ['[::]1', 'a digit after the brackets'],
    ['x[::1]', 'text before the brackets'],
    ['[]', 'empty brackets'],
    [42, 'a number'],
  ])('refuses %p (%s)', (value) => {
    expect(isIpAddress(value)).toBe(false);
  });
});

describe('cidrProblem (NetworkPolicy ipBlock)', () => {
  it.each(['10.0.0.0/8', '10.0.0.1/32', '0.0.0.0/0', 'fd00::/8', '::1/128', '::/0'])('accepts %p', (cidr) => {
    expect(cidrProblem(cidr)).toBeUndefined();
  });
  it('answers "" when there is no prefix length at all, or no string', () => {
    expect(cidrProblem('10.0.0.1')).toBe('');
    expect(cidrProblem(10)).toBe('');
    expect(cidrProblem(undefined)).toBe('');
  });
  it.each([
    ['10.0.0.0/8/8', '"10.0.0.0" is not an IPv4 or IPv6 address'],
    ['10.0.0.256/32', '"10.0.0.256" is not an IPv4 or IPv6 address'],
    ['example.com/32', '"example.com" is not an IPv4 or IPv6 address'],
    ['fd00::g/64', '"fd00::g" is not an IPv4 or IPv6 address'],
    ['/8', '"" is not an IPv4 or IPv6 address'],
  ])('refuses the address of %p', (cidr, detail) => {
    expect(cidrProblem(cidr)).toBe(detail);
  });
  const ipv4 = 'the prefix length must be 0-32 for an IPv4 address';
  const ipv6 = 'the prefix length must be 0-128 for an IPv6 address';
  it.each([
    ['10.0.0.0/33', ipv4],
    ['10.0.0.0/', ipv4],
    ['10.0.0.0/-1', ipv4],
    ['10.0.0.0/+8', ipv4],
    ['10.0.0.0/ 8', ipv4],
    ['10.0.0.0/8 ', ipv4],
    ['10.0.0.0/1e1', ipv4],
    ['10.0.0.0/0x8', ipv4],
    ['10.0.0.0/0008', ipv4],
    ['10.0.0.0/8.0', ipv4],
    ['fd00::/129', ipv6],
    ['fd00::/', ipv6],
    ['fd00::/0128', ipv6],
  ])('refuses the prefix length of %p', (cidr, detail) => {
    expect(cidrProblem(cidr)).toBe(detail);
  });
});

describe('hasControlCharacters', () => {
  it.each(['\n', '\r', '\u0000', '\t', '\u001f', '\u007f', 'a\nb'])('finds %j', (value) => {
    expect(hasControlCharacters(value)).toBe(true);
  });
  it.each(['', 'plain text', ' ', '~', '\u0080', 'é'])('finds none in %j', (value) => {
    expect(hasControlCharacters(value)).toBe(false);
  });
});

describe('checkAnnotations', () => {
  it('accepts nothing at all and a map of valid keys to strings', () => {
    expect(problemsFrom((p) => checkAnnotations(p, 'annotations', undefined))).toEqual([]);
    expect(problemsFrom((p) => checkAnnotations(p, 'annotations', { 'example.com/owner': 'data', note: '' }))).toEqual([]);
  });
  it.each([[null, 'null'], [[], '[]'], ['a=b', '"a=b"']])('refuses %p, which is not a map', (annotations, shown) => {
    expect(problemsFrom((p) => checkAnnotations(p, 'annotations', annotations))).toEqual([
      `test/airflow: annotations must be a map of annotation keys to string values, got ${shown}`,
    ]);
  });
  it('names the bad key, and the value that is not a string under its key', () => {
    expect(problemsFrom((p) => checkAnnotations(p, 'annotations', { 'bad/key/x': 'v', replicas: 3, 'example.com/on': true }))).toEqual([
      `test/airflow: annotations has key "bad/key/x", which is not an annotation key: an optional DNS prefix and "/", then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
      'test/airflow: annotations.replicas must be a string (quote numbers and booleans), got 3',
      'test/airflow: annotations.example.com/on must be a string (quote numbers and booleans), got true',
    ]);
  });
});
