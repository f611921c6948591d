export interface Args {
  /** Id prefixes to run; empty means every scenario. */
  readonly only: string[];
  readonly keep: boolean;
  /** Use the cluster a `--keep` run left up: no build, no `up`, and it stays up. */
  readonly reuse: boolean;
  /** Build what the chosen scenarios need (cluster binaries, images) and stop: no `up`, no scenario. */
  readonly buildOnly: boolean;
  readonly manifests: string[];
  /** How long each --manifest workload may take to become Ready or Complete. */
  readonly workloadTimeoutSeconds: number;
}

export const USAGE = `usage: npm run e2e -- [--only <id-prefix>[,<id-prefix>...]]... [--keep | --reuse | --build-only] [--manifest FILE]...
  --only      run the scenarios whose id starts with a prefix or matches a * pattern (*.ready);
              repeatable, or a comma list
  --keep      leave the cluster up afterwards and print its kubeconfig path
  --reuse     run on the cluster a --keep run left up (no build, no up; it stays up)
  --build-only  build what the chosen scenarios need (cluster, images) and stop
  --manifest  deploy a synthesized file and check its workloads (alone, unless --only is given too)
  --workload-timeout SECONDS  per --manifest workload (default 600)`;

export function parseArgs(argv: readonly string[]): Args {
  const only: string[] = [];
  const manifests: string[] = [];
  let keep = false;
  let reuse = false;
  let buildOnly = false;
  let workloadTimeoutSeconds = 600;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v || v.startsWith('--')) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--only') only.push(...value().split(',').map((s) => s.trim()).filter(Boolean));
    else if (a.startsWith('--only=')) only.push(...a.slice(7).split(',').filter(Boolean));
    else if (a === '--keep') keep = true;
    else if (a === '--reuse') reuse = true;
    else if (a === '--build-only') buildOnly = true;
    else if (a === '--manifest') manifests.push(value());
    else if (a.startsWith('--manifest=')) manifests.push(a.slice(11));
    else if (a === '--workload-timeout') workloadTimeoutSeconds = positive(a, value());
    else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  if (buildOnly && (keep || reuse)) throw new Error(`--build-only starts no cluster: it cannot be combined with --keep or --reuse\n${USAGE}`);
  return { only, keep: keep || reuse, reuse, buildOnly, manifests, workloadTimeoutSeconds };
}

function positive(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} needs a whole number of seconds, got ${v}\n${USAGE}`);
  return n;
}
