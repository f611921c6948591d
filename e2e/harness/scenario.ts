import type { Cluster } from './cluster';

/** One end-to-end check. Add a group by exporting a Scenario[] from e2e/scenarios/<group>.ts. */
export interface Scenario {
  /** Dotted id, `<group>.<name>`; `--only` matches its prefix. */
  readonly id: string;
  /** A hard limit for run(); the scenario fails when it is reached. @default 180 */
  readonly timeoutSeconds?: number;
  /** Throws to fail, throws Skip or Pending for those outcomes; may return a detail line. */
  run(cluster: Cluster): Promise<string | void>;
}

/** The scenario cannot run here (e.g. an image was not built); reported, not failed. */
export class Skip extends Error {}

/** The scenario exists but what it tests is not ready yet. */
export class Pending extends Error {}

export type Status = 'passed' | 'failed' | 'skipped' | 'pending';

export interface Result {
  readonly id: string;
  readonly status: Status;
  readonly seconds: number;
  readonly detail: string;
}
