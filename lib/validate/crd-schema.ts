/**
 * Strict validation of custom resources against the `openAPIV3Schema` of the CRDs in
 * `imports/crds/`, offline. It follows what the API server does with a structural schema, but
 * where the API server silently prunes a field it does not know, this rejects it: a pruned field
 * is a setting that never reaches the controller.
 *
 * Checked: type, nullable, required, enum, properties / additionalProperties (schema or boolean),
 * x-kubernetes-preserve-unknown-fields, x-kubernetes-int-or-string, x-kubernetes-embedded-resource,
 * items, minimum / maximum (and exclusive), pattern, minLength / maxLength, minItems / maxItems,
 * minProperties / maxProperties, x-kubernetes-list-type set / map uniqueness, anyOf / allOf /
 * oneOf / not, and the formats int32, date-time and byte. The root `metadata` is checked as a
 * Kubernetes ObjectMeta (name, namespace, labels, annotations, finalizers, ownerReferences).
 * Not checked: x-kubernetes-validations (CEL rules) and other formats.
 *
 * Problems read `Application/airflow-celery: $.spec.source.directory.inclde: unknown field`.
 */
import { CRD_DIR, JsonSchema, crdGroups, crdsOfGroup } from './crds';

export { CRD_DIR, crdGroups, loadCrds } from './crds';
export type { Crd, CrdVersion, JsonSchema } from './crds';

/** True when `apiVersion` (`group/version`) belongs to a group with an imported CRD. */
export function isCustomResourceApiVersion(apiVersion: unknown, dir: string = CRD_DIR): boolean {
  return typeof apiVersion === 'string' && apiVersion.includes('/') && crdGroups(dir).has(apiVersion.split('/')[0]);
}

/**
 * Problems with one custom resource; empty when it is valid. The CRD is picked by the group of
 * `apiVersion` and by `kind`; the version must exist in the CRD and be served.
 */
export function validateCustomResource(obj: unknown, dir: string = CRD_DIR): string[] {
  if (!isPlainObject(obj)) return [`$: expected a Kubernetes object, got ${describe(obj)}`];
  const kind = typeof obj.kind === 'string' ? obj.kind : '<no kind>';
  const name = isPlainObject(obj.metadata) && typeof obj.metadata.name === 'string' ? obj.metadata.name : '<no name>';
  const prefix = `${kind}/${name}: `;
  const apiVersion = obj.apiVersion;
  if (typeof apiVersion !== 'string' || !/^[^/]+\/[^/]+$/.test(apiVersion)) {
    return [`${prefix}$.apiVersion: must be "<group>/<version>", got ${describe(apiVersion)}`];
  }
  const [group, version] = apiVersion.split('/');
  const crds = crdsOfGroup(group, dir);
  const crd = crds.find((c) => c.group === group && c.kind === kind);
  if (!crd) {
    const kinds = crds.filter((c) => c.group === group).map((c) => c.kind);
    return [`${prefix}no imported CRD for kind ${kind} in group ${group} (imported kinds in ${group}: ${kinds.join(', ') || 'none'})`];
  }
  const crdVersion = crd.versions.find((v) => v.name === version);
  const served = crd.versions.filter((v) => v.served).map((v) => `${group}/${v.name}`).join(', ');
  if (!crdVersion) return [`${prefix}${apiVersion} is not a version of ${kind} in ${crd.file} (served: ${served})`];
  if (!crdVersion.served) return [`${prefix}${apiVersion} ${kind} is not served (served: ${served})`];

  const problems: string[] = [];
  validateRoot(obj, crdVersion.schema, problems);
  return problems.map((p) => prefix + p);
}

/**
 * Problems with `value` against one schema node, each starting with its JSON path under `path`.
 * Exposed so single keywords can be tested without a CRD.
 */
export function validateAgainstSchema(value: unknown, schema: JsonSchema, path = '$'): string[] {
  const problems: string[] = [];
  validateNode(value, schema, path, problems, false);
  return problems;
}

