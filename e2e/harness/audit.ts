import * as fs from 'fs';

interface AuditEvent {
  user?: { username?: string };
  verb?: string;
  objectRef?: { resource?: string; namespace?: string; name?: string; subresource?: string };
  responseStatus?: { code?: number };
  requestURI?: string;
}

/** Audit log lines (JSON, one event each) of requests answered 403 for the given users. */
export function forbiddenFor(auditLog: string, usernames: ReadonlySet<string>): string[] {
  if (!fs.existsSync(auditLog)) return [];
  const hits: string[] = [];
  for (const line of fs.readFileSync(auditLog, 'utf8').split('\n')) {
    if (!line.includes('"code":403')) continue;
    const e = JSON.parse(line) as AuditEvent;
    const user = e.user?.username ?? '';
    if (e.responseStatus?.code === 403 && usernames.has(user)) hits.push(`${user} ${e.verb} ${e.requestURI}`);
  }
  return [...new Set(hits)];
}

/** The username a ServiceAccount's token authenticates as. */
export const serviceAccountUser = (namespace: string, name: string) => `system:serviceaccount:${namespace}:${name}`;

/** One audited request on an object, for "who created this pod" checks. */
export interface AuditedRequest {
  readonly user: string;
  readonly verb: string;
  readonly name: string;
  readonly code: number;
  readonly at: string;
}

/** Requests of `verb` on `resource` objects in a namespace (no subresources), in log order. */
export function auditedRequests(auditLog: string, namespace: string, resource: string, verb: string): AuditedRequest[] {
  if (!fs.existsSync(auditLog)) return [];
  const out: AuditedRequest[] = [];
  for (const line of fs.readFileSync(auditLog, 'utf8').split('\n')) {
    if (!line.includes(`"verb":"${verb}"`) || !line.includes(`"resource":"${resource}"`)) continue;
    const e = JSON.parse(line) as AuditEvent & { requestReceivedTimestamp?: string };
    const ref = e.objectRef ?? {};
    if (ref.namespace !== namespace || ref.subresource || ref.resource !== resource || e.verb !== verb) continue;
    out.push({ user: e.user?.username ?? '', verb, name: ref.name ?? '', code: e.responseStatus?.code ?? 0, at: e.requestReceivedTimestamp ?? '' });
  }
  return out;
}
