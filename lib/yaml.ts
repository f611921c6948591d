/**
 * YAML text of synthesized objects: what cdk8s's `Yaml.stringify` writes (the `yaml` package, YAML
 * 1.1 schema, no line folding), except that a string Kubernetes would read as a number is quoted
 * (see `kubernetesReadsAsNumber`), and several times faster: it writes the plain maps, lists,
 * strings, numbers and booleans that manifests consist of directly instead of building a YAML
 * document tree first. A document holding anything else (null, a string with control characters or
 * a document marker, a multi-line string that would be double-quoted, a key over 1024 characters)
 * is written by the `yaml` package with cdk8s's settings and the same quoting, so the output never
 * depends on which path wrote it. `__tests__/yaml.test.ts` compares both paths and cdk8s on every
 * example and on a table of tricky values, and reads every plain scalar back as Kubernetes does.
 */
import { Document, isScalar, visit } from 'yaml';

/**
 * Strings YAML 1.1 would read as something else (null, bool, int, float, sexagesimal, timestamp,
 * merge key): the `test` of every default tag of the `yaml` package's 1.1 schema, in its order.
 */
export const YAML_1_1_IMPLICIT_TAGS: readonly RegExp[] = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^<<$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
];

const INDENT_STEP = '  ';
/** Characters that force double quotes (control characters, unpaired surrogates). */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/** What a plain scalar may not look like (the `yaml` package's plainString rules). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Common safe strings: skip the full rules. */
const SIMPLE = /^[A-Za-z_/][A-Za-z0-9_./=-]*$/;
/**
 * The implicitly typed strings a SIMPLE string can be: YAML 1.1's null and bool words, and a float
 * that is only an exponent (`e0`, `E-12`: its float pattern makes the digits before it optional).
 */
const SIMPLE_BUT_TYPED = /^(?:[Nn]ull|NULL|Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON|N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF|[eE]-?[0-9]+)$/;

/** Go's integer syntax (base prefixes in either case, a sign after `0b`) and go-yaml's float syntax, once underscores are removed. */
const GO_INTEGER = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][-+]?[01]+|[0-9]+)$/;
const GO_YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Go's float syntax for a text starting with a dot (underscores between digits allowed). */
const GO_DOT_FLOAT = /^\.[0-9][0-9_]*(?:[eE][-+]?[0-9][0-9_]*)?$/;

/**
 * Whether Kubernetes' YAML reader would read this plain scalar as a number although YAML 1.1 (what
 * `yaml` quotes for) reads a string. kubectl, the API server and Argo CD read manifests with the
 * go-yaml v2 fork in sigs.k8s.io/yaml: it removes every underscore from a text that starts with a
 * digit or sign and hands it to Go's `strconv.ParseInt` (base 0: `0o17`, `0X1F`, `0B1`), then to
 * its own float syntax, and reads `0b-1` in base 2; a text starting with a dot goes to
 * `strconv.ParseFloat` (`.5e1_0`). Written plain, `0o17` reaches the API server as the number 15,
 * which a ConfigMap value, a label or an env value rejects, and as a map key it silently becomes
 * "15". The test is generous: quoting a string that would have been read right costs nothing.
 */
export function kubernetesReadsAsNumber(value: string): boolean {
  const first = value[0];
  if (first === '.') return GO_DOT_FLOAT.test(value);
  if (first !== '+' && first !== '-' && !(first >= '0' && first <= '9')) return false;
  const plain = value.replace(/_/g, '');
  return GO_INTEGER.test(plain) || GO_YAML_FLOAT.test(plain);
}

/** Thrown inside the fast path for anything it does not write exactly like `yaml`. */
class Unsupported extends Error {}

/**
 * The documents `stringifyYamlDocument` wrote, as plain JSON values by their text: the report of
 * the same synth reads pod templates back from ConfigMaps and needs no YAML parser for them.
 */
const writtenDocuments = new Map<string, unknown>();
/** Enough for every template of a large app; past it the oldest half is forgotten. */
const WRITTEN_DOCUMENTS_LIMIT = 2000;

/**
 * One document's YAML text (as `stringifyYaml`), remembered so that `writtenYamlDocument(text)`
 * returns its value without parsing. Only for plain JSON values (what YAML can hold).
 */
export function stringifyYamlDocument(doc: unknown): string {
  const text = stringifyYaml(doc);
  if (writtenDocuments.size >= WRITTEN_DOCUMENTS_LIMIT) {
    for (const key of [...writtenDocuments.keys()].slice(0, WRITTEN_DOCUMENTS_LIMIT / 2)) writtenDocuments.delete(key);
  }
  // A copy: the caller may change its objects afterwards.
  writtenDocuments.set(text, JSON.parse(JSON.stringify(doc)));
  return text;
}

/** The value `stringifyYamlDocument` wrote as `text` in this process, if it did. */
export function writtenYamlDocument(text: string): unknown {
  return writtenDocuments.get(text);
}