/** The root of a custom resource: its `metadata` is an ObjectMeta, whatever the CRD says. */
function validateRoot(obj: Record<string, unknown>, schema: JsonSchema, problems: string[]): void {
  const { metadata, ...rest } = obj;
  const { metadata: metadataSchema, ...properties } = schema.properties ?? {};
  validateNode(rest, { ...schema, properties, required: (schema.required ?? []).filter((r) => r !== 'metadata') }, '$', problems, false);
  if (metadata === undefined) {
    problems.push('$.metadata: required field is missing');
    return;
  }
  validateObjectMeta(metadata, '$.metadata', problems, true);
  // A CRD may only restrict metadata.name and metadata.generateName; apply what it declares.
  if (isPlainObject(metadata)) {
    for (const [key, child] of Object.entries(metadataSchema?.properties ?? {})) {
      if (metadata[key] !== undefined) validateNode(metadata[key], child, childPath('$.metadata', key), problems, false);
    }
  }
}

/**
 * @param inBranch true under anyOf / allOf / oneOf / not: in a structural schema those only add
 *   value checks to fields the main schema declares, so unknown fields are not judged there.
 */
function validateNode(value: unknown, schema: JsonSchema, path: string, problems: string[], inBranch: boolean): void {
  if (value === undefined) return;
  if (value === null) {
    if (!schema.nullable) problems.push(`${path}: must not be null`);
    return;
  }

  if (schema['x-kubernetes-int-or-string']) {
    if (!(typeof value === 'string' || Number.isInteger(value))) {
      problems.push(`${path}: expected an integer or a string, got ${describe(value)}`);
      return;
    }
  } else if (schema.type !== undefined && !hasType(value, schema.type)) {
    problems.push(`${path}: expected ${schema.type}, got ${describe(value)}`);
    return;
  }

  if (schema.enum && !schema.enum.some((allowed) => sameValue(allowed, value))) {
    problems.push(`${path}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(value)}`);
  }
  if (typeof value === 'string') checkString(value, schema, path, problems);
  if (typeof value === 'number') checkNumber(value, schema, path, problems);
  if (Array.isArray(value)) checkArray(value, schema, path, problems, inBranch);
  if (isPlainObject(value)) checkObject(value, schema, path, problems, inBranch);

  for (const branch of schema.allOf ?? []) validateNode(value, branch, path, problems, true);
  if (schema.anyOf && !schema.anyOf.some((branch) => validateAgainstBranch(value, branch, path).length === 0)) {
    problems.push(`${path}: matches none of the anyOf alternatives, got ${describe(value)}`);
  }
  if (schema.oneOf) {
    const matches = schema.oneOf.filter((branch) => validateAgainstBranch(value, branch, path).length === 0).length;
    if (matches !== 1) problems.push(`${path}: must match exactly one of the oneOf alternatives, matches ${matches}`);
  }
  if (schema.not && validateAgainstBranch(value, schema.not, path).length === 0) {
    problems.push(`${path}: must not match the "not" schema`);
  }
}

function validateAgainstBranch(value: unknown, branch: JsonSchema, path: string): string[] {
  const problems: string[] = [];
  validateNode(value, branch, path, problems, true);
  return problems;
}

function checkString(value: string, schema: JsonSchema, path: string, problems: string[]): void {
  const length = [...value].length; // Kubernetes counts characters, not UTF-16 units
  if (schema.minLength !== undefined && length < schema.minLength) {
    problems.push(`${path}: must be at least ${schema.minLength} characters long, got ${JSON.stringify(value)}`);
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    problems.push(`${path}: must be at most ${schema.maxLength} characters long, got ${length}`);
  }
  if (schema.pattern !== undefined && !regex(schema.pattern).test(value)) {
    problems.push(`${path}: must match /${schema.pattern}/, got ${JSON.stringify(value)}`);
  }
  const format = schema.format === undefined ? undefined : STRING_FORMATS[schema.format];
  if (format && !format.test(value)) problems.push(`${path}: must be a valid ${schema.format}, got ${JSON.stringify(value)}`);
}

