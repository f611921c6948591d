/**
 * YAML parsing for reports. Uses js-yaml with the YAML 1.2 core schema (what cdk8s writes): it
 * parses the manifests 4-5x faster than the `yaml` package, and the report runs inside every
 * `npm run synth`, so this is most of the report's cost.
 */
import { CORE_SCHEMA, load, loadAll } from 'js-yaml';

/** Every document of a multi-document YAML text, empty documents dropped. */
export function parseYamlDocuments(text: string): unknown[] {
  return loadAll(text, undefined, { schema: CORE_SCHEMA }).filter((doc) => doc !== null && doc !== undefined);
}

/** One YAML document. */
export function parseYamlDocument(text: string): unknown {
  return load(text, { schema: CORE_SCHEMA });
}
