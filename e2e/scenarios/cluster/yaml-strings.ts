import { stringifyYaml } from '../../../lib/yaml';
import { kubernetesReadsPlain } from '../../fixtures/kubernetes-yaml-reader';
import { NUMBER_LIKE_STRINGS } from '../../fixtures/number-like-strings';
import type { Scenario } from '../../harness/scenario';

/** What a ConfigMap key may be (Kubernetes' IsConfigMapKey: these characters, and not `.`, `..` or `..`-prefixed). */
const isConfigMapKey = (s: string) => /^[-._a-zA-Z0-9]+$/.test(s) && s !== '.' && !s.startsWith('..');
/**
 * Strings that look like a document marker (`---`, `...`) send a whole document to the writer's
 * path through the `yaml` package; without them a document takes its own, faster path.
 */
const isDocumentMarker = (s: string) => /^(---|\.\.\.)/.test(s);

/** Strings that can stand unquoted after `key: ` and whose value JSON can hold (not `.inf` or `.nan`). */
const canBePlainJson = (s: string) => /^[-+._0-9a-zA-Z]+$/.test(s) && s !== '-' && !/^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(s);

/** Equal JSON values; numbers to within float rounding (Go and JavaScript round the same text alike, but allow for it). */
const sameValue = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? a === b || Math.abs(a - b) <= Math.abs(b) * 1e-12 : a === b);

/**
 * The unit tests' port of Kubernetes' YAML reader (e2e/fixtures/kubernetes-yaml-reader.ts) reads
 * every plain number-like scalar as kubectl does (`kubectl label --local`: kubectl's reader, no
 * server; a plain `0o17` would make the server refuse the whole object).
 */
async function portDisagreements(cluster: Parameters<Scenario['run']>[0], strings: readonly string[]): Promise<string[]> {
  const text = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: plain', 'data:', ...strings.map((s, i) => `  v${i}: ${s}`)].join('\n') + '\n';
  const r = await cluster.kubectlRaw(['label', '--local', '-f', '-', 'checked=yes', '-o', 'json'], { input: text, timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`kubectl could not read the plain scalars: ${r.stderr.trim().slice(0, 500)}`);
  const got = JSON.parse(r.stdout).data;
  return strings.flatMap((s, i) => {
    const port = kubernetesReadsPlain(s);
    return sameValue(got[`v${i}`], port) ? [] : [`plain ${s}: kubectl ${JSON.stringify(got[`v${i}`])}, the port ${JSON.stringify(port)}`];
  });
}

/**
 * Every number-like string, written by our YAML writer as ConfigMap values and keys (on both of
 * its paths), reaches the API server as that same string through `kubectl create -f` (kubectl's
 * YAML reader, the one Argo CD uses too). cdk8s's own writer leaves `0o17` plain, which kubectl
 * reads as 15. And the port of that reader the unit tests use agrees with kubectl.
 */
export const yamlStrings: Scenario = {
  id: 'cluster.yaml-strings',
  async run(cluster) {
    const ns = await cluster.namespace('e2e-yaml-strings');
    /** The data of a ConfigMap as the API server received it from kubectl (dry run: nothing is stored). */
    const roundTrip = async (name: string, data: Record<string, string>): Promise<Record<string, unknown>> => {
      const text = stringifyYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data });
      const r = await cluster.kubectlRaw(['create', '--dry-run=server', '-o', 'json', '-f', '-'], { input: text, timeoutMs: 120_000 });
      if (r.code !== 0) throw new Error(`the API server refused the YAML of ConfigMap ${name}: ${r.stderr.trim().slice(0, 500)}`);
      return JSON.parse(r.stdout).data;
    };
    const misread: string[] = [];
    const checkValues = async (name: string, strings: readonly string[]) => {
      const got = await roundTrip(name, Object.fromEntries(strings.map((s, i) => [`v${i}`, s])));
      strings.forEach((s, i) => got[`v${i}`] !== s && misread.push(`${name}: value ${JSON.stringify(s)} -> ${JSON.stringify(got[`v${i}`])}`));
    };
    const checkKeys = async (name: string, strings: readonly string[]) => {
      const got = await roundTrip(name, Object.fromEntries(strings.map((s) => [s, 'x'])));
      for (const s of strings) if (!(s in got)) misread.push(`${name}: key ${JSON.stringify(s)} missing`);
    };
    const keys = NUMBER_LIKE_STRINGS.filter(isConfigMapKey);
    await checkValues('values', NUMBER_LIKE_STRINGS.filter((s) => !isDocumentMarker(s)));
    await checkValues('values-yaml-path', NUMBER_LIKE_STRINGS);
    await checkKeys('keys', keys.filter((s) => !isDocumentMarker(s)));
    await checkKeys('keys-yaml-path', keys);
    const plain = NUMBER_LIKE_STRINGS.filter(canBePlainJson);
    misread.push(...(await portDisagreements(cluster, plain)));
    if (misread.length) throw new Error(`${misread.length} strings misread, e.g. ${misread.slice(0, 10).join('; ')}`);
    return {
      detail: `${NUMBER_LIKE_STRINGS.length} values and ${keys.length} keys, on both paths of the writer, read back unchanged; the unit tests' reader agrees with kubectl on ${plain.length} plain scalars`,
      data: { values: NUMBER_LIKE_STRINGS.length, keys: keys.length, plainScalars: plain.length },
    };
  },
};