function checkNumber(value: number, schema: JsonSchema, path: string, problems: string[]): void {
  if (schema.minimum !== undefined) {
    const ok = schema.exclusiveMinimum ? value > schema.minimum : value >= schema.minimum;
    if (!ok) problems.push(`${path}: must be ${schema.exclusiveMinimum ? '>' : '>='} ${schema.minimum}, got ${value}`);
  }
  if (schema.maximum !== undefined) {
    const ok = schema.exclusiveMaximum ? value < schema.maximum : value <= schema.maximum;
    if (!ok) problems.push(`${path}: must be ${schema.exclusiveMaximum ? '<' : '<='} ${schema.maximum}, got ${value}`);
  }
  if (schema.format === 'int32' && (value < -(2 ** 31) || value > 2 ** 31 - 1)) {
    problems.push(`${path}: must fit in a 32-bit integer, got ${value}`);
  }
}

function checkArray(value: unknown[], schema: JsonSchema, path: string, problems: string[], inBranch: boolean): void {
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    problems.push(`${path}: must have at least ${schema.minItems} items, got ${value.length}`);
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    problems.push(`${path}: must have at most ${schema.maxItems} items, got ${value.length}`);
  }
  if (schema.items) value.forEach((item, i) => validateNode(item, schema.items!, `${path}[${i}]`, problems, inBranch));

  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set' || listType === 'map') {
    const mapKeys = schema['x-kubernetes-list-map-keys'] ?? [];
    const identity = (item: unknown) =>
      listType === 'map' && isPlainObject(item) ? JSON.stringify(mapKeys.map((k) => item[k])) : JSON.stringify(item);
    const seen = new Map<string, number>();
    value.forEach((item, i) => {
      const id = identity(item);
      const first = seen.get(id);
      if (first === undefined) seen.set(id, i);
      else problems.push(`${path}[${i}]: duplicates ${path}[${first}] in a list of type ${listType}${listType === 'map' ? ` keyed by ${mapKeys.join(', ')}` : ''}`);
    });
  }
}

