/**
 * The app's objects rendered once, with the construct path of each. Rendering (resolving every
 * object to JSON) is the costly part of a synth, and the whole-app checks need the JSON, so each
 * chart keeps its rendering and `app.synth()` writes that same JSON instead of rendering again.
 * Call this only when the app is complete: later changes would not reach the output.
 */
import { ApiObject, App } from 'cdk8s';

/** One rendered object and the construct that wrote it. */
export interface RenderedObject {
  /** Construct path of the ApiObject, e.g. `airflow-celery/airflow/config`. */
  readonly path: string;
  readonly json: Record<string, any>;
}

/** Renders every chart once (and makes the chart reuse that rendering); returns every object. */
export function renderOnce(app: App): RenderedObject[] {
  const rendered: RenderedObject[] = [];
  for (const chart of app.charts) {
    const paths = new Map<string, string[]>();
    for (const obj of chart.node.findAll()) {
      if (!(obj instanceof ApiObject)) continue;
      const key = keyOf(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.name);
      paths.set(key, [...(paths.get(key) ?? []), obj.node.path]);
    }
    const json = chart.toJson();
    Object.defineProperty(chart, 'toJson', { value: (): any[] => json, configurable: true });
    for (const object of json) {
      const key = keyOf(object.apiVersion, object.kind, object.metadata?.namespace, object.metadata?.name);
      // Objects are matched by identity; a patch that renamed one leaves the chart's path.
      rendered.push({ path: paths.get(key)?.shift() ?? chart.node.path, json: object });
    }
  }
  return rendered;
}

function keyOf(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  return `${apiVersion} ${kind} ${namespace ?? ''}/${name}`;
}

