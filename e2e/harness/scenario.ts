import type { Cluster } from './cluster';

/** One end-to-end check. Add a group by exporting a Scenario[] from e2e/scenarios/<group>.ts. */
export interface Scenario {
  /** Dotted id, `<group>.<name>`; `--only` matches its prefix. */
  readonly id: string;
  /** A hard limit for run(); the scenario fails when it is reached. @default 180 */
  readonly timeoutSeconds?: number;
  /** Throws to fail, throws Skip or Pending for those outcomes; may return a detail line (and figures). */
  run(cluster: Cluster): Promise<string | void | Outcome>;
}

/** A detail line plus figures for results.json (`data`), e.g. measured seconds. */
export interface Outcome {
  readonly detail: string;
  readonly data?: unknown;
}

/** The scenario cannot run here (e.g. an image was not built); reported, not failed. */
export class Skip extends Error {
  constructor(message: string, public readonly data?: unknown) {
    super(message);
  }
}

/** The scenario exists but what it tests is not ready yet. */
export class Pending extends Error {}

export type Status = 'passed' | 'failed' | 'skipped' | 'pending';

export interface Result {
  readonly id: string;
  readonly status: Status;
  readonly seconds: number;
  readonly detail: string;
  /** Figures a scenario measured (times, peaks), when it has any. */
  readonly data?: unknown;
}
