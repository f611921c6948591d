// A Stryker reporter that writes each mutant's result the moment it is tested, to
// `reports/mutation/live.tsv` (with the planned number of mutants per file first). Stryker writes
// its own reports only when a run completes, and a full run takes hours on two cores: a run
// stopped part-way otherwise leaves nothing to act on. `grep -E 'Survived|NoCoverage'` lists the
// mutants no test noticed; a file whose planned count is all there was tested completely.
import fs from 'node:fs';
import path from 'node:path';
import { PluginKind, declareClassPlugin } from '@stryker-mutator/api/plugin';

const OUTPUT = path.join('reports', 'mutation', 'live.tsv');
const relative = (fileName) => path.relative(process.cwd(), fileName);

class LiveMutantResults {
  onMutationTestingPlanReady({ mutantPlans }) {
    const planned = new Map();
    for (const { mutant } of mutantPlans) planned.set(relative(mutant.fileName), (planned.get(relative(mutant.fileName)) ?? 0) + 1);
    fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
    const plan = [...planned].map(([file, count]) => `planned\t${file}\t${count}\n`).join('');
    fs.writeFileSync(OUTPUT, `${plan}status\tfile:line:column\tmutator\treplacement\ttests\n`);
  }

  onMutantTested(result) {
    // A reporter gets the JSON report's positions: line and column both count from 1.
    const { line, column } = result.location.start;
    const replacement = String(result.replacement ?? '').replace(/\s+/g, ' ').slice(0, 160);
    // How many tests cover the mutant and how many ran: a survivor that ran none was not tested.
    const tests = `covered by ${result.coveredBy?.length ?? 0}, ran ${result.testsCompleted ?? '?'}`;
    fs.appendFileSync(OUTPUT, `${result.status}\t${relative(result.fileName)}:${line}:${column}\t${result.mutatorName}\t${replacement}\t${tests}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'live-results', LiveMutantResults)];
