import type { Cluster } from './cluster';
import { Pending, Result, Scenario, Skip } from './scenario';
import { scenarioContext, StopFlag } from './wait';

/** Runs one scenario under its time limit and turns its outcome into a Result. */
export async function runScenario(s: Scenario, cluster: Cluster): Promise<Result> {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  const limit = (s.timeoutSeconds ?? 180) * 1000;
  let timer: NodeJS.Timeout | undefined;
  const flag: StopFlag = {};
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      flag.reason = `${s.id} ran out of time`;
      reject(new Error(`no result within ${limit / 1000} s`));
    }, limit);
  });
  try {
    const outcome = await Promise.race([scenarioContext.run(flag, () => s.run(cluster)), timeout]);
    if (outcome && typeof outcome === 'object') return { id: s.id, status: 'passed', seconds: seconds(), detail: outcome.detail, data: outcome.data };
    return { id: s.id, status: 'passed', seconds: seconds(), detail: outcome ?? '' };
  } catch (err) {
    const status = err instanceof Skip ? 'skipped' : err instanceof Pending ? 'pending' : 'failed';
    const data = err instanceof Skip ? err.data : undefined;
    return { id: s.id, status, seconds: seconds(), detail: oneLine((err as Error).message), ...(data === undefined ? {} : { data }) };
  } finally {
    clearTimeout(timer);
  }
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 2000);
