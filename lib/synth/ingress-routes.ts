/**
 * Two Ingresses of one ingress class routing the same host and path: the controller sends every
 * request to one of them (which one depends on the controller and on creation order), so the
 * other deployment is silently unreachable. Ingresses of different classes are served by
 * different controllers and may share a host.
 */
import { RenderedObject } from './rendered-objects';

interface Route {
  readonly route: string;
  readonly where: string;
}

/** One message per host and path routed by more than one Ingress of the same class. */
export function conflictingIngressRoutes(objects: readonly RenderedObject[]): string[] {
  const routes = new Map<string, Route[]>();
  for (const { path: where, json } of objects) {
    if (json.kind !== 'Ingress') continue;
    const spec = json.spec ?? {};
    const className = spec.ingressClassName ?? '(default class)';
    for (const rule of spec.rules ?? []) {
      for (const httpPath of rule.http?.paths ?? []) {
        const route = `${String(rule.host ?? '*').toLowerCase()}${normalize(String(httpPath.path ?? '/'))}`;
        const key = `${className} ${route}`;
        routes.set(key, [...(routes.get(key) ?? []), { route, where }]);
      }
    }
  }
  return [...routes.values()]
    .filter((list) => new Set(list.map((r) => r.where)).size > 1)
    .map(([first, ...others]) =>
      `${others.map((r) => r.where).join(' and ')}: routes ${first.route}, like ${first.where}: ` +
        'the ingress controller sends every request to one of them, so the other is unreachable; give each deployment its own ingress.host or ingress.path',
    );
}

/** `/airflow/` and `/airflow` route the same requests. */
function normalize(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
