import { Yaml } from 'cdk8s';
import * as fs from 'fs';
import { CORE_SCHEMA, load } from 'js-yaml';
import * as path from 'path';
import { Document, parse } from 'yaml';
import { YAML_1_1_IMPLICIT_TAGS, kubernetesReadsAsNumber, stringifyWithYaml, stringifyYaml, stringifyYamlDocument, writtenYamlDocument } from '../lib/yaml';
import { NUMBER_LIKE_STRINGS } from '../e2e/fixtures/number-like-strings';
import { synthExamples } from './support/app';
import { kubernetesReadsPlain } from '../e2e/fixtures/kubernetes-yaml-reader';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { yamlOfCdk8s } = require('../scripts/build') as { yamlOfCdk8s: () => string };

/** Strings that YAML treats specially, one way or another. */
const TRICKY_STRINGS = [
  '', ' ', 'a', 'plain text', 'true', 'True', 'TRUE', 'yes', 'Yes', 'no', 'NO', 'on', 'Off', 'y', 'N', 'null', 'Null', '~',
  '0', '1', '-1', '+1', '007', '0o7', '0x1F', '0b101', '1_000', '1.5', '.5', '1e3', '1E-3', '.inf', '-.Inf', '.nan', '1:30', '1:30.5',
  '2024-01-01', '2024-01-01T10:00:00Z', '2024-1-1 1:2:3', '<<', '=', '-', '?', ':', '- a', '? a', 'a: b', 'a:b', 'a #b', 'a#b', '#a',
  'a ', ' a', 'a:', 'http://x.y/z?q=1&r=2', '{a}', '[a]', 'a, b', '&a', '*a', '!a', '|a', '>a', "'a'", '"a"', "it's", 'say "hi"',
  'both \' and "', '%a', '@a', '`a`', 'a\tb', '\ta', 'a\\nb', 'C:\\path', 'ünïcödé ✓', 'a\u2028b', '---', '--- a', '...', 'a\n---\nb',
  'line1\nline2', 'line1\nline2\n', 'line1\nline2\n\n', '\nleading', '  indented\nline', 'a\n\n\nb', 'trailing \nspace', 'a\n  b\n',
  'x: 1\ny: 2\n', '- a\n- b\n', '#!/bin/sh\nset -eu\necho "$HOME"\n', 'tab\n\tindented\n', 'ends with spaces\n  ', 'a\u0000b', 'a\u0085b',
  'x'.repeat(1100),
  // Every YAML 1.1 null and bool word (the fast path for simple strings knows them by heart).
  ...'null Null NULL Y y yes Yes YES true True TRUE on On ON N n no No NO false False FALSE off Off OFF'.split(' '),
  'nullable', 'yesterday', 'Online', '_', '/', 'a/b.c=d-e_f',
  // Only an exponent: a YAML 1.1 float, though it starts with a letter.
  'e0', 'E12', 'e-1', 'e1_', 'e', 'e1x',
];

const TRICKY_NUMBERS = [0, -0, 1, -1, 1.5, 1e21, 1e-7, 12345678901234567890, 0.1 + 0.2];

const NUMBER_LIKE = NUMBER_LIKE_STRINGS;

/** The text of one scalar as written for `{ v: s }` (a value) and `{ [s]: 1 }` (a key). */
function writtenScalars(write: (doc: unknown) => string, s: string): string[] {
  return [write({ v: s }).slice('v: '.length, -1), write({ [s]: 1 }).slice(0, -': 1\n'.length)];
}

describe('stringifyYaml writes what cdk8s writes, quoting what Kubernetes would read as a number', () => {
  test('for every object of the example app, exactly what cdk8s writes', () => {
    for (const objects of Object.values(synthExamples())) {
      expect(stringifyYaml(...objects)).toBe(Yaml.stringify(...objects));
    }
  });

  test('writes the example app itself, without handing any document to the slower `yaml` path', () => {
    const examples = Object.values(synthExamples());
    const slow = jest.spyOn(Document.prototype, 'toString');
    try {
      for (const objects of examples) stringifyYaml(...objects);
      expect(slow).not.toHaveBeenCalled();
      // The spy sees the slower path when it is taken.
      stringifyYaml({ withNull: null });
      expect(slow).toHaveBeenCalled();
    } finally {
      slow.mockRestore();
    }
  });

  test.each(TRICKY_STRINGS.map((s) => [JSON.stringify(s).slice(0, 40), s]))('for the string %s as a value, a key and a list item, at every depth', (_, s) => {
    const docs = [
      { value: s },
      { [s]: 'value' },
      { list: [s, { nested: s }, [s]] },
      { a: { b: { c: s, [s]: [s] } } },
      [s, { k: s }],
    ];
    for (const doc of docs) {
      // Both of our paths write the same text.
      expect(stringifyYaml(doc)).toBe(stringifyWithYaml(doc));
      if (kubernetesReadsAsNumber(s)) expect(stringifyYaml(doc)).toContain(`"${s}"`);
      else expect(stringifyYaml(doc)).toBe(Yaml.stringify(doc));
    }
  });

  test('for numbers, booleans, empty collections, nulls and several documents', () => {
    const docs = [
      { numbers: TRICKY_NUMBERS, map: Object.fromEntries(TRICKY_NUMBERS.map((n, i) => [`n${i}`, n])) },
      { t: true, f: false, list: [true, false] },
      { emptyMap: {}, emptyList: [], inList: [{}, []], nested: { e: {} } },
      { withNull: null, list: [null] },
      { allNull: { a: null, b: null } },
      [],
      {},
      undefined,
      { last: 'doc' },
    ];
    expect(stringifyYaml(...docs)).toBe(Yaml.stringify(...docs));
  });

  test('its list of implicitly typed strings is the `yaml` package\'s YAML 1.1 schema', () => {
    const schema = new Document(null, { version: '1.1' }).schema;
    const tests = schema.tags
      .filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test)
      .map((t) => String(t.test));
    expect(YAML_1_1_IMPLICIT_TAGS.map(String)).toEqual(tests);
  });

  test('the synth bundle\'s copy of `yaml` (the one cdk8s loads) is the version these tests use', () => {
    const bundled = path.join(yamlOfCdk8s(), 'package.json');
    expect(JSON.parse(fs.readFileSync(bundled, 'utf8')).version).toBe(JSON.parse(fs.readFileSync(require.resolve('yaml/package.json'), 'utf8')).version);
  });
});

