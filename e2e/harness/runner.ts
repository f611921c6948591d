import type { Cluster } from './cluster';
import { Pending, Result, Scenario, Skip } from './scenario';

/** Runs one scenario under its time limit and turns its outcome into a Result. */
export async function runScenario(s: Scenario, cluster: Cluster): Promise<Result> {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  const limit = (s.timeoutSeconds ?? 180) * 1000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${limit / 1000} s`)), limit);
  });
  try {
    const detail = await Promise.race([s.run(cluster), timeout]);
    return { id: s.id, status: 'passed', seconds: seconds(), detail: detail ?? '' };
  } catch (err) {
    const status = err instanceof Skip ? 'skipped' : err instanceof Pending ? 'pending' : 'failed';
    return { id: s.id, status, seconds: seconds(), detail: oneLine((err as Error).message) };
  } finally {
    clearTimeout(timer);
  }
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 2000);
