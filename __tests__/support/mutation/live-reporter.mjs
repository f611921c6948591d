// A Stryker reporter that writes every mutant no test killed the moment it is tested, to
// `reports/mutation/live.tsv`. Stryker writes its own reports only when a run completes, and a
// full run takes hours on two cores: a run stopped at 75 % otherwise leaves nothing to act on.
import fs from 'node:fs';
import path from 'node:path';
import { PluginKind, declareClassPlugin } from '@stryker-mutator/api/plugin';

const OUTPUT = path.join('reports', 'mutation', 'live.tsv');
/** Statuses that mark a promise no test checks (Killed, Timeout and the type errors do not). */
const UNGUARDED = new Set(['Survived', 'NoCoverage']);

class LiveUnguardedMutants {
  tested = 0;

  onMutationTestingPlanReady() {
    fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
    fs.writeFileSync(OUTPUT, 'status\tfile:line:column\tmutator\treplacement\n');
  }

  onMutantTested(result) {
    this.tested += 1;
    if (!UNGUARDED.has(result.status)) return;
    // Stryker positions are 0-based; editors and its JSON report count from 1.
    const { line, column } = result.location.start;
    const replacement = String(result.replacement ?? '').replace(/\s+/g, ' ').slice(0, 160);
    fs.appendFileSync(
      OUTPUT,
      `${result.status}\t${result.fileName}:${line + 1}:${column + 1}\t${result.mutatorName}\t${replacement}\t#${this.tested}\n`,
    );
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'live-unguarded', LiveUnguardedMutants)];