describe('every string is read back as that string by Kubernetes', () => {
  // cdk8s writes `0o17` plain (YAML 1.1 has no `0o`); kubectl reads it as 15 and the API server
  // refuses a number as a ConfigMap value, label or env value; as a key it silently becomes "15".
  test.each([
    ['0o17', 15],
    ['0X1F', 31],
    ['0B101', 5],
    ['0b-1', -1],
    ['+_1', 1],
    ['1e_3', 1000],
    ['.5e1_0', 5e9],
  ])('%s, which cdk8s writes plain and Kubernetes reads as %d, is quoted', (s, number) => {
    expect(kubernetesReadsPlain(s)).toBe(number);
    expect(writtenScalars(Yaml.stringify, s)).toEqual([s, s]);
    expect(writtenScalars(stringifyYaml, s)).toEqual([`"${s}"`, `"${s}"`]);
    expect(writtenScalars(stringifyWithYaml, s)).toEqual([`"${s}"`, `"${s}"`]);
  });

  /** The strings of `strings` that a writer leaves plain (as a value or a key) and Kubernetes reads as something else. */
  const misreadAfter = (write: (doc: unknown) => string, strings: readonly string[]): string[] =>
    strings.filter((s) => writtenScalars(write, s).some((text) => !/^["']/.test(text) && kubernetesReadsPlain(text) !== s));

  const misreadAfterCdk8s = misreadAfter(Yaml.stringify, NUMBER_LIKE);

  test(`each of ${NUMBER_LIKE.length} number-like strings is written as cdk8s writes it unless Kubernetes would read cdk8s's text as a number`, () => {
    // As values (keys take the same path; the table of tricky strings covers them).
    const differ = NUMBER_LIKE.filter((s) => !kubernetesReadsAsNumber(s) && stringifyYaml({ v: s }) !== Yaml.stringify({ v: s }));
    expect(differ).toEqual([]);
  });

  test(`none of ${NUMBER_LIKE.length} number-like strings, as a value and as a key`, () => {
    expect(misreadAfterCdk8s.length).toBeGreaterThan(100);
    expect(misreadAfter(stringifyYaml, NUMBER_LIKE)).toEqual([]);
  });

  test('the YAML 1.2 reader of the report and `npm run validate` (js-yaml, core schema) reads each of them back too', () => {
    const misread = NUMBER_LIKE.filter((s) => {
      const doc = load(stringifyYaml({ v: s, [s]: 'key' }), { schema: CORE_SCHEMA }) as Record<string, unknown>;
      return doc.v !== s || doc[s] !== 'key';
    });
    expect(misread).toEqual([]);
  });

  test('none of the strings cdk8s gets wrong, on the path through the `yaml` package either', () => {
    expect(misreadAfter(stringifyWithYaml, misreadAfterCdk8s)).toEqual([]);
  });

  test('number-like strings that every reader reads as text stay plain', () => {
    expect(NUMBER_LIKE.filter((s) => !writtenScalars(stringifyYaml, s)[0].startsWith('"')).length).toBeGreaterThan(NUMBER_LIKE.length / 2);
    expect(writtenScalars(stringifyYaml, '8080x')).toEqual(['8080x', '8080x']);
  });
});

describe('stringifyYamlDocument remembers what it wrote', () => {
  // What Kubernetes and Airflow read: YAML 1.1, the version cdk8s writes.
  const parsed = (text: string) => parse(text, { version: '1.1' });

  test('every pod template of the example app is remembered as exactly what a YAML 1.1 reader makes of its text', () => {
    const templates = Object.values(synthExamples())
      .flat()
      .filter((o) => o.kind === 'ConfigMap')
      .flatMap((o) => Object.entries((o.data ?? {}) as Record<string, string>).filter(([key]) => /\.yaml$/.test(key)).map(([, text]) => text));
    expect(templates.length).toBeGreaterThan(10);
    for (const text of templates) {
      expect(writtenYamlDocument(text)).toBeDefined();
      expect(writtenYamlDocument(text)).toStrictEqual(parsed(text));
    }
  });

  test('writes what stringifyYaml writes, and remembers a copy the caller cannot change', () => {
    // -0 is the one JSON value the copy changes (to 0); no manifest holds it.
    const doc = { kind: 'Pod', numbers: TRICKY_NUMBERS.filter((n) => !Object.is(n, -0)), strings: TRICKY_STRINGS, nested: { list: [{}, []] } };
    const text = stringifyYamlDocument(doc);
    expect(text).toBe(stringifyYaml(doc));
    doc.nested.list.push({ changed: true } as never);
    expect(writtenYamlDocument(text)).toStrictEqual(parsed(text));
  });

  test('remembers nothing it did not write', () => {
    expect(writtenYamlDocument(stringifyYaml({ written: 'by stringifyYaml' }))).toBeUndefined();
  });
});
