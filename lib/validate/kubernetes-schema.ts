/**
 * Strict schema validation of Kubernetes objects against the OpenAPI models, offline:
 * kubernetes-models checks types, required fields and formats; the field walk over
 * @kubernetes/client-node's attribute maps rejects unknown fields, which kubernetes-models allows.
 * Custom resources (an apiVersion group with a CRD in imports/crds/) are checked against their
 * CRD's openAPIV3Schema instead, see ./crd-schema.
 *
 * Models are loaded one file at a time, when an object needs them: loading the whole client
 * library takes about a second, which every test file and every `npm run validate` would pay.
 */
import { isCustomResourceApiVersion, validateCustomResource } from './crd-schema';

type Model = { getAttributeTypeMap(): Array<{ baseName: string; type: string }> };
const PRIMITIVES = new Set(['string', 'number', 'boolean', 'Date', 'object', 'IntOrString']);
const MODEL_DIR = '@kubernetes/client-node/dist/gen/model';
const models = new Map<string, Model | undefined>();
const fieldMaps = new Map<string, ReadonlyMap<string, string>>();

/** The client-node model class named `type` (`V1Deployment`), or undefined when there is none. */
function modelOf(type: string): Model | undefined {
  if (!models.has(type)) {
    let model: Model | undefined;
    if (/^[A-Za-z0-9]+$/.test(type)) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const module = require(`${MODEL_DIR}/${type[0].toLowerCase()}${type.slice(1)}`) as Record<string, Model | undefined>;
        model = module[type]?.getAttributeTypeMap ? module[type] : undefined;
      } catch {
        model = undefined;
      }
    }
    models.set(type, model);
  }
  return models.get(type);
}

/** Field name -> type of a model. */
function fieldsOf(type: string, model: Model): ReadonlyMap<string, string> {
  let fields = fieldMaps.get(type);
  if (!fields) {
    fields = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
    fieldMaps.set(type, fields);
  }
  return fields;
}

/**
 * Problems with one object; empty when it is valid. Built-in kinds, and custom resources of the
 * imported CRDs. Each problem names the kind and the field (`Service.spec.ports[0].targetPrt:
 * unknown field for V1ServicePort`); callers add the file and the object name.
 */
export function validateK8sObject(obj: any): string[] {
  if (isCustomResourceApiVersion(obj?.apiVersion)) return validateCustomResource(obj);
  if (typeof obj?.apiVersion !== 'string' || typeof obj?.kind !== 'string') {
    return [`not a Kubernetes object: apiVersion and kind must be strings, got ${JSON.stringify(obj?.apiVersion)} and ${JSON.stringify(obj?.kind)}`];
  }
  const problems: string[] = [];
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['v1', obj.apiVersion];
  const modelName = `${version[0].toUpperCase()}${version.slice(1)}${obj.kind}`;
  if (!modelOf(modelName)) return [`unknown kind ${obj.apiVersion} ${obj.kind}`];
  walk(obj, modelName, obj.kind, problems);

  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(group === 'v1' ? 'kubernetes-models/v1' : `kubernetes-models/${group}/${version}`);
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
  const model = modelOf(type);
  if (!model) {
    problems.push(`${path}: no schema for type ${type}`);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${path}: expected an object of type ${type}`);
    return;
  }
  const fields = fieldsOf(type, model);
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