function checkObject(value: Record<string, unknown>, schema: JsonSchema, path: string, problems: string[], inBranch: boolean): void {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  for (const required of schema.required ?? []) {
    if (value[required] === undefined) problems.push(`${childPath(path, required)}: required field is missing`);
  }
  if (schema.minProperties !== undefined && keys.length < schema.minProperties) {
    problems.push(`${path}: must have at least ${schema.minProperties} fields, got ${keys.length}`);
  }
  if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
    problems.push(`${path}: must have at most ${schema.maxProperties} fields, got ${keys.length}`);
  }

  const properties = schema.properties ?? {};
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  for (const key of keys) {
    const child = value[key];
    const where = childPath(path, key);
    if (Object.prototype.hasOwnProperty.call(properties, key)) {
      validateNode(child, properties[key], where, problems, inBranch);
    } else if (embedded && (key === 'apiVersion' || key === 'kind')) {
      if (typeof child !== 'string') problems.push(`${where}: expected string, got ${describe(child)}`);
    } else if (embedded && key === 'metadata') {
      validateObjectMeta(child, where, problems, false);
    } else if (typeof schema.additionalProperties === 'object') {
      validateNode(child, schema.additionalProperties, where, problems, inBranch);
    } else if (schema.additionalProperties === true || schema['x-kubernetes-preserve-unknown-fields'] === true || inBranch) {
      // Declared open (or judged by the main schema): any value.
    } else {
      problems.push(`${where}: unknown field`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// ObjectMeta, as the API server checks it for every object.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const STRING_MAP: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };
const OBJECT_META: Readonly<Record<string, JsonSchema>> = {
  name: { type: 'string' },
  generateName: { type: 'string' },
  namespace: { type: 'string' },
  labels: STRING_MAP,
  annotations: STRING_MAP,
  finalizers: { type: 'array', items: { type: 'string' } },
  ownerReferences: {
    type: 'array',
    items: {
      type: 'object',
      required: ['apiVersion', 'kind', 'name', 'uid'],
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        name: { type: 'string' },
        uid: { type: 'string' },
        controller: { type: 'boolean' },
        blockOwnerDeletion: { type: 'boolean' },
      },
    },
  },
  // Set by the API server; valid in a manifest, though ours never carry them.
  uid: { type: 'string' },
  resourceVersion: { type: 'string' },
  generation: { type: 'integer' },
  selfLink: { type: 'string' },
  creationTimestamp: { type: 'string', format: 'date-time' },
  deletionTimestamp: { type: 'string', format: 'date-time' },
  deletionGracePeriodSeconds: { type: 'integer' },
  managedFields: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
};

/**
 * Checks an ObjectMeta: known fields and their types, and the name rules the API server applies
 * to custom resources (name: DNS subdomain, namespace: DNS label, label and annotation keys:
 * optional DNS-subdomain prefix + qualified name, label values: 63 characters of [A-Za-z0-9-_.]).
 */
function validateObjectMeta(meta: unknown, path: string, problems: string[], requireName: boolean): void {
  const before = problems.length;
  validateNode(meta, { type: 'object', properties: OBJECT_META }, path, problems, false);
  if (problems.length > before || !isPlainObject(meta)) return;

  if (requireName && meta.name === undefined && meta.generateName === undefined) {
    problems.push(`${path}.name: required field is missing (or set generateName)`);
  }
  if (typeof meta.name === 'string' && !isDnsSubdomain(meta.name)) {
    problems.push(`${path}.name: must be a lowercase RFC 1123 subdomain (at most 253 characters of a-z, 0-9, '-', '.'), got ${JSON.stringify(meta.name)}`);
  }
  if (typeof meta.namespace === 'string' && !(meta.namespace.length <= 63 && DNS_LABEL.test(meta.namespace))) {
    problems.push(`${path}.namespace: must be a lowercase RFC 1123 label (at most 63 characters of a-z, 0-9, '-'), got ${JSON.stringify(meta.namespace)}`);
  }
  for (const [key, val] of Object.entries((meta.labels ?? {}) as Record<string, string>)) {
    if (!isQualifiedKey(key)) problems.push(`${childPath(`${path}.labels`, key)}: invalid label key`);
    if (!(val.length <= 63 && LABEL_VALUE.test(val))) {
      problems.push(`${childPath(`${path}.labels`, key)}: invalid label value ${JSON.stringify(val)} (at most 63 characters of A-Z, a-z, 0-9, '-', '_', '.', starting and ending alphanumeric)`);
    }
  }
  for (const key of Object.keys((meta.annotations ?? {}) as Record<string, string>)) {
    if (!isQualifiedKey(key)) problems.push(`${childPath(`${path}.annotations`, key)}: invalid annotation key`);
  }
  ((meta.finalizers ?? []) as string[]).forEach((finalizer, i) => {
    if (!isQualifiedKey(finalizer)) problems.push(`${path}.finalizers[${i}]: must be a qualified name, got ${JSON.stringify(finalizer)}`);
  });
}

function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

/** `[prefix/]name`: prefix a DNS subdomain, name a qualified name of at most 63 characters. */
function isQualifiedKey(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  const prefixOk = parts.length === 1 || isDnsSubdomain(parts[0]);
  return prefixOk && name.length <= 63 && QUALIFIED_NAME.test(name);
}

// ---------------------------------------------------------------------------------------------
// Helpers.

const STRING_FORMATS: Readonly<Record<string, RegExp>> = {
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
};

const regexCache = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let compiled = regexCache.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern);
    regexCache.set(pattern, compiled);
  }
  return compiled;
}

function hasType(value: unknown, type: NonNullable<JsonSchema['type']>): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return false;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

/** `$.spec.source`, or `$.metadata.labels["app.kubernetes.io/name"]` for keys that are not identifiers. */
function childPath(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
