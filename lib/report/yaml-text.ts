/**
 * YAML parsing for reports. Uses js-yaml with the YAML 1.2 core schema: it parses the manifests
 * 4-5x faster than the `yaml` package, and the report runs inside every `npm run synth`, so this
 * is most of the report's cost. Our files are written in YAML 1.1 (`lib/yaml.ts`), which quotes
 * every string a 1.1 reader, a 1.2 reader or Kubernetes would take for something else, so both
 * read them alike (`__tests__/yaml.test.ts` checks it on the number-like strings where they differ).
 */
import { CORE_SCHEMA, load, loadAll } from 'js-yaml';
import { writtenYamlDocument } from '../yaml';

/** Every document of a multi-document YAML text, empty documents dropped. */
export function parseYamlDocuments(text: string): unknown[] {
  return loadAll(text, undefined, { schema: CORE_SCHEMA }).filter((doc) => doc !== null && doc !== undefined);
}

/** Parsed documents by text: a report reads each pod template several times. Callers never modify them. */
const documents = new Map<string, unknown>();

/**
 * One YAML document (the same object for the same text; do not modify it). A document this
 * process has just written (a pod template of the synth being reported on) is not parsed again.
 */
export function parseYamlDocument(text: string): unknown {
  const written = writtenYamlDocument(text);
  if (written !== undefined) return written;
  if (!documents.has(text)) {
    if (documents.size > 1000) documents.clear();
    documents.set(text, load(text, { schema: CORE_SCHEMA }));
  }
  return documents.get(text);
}
