import { AsyncLocalStorage } from 'async_hooks';

export interface WaitOptions {
  /** @default 60 s */
  readonly timeoutMs?: number;
  /** @default 1 s */
  readonly intervalMs?: number;
  /** Errors of this class end the wait at once instead of counting as "not yet". */
  readonly stopOn?: new (...args: any[]) => Error;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The running scenario's stop flag, carried through its async calls: once its time limit passes,
 * every wait of that scenario (and only of it) ends at its next poll, so a timed-out scenario does
 * not keep working beside the next one.
 */
export interface StopFlag {
  reason?: string;
}
export const scenarioContext = new AsyncLocalStorage<StopFlag>();

/**
 * Polls `probe` until it returns something other than undefined, a bounded number of times.
 * A probe that throws counts as "not yet"; its last error is in the timeout message.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, options: WaitOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const intervalMs = options.intervalMs ?? 1_000;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const stop = scenarioContext.getStore()?.reason;
    if (stop) throw new Error(`stopped waiting for ${what}: ${stop}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      if (options.stopOn && err instanceof options.stopOn) throw err;
      last = (err as Error).message;
    }
    if (Date.now() + intervalMs > deadline) {
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${last ? `: ${last}` : ''}`);
    }
    await sleep(intervalMs);
  }
}
