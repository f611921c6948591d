export interface Args {
  /** Id prefixes to run; empty means every scenario. */
  readonly only: string[];
  readonly keep: boolean;
  readonly manifests: string[];
}

export const USAGE = `usage: npm run e2e -- [--only <id-prefix>[,<id-prefix>...]]... [--keep] [--manifest FILE]...
  --only      run the scenarios whose id starts with a prefix (repeatable, or a comma list)
  --keep      leave the cluster up afterwards and print its kubeconfig path
  --manifest  deploy a synthesized file and check its workloads (alone, unless --only is given too)`;

export function parseArgs(argv: readonly string[]): Args {
  const only: string[] = [];
  const manifests: string[] = [];
  let keep = false;
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
    else if (a === '--manifest') manifests.push(value());
    else if (a.startsWith('--manifest=')) manifests.push(a.slice(11));
    else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return { only, keep, manifests };
}
