import * as fs from 'fs';
import * as path from 'path';
import type { Scenario } from '../../harness/scenario';
import { Skip } from '../../harness/scenario';
import { mib, quantityBytes, ResourceSampler } from '../../harness/resources';

/** The run's sampler (started by e2e/run.ts right after the cluster is up). */
let sampler: ResourceSampler | undefined;
export function useSampler(s: ResourceSampler): void {
  sampler = s;
}

/**
 * resources.observed: peak memory and CPU of every container the scenarios ran (cgroups, sampled
 * every 3 s for the whole run) next to its requests and limits; fails if any container was
 * OOMKilled. Runs last, so it covers every scenario of the run.
 */
export const resourcesObserved: Scenario = {
  id: 'resources.observed',
  timeoutSeconds: 120,
  async run() {
    if (!sampler || sampler.samples === 0) throw new Skip('no cgroup v1 samples were taken (the sampler reads /sys/fs/cgroup/{memory,cpuacct}/kubepods)');
    await sampler.sample();
    const rows = sampler.results().filter((r) => r.instance);
    if (!rows.length) throw new Skip('no Airflow container was sampled: run it together with the Airflow scenarios');
    const ooms = sampler.results().filter((r) => r.oomKills > 0);
    const overLimit = rows.filter((r) => {
      const limit = quantityBytes(r.limits.memory);
      return limit !== undefined && r.peakWorkingSetBytes > limit;
    });
    const table = rows.map((r) => ({
      instance: r.instance,
      component: r.component,
      family: r.family || undefined,
      container: r.container,
      pods: r.pods,
      peakMemoryMiB: mib(r.peakMemoryBytes),
      peakWorkingSetMiB: mib(r.peakWorkingSetBytes),
      peakMillicores: r.peakMillicores,
      requests: r.requests,
      limits: r.limits,
      oomKills: r.oomKills,
    }));
    const out = path.join(process.cwd(), 'build/e2e/resources.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(table, null, 2) + '\n');
    if (ooms.length) throw new Error(`OOMKilled: ${ooms.map((r) => `${r.instance || r.namespace}/${r.component}/${r.container} (${r.oomKills}x, limit ${r.limits.memory})`).join(', ')}`);
    const top = [...rows].sort((a, b) => b.peakWorkingSetBytes - a.peakWorkingSetBytes).slice(0, 3)
      .map((r) => `${r.instance}/${r.component}/${r.container} ${mib(r.peakWorkingSetBytes)} MiB of ${r.limits.memory ?? 'no limit'}`);
    return {
      detail: `${rows.length} Airflow containers sampled ${sampler.samples} times, no OOMKilled${overLimit.length ? '' : ', none above its memory limit'}; largest working sets: ${top.join(', ')} (table: build/e2e/resources.json)`,
      data: table,
    };
  },
};