/** Multi-document YAML: each document as cdk8s writes it, separated by `---`. */
export function stringifyYaml(...docs: readonly unknown[]): string {
  return docs.map((doc) => (doc === undefined ? '\n' : stringifyDocument(doc))).join('---\n');
}

/** One document, through the fast path when it can be written exactly, else through `yaml`. */
function stringifyDocument(doc: unknown): string {
  if (isPlainObject(doc) || Array.isArray(doc)) {
    try {
      return node(doc, '') + '\n';
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
    }
  }
  return stringifyWithYaml(doc);
}

/** `yaml`'s text of one document with cdk8s's settings, quoting what Kubernetes would read as a number (exported for tests; `stringifyYaml` uses it where its own path cannot write a document). */
export function stringifyWithYaml(doc: unknown): string {
  const options = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;
  const document = new Document(doc, options);
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && isScalar(node) && !node.type && kubernetesReadsAsNumber(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return document.toString(options);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A value at `indent` (the indentation its own lines would get), as `yaml`'s stringify does it. */
function node(value: unknown, indent: string): string {
  if (Array.isArray(value)) return sequence(value, indent);
  if (isPlainObject(value)) return mapping(value, indent);
  return scalar(value, indent, false);
}

function mapping(map: Record<string, unknown>, indent: string): string {
  const keys = Object.keys(map);
  if (keys.length === 0) return '{}';
  const inner = indent + INDENT_STEP;
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    // An empty key is written as an explicit key (`? ""`).
    if (key === '') throw new Unsupported();
    const keyText = scalar(key, inner, true);
    if (keyText.length > 1024) throw new Unsupported();
    const value = map[key];
    let line = keyText + ':';
    if (Array.isArray(value) || isPlainObject(value)) {
      const text = node(value, inner);
      line += text === '{}' || text === '[]' ? ' ' + text : '\n' + inner + text;
    } else {
      const text = scalar(value, inner, false);
      line += text[0] === '\n' ? text : ' ' + text;
    }
    out += i === 0 ? line : '\n' + indent + line;
  }
  return out;
}

function sequence(items: readonly unknown[], indent: string): string {
  if (items.length === 0) return '[]';
  const inner = indent + INDENT_STEP;
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const line = '- ' + node(items[i], inner);
    out += i === 0 ? line : '\n' + indent + line;
  }
  return out;
}

/** A scalar; `indent` is the indentation of the lines of a block scalar. */
function scalar(value: unknown, indent: string, implicitKey: boolean): string {
  switch (typeof value) {
    case 'string':
      return string(value, indent, implicitKey);
    case 'number':
      if (!Number.isFinite(value)) throw new Unsupported();
      return Object.is(value, -0) ? '-0' : JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      throw new Unsupported();
  }
}

function string(value: string, indent: string, implicitKey: boolean): string {
  if (SIMPLE.test(value) && !SIMPLE_BUT_TYPED.test(value)) return value;
  // `<<` is the merge key, which `yaml` writes plain wherever it appears.
  if (CONTROL.test(value) || DOCUMENT_MARKER.test(value) || value === '<<') throw new Unsupported();
  const multiLine = value.includes('\n');
  if (implicitKey && multiLine) throw new Unsupported();
  if (NOT_PLAIN.test(value)) return implicitKey || !multiLine ? quoted(value) : block(value, indent);
  if (multiLine) return block(value, indent);
  if (YAML_1_1_IMPLICIT_TAGS.some((tag) => tag.test(value)) || kubernetesReadsAsNumber(value)) return quoted(value);
  return value;
}

/** A single-line quoted string: single quotes only when the value has `"` and no `'`. */
function quoted(value: string): string {
  if (value.includes('\n')) throw new Unsupported();
  const hasDouble = value.includes('"');
  const hasSingle = value.includes("'");
  if (hasDouble && !hasSingle) return `'${value}'`;
  return JSON.stringify(value);
}

/** A literal block scalar (`|`, `|-`, `|+`), as `yaml`'s blockString writes it without folding. */
function block(input: string, indent: string): string {
  if (/\n[\t ]+$/.test(input)) throw new Unsupported();
  let value = input;
  let endStart = value.length;
  while (endStart > 0) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
    endStart--;
  }
  let end = value.substring(endStart);
  const endNlPos = end.indexOf('\n');
  const chomp = endNlPos === -1 ? '-' : value === end || endNlPos !== end.length - 1 ? '+' : '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') end = end.slice(0, -1);
    end = end.replace(/(^|(?<!\n))\n+(?!\n|$)/g, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd = 0;
  let startNlPos = -1;
  for (; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === ' ') startWithSpace = true;
    else if (ch === '\n') startNlPos = startEnd;
    else break;
  }
  let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? (indent ? '2' : '1') : '') + chomp;
  value = value.replace(/\n+/g, `$&${indent}`);
  return `|${header}\n${indent}${start}${value}${end}`;
}
