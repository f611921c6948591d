/**
 * Strict schema validation of synthesized objects against the Kubernetes OpenAPI models:
 * kubernetes-models checks types, required fields and formats; the field walk over
 * @kubernetes/client-node's attribute maps rejects unknown fields, which kubernetes-models allows.
 * Custom resources (an apiVersion group with a CRD in imports/crds/) are checked against their
 * CRD's openAPIV3Schema instead, see ./crd-schema.
 */
import * as client from '@kubernetes/client-node';
import { isCustomResourceApiVersion, validateCustomResource } from './crd-schema';

type Model = { getAttributeTypeMap(): Array<{ baseName: string; type: string }> };
const models = client as unknown as Record<string, Model | undefined>;
const PRIMITIVES = new Set(['string', 'number', 'boolean', 'Date', 'object', 'IntOrString']);

/** Problems with one object; empty when it is valid. Built-in kinds, and custom resources of the imported CRDs. */
export function validateK8sObject(obj: any): string[] {
  if (isCustomResourceApiVersion(obj?.apiVersion)) return validateCustomResource(obj);
  const problems: string[] = [];
  const [group, version] = String(obj.apiVersion).includes('/') ? obj.apiVersion.split('/') : ['v1', obj.apiVersion];
  const modelName = `${version[0].toUpperCase()}${version.slice(1)}${obj.kind}`;
  if (!models[modelName]?.getAttributeTypeMap) return [`unknown kind ${obj.apiVersion} ${obj.kind}`];
  walk(obj, modelName, obj.kind, problems);

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(group === 'v1' ? 'kubernetes-models/v1' : `kubernetes-models/${group}/${version}`);
  try {
    new module[obj.kind](obj).validate();
  } catch (error) {
    problems.push(`${obj.kind}/${obj.metadata?.name}: ${(error as Error).message}`);
  }
  return problems;
}

function walk(value: any, type: string, path: string, problems: string[]): void {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) problems.push(`${path}: expected a list`);
    else value.forEach((item, i) => walk(item, array[1], `${path}[${i}]`, problems));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value !== 'object' || Array.isArray(value)) problems.push(`${path}: expected a map`);
    else for (const [k, v] of Object.entries(value)) walk(v, map[1], `${path}.${k}`, problems);
    return;
  }
  if (PRIMITIVES.has(type)) {
    checkPrimitive(value, type, path, problems);
    return;
  }
  const model = models[type];
  if (!model?.getAttributeTypeMap) {
    problems.push(`${path}: no schema for type ${type}`);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${path}: expected an object of type ${type}`);
    return;
  }
  const fields = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [key, child] of Object.entries(value)) {
    const childType = fields.get(key);
    if (childType === undefined) problems.push(`${path}.${key}: unknown field for ${type}`);
    else walk(child, childType, `${path}.${key}`, problems);
  }
}

function checkPrimitive(value: unknown, type: string, path: string, problems: string[]): void {
  const ok =
    (type === 'string' && typeof value === 'string') ||
    (type === 'number' && typeof value === 'number') ||
    (type === 'boolean' && typeof value === 'boolean') ||
    (type === 'Date' && typeof value === 'string') ||
    (type === 'IntOrString' && (typeof value === 'string' || typeof value === 'number')) ||
    type === 'object';
  if (!ok) problems.push(`${path}: expected ${type}, got ${JSON.stringify(value)}`);
}
