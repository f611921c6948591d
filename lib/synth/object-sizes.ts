/**
 * Size limits the API server applies and the schema does not state:
 * - a ConfigMap or Secret holds at most 1 MiB of data (core validation, MaxSecretSize);
 * - etcd stores at most 1.5 MiB per object (its default --max-request-bytes);
 * - annotations hold at most 256 KiB in total, and client-side `kubectl apply` copies the whole
 *   object into the kubectl.kubernetes.io/last-applied-configuration annotation, so a bigger
 *   object only applies with `kubectl apply --server-side` (a warning, not an error).
 */
import { RenderedObject } from './rendered-objects';

const MIB = 1024 * 1024;
/** Data a ConfigMap or Secret may hold. */
export const MAX_DATA_BYTES = MIB;
/** What etcd stores per object by default. */
export const MAX_OBJECT_BYTES = 1.5 * MIB;
/** What all annotations of an object may hold. */
export const MAX_ANNOTATION_BYTES = 256 * 1024;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Problems (objects Kubernetes refuses) and warnings (objects client-side apply cannot apply). */
export function objectSizeFindings(objects: readonly RenderedObject[]): { problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const { path, json } of objects) {
    const kind = String(json.kind);
    const what = `${kind} ${json.metadata?.namespace ? `${json.metadata.namespace}/` : ''}${json.metadata?.name}`;
    const objectBytes = Buffer.byteLength(JSON.stringify(json));
    const dataBytes = kind === 'ConfigMap' || kind === 'Secret' ? dataBytesOf(json) : 0;
    if (dataBytes > MAX_DATA_BYTES) {
      problems.push(
        `${path}: ${what} holds ${bytes(dataBytes)} of data; Kubernetes refuses more than ${bytes(MAX_DATA_BYTES)} (1 MiB) in one ${kind}: ` +
          'make the props it is built from smaller (long config values, large task pod families)',
      );
    } else if (objectBytes > MAX_OBJECT_BYTES) {
      problems.push(`${path}: ${what} is ${bytes(objectBytes)} as JSON; etcd stores at most ${bytes(MAX_OBJECT_BYTES)} (1.5 MiB) per object: make the props it is built from smaller`);
    } else if (lastAppliedAnnotationBytes(json, objectBytes) > MAX_ANNOTATION_BYTES) {
      warnings.push(
        `${path}: ${what} is ${bytes(objectBytes)} as JSON, too big for client-side kubectl apply, which copies it into the ${LAST_APPLIED} annotation ` +
          `(annotations hold at most ${bytes(MAX_ANNOTATION_BYTES)}): apply with kubectl apply --server-side (README: "Large objects"); Argo CD: sync option ServerSideApply=true`,
      );
    }
  }
  return { problems, warnings };
}

/** The annotations' size once client-side apply has added its copy of the object. */
function lastAppliedAnnotationBytes(json: Record<string, any>, objectBytes: number): number {
  const annotations = Object.entries((json.metadata?.annotations ?? {}) as Record<string, string>);
  return annotations.reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0) + LAST_APPLIED.length + objectBytes;
}

/** Bytes of a ConfigMap's or Secret's data, as the API server counts them (values, decoded). */
function dataBytesOf(json: Record<string, any>): number {
  const text = (map: unknown) => Object.values((map ?? {}) as Record<string, string>).reduce((sum, v) => sum + Buffer.byteLength(String(v)), 0);
  const base64 = (map: unknown) => Object.values((map ?? {}) as Record<string, string>).reduce((sum, v) => sum + Buffer.from(String(v), 'base64').length, 0);
  return json.kind === 'Secret' ? base64(json.data) + text(json.stringData) : text(json.data) + base64(json.binaryData);
}

function bytes(n: number): string {
  return `${n.toLocaleString('en-US')} bytes`;
}
