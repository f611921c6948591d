import { Yaml } from 'cdk8s';
import { Document, parse } from 'yaml';
import { YAML_1_1_IMPLICIT_TAGS, stringifyYaml, stringifyYamlDocument, writtenYamlDocument } from '../lib/yaml';
import { synthExamples } from './support/app';

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
];

const TRICKY_NUMBERS = [0, -0, 1, -1, 1.5, 1e21, 1e-7, 12345678901234567890, 0.1 + 0.2];

describe('stringifyYaml writes exactly what cdk8s writes', () => {
  test('for every object of the example app', () => {
    for (const objects of Object.values(synthExamples())) {
      expect(stringifyYaml(...objects)).toBe(Yaml.stringify(...objects));
    }
  });

  test('writes the example app itself, without handing any document to the slower `yaml` path', () => {
    const examples = Object.values(synthExamples());
    const slow = jest.spyOn(Yaml, 'stringify');
    try {
      for (const objects of examples) stringifyYaml(...objects);
      expect(slow).not.toHaveBeenCalled();
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
    for (const doc of docs) expect(stringifyYaml(doc)).toBe(Yaml.stringify(doc));
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
