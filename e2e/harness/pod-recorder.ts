import type { Cluster } from './cluster';
import { sleep } from './wait';

/** What the recorder saw of one pod over its life. */
export interface RecordedPod {
  readonly name: string;
  readonly uid: string;
  readonly labels: Record<string, string>;
  /** The pod as first seen (its spec is what it runs with). */
  readonly first: any;
  /** The last state seen before it went away (or now). */
  last: any;
  readonly created: number;
  /** When a poll first missed it (deleted). */
  gone?: number;
  /** Container start and finish of its first container, from the statuses seen. */
  started?: number;
  finished?: number;
  phases: string[];
}

/**
 * Polls the pods matching a label selector about once a second (bounded by `stop()` or a time
 * limit) and keeps what it saw, so short-lived task pods that the executor deletes when they
 * finish can still be checked afterwards (spec, ServiceAccount, env, lifetime).
 */
export class PodRecorder {
  public readonly pods = new Map<string, RecordedPod>();
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(private readonly cluster: Cluster, private readonly namespace: string, private readonly selector: string, limitMs = 30 * 60_000) {
    this.loop = this.run(Date.now() + limitMs);
  }

  private async run(deadline: number): Promise<void> {
    while (!this.stopped && Date.now() < deadline) {
      try {
        const r = await this.cluster.kubectlRaw(['get', 'pods', '-n', this.namespace, '-l', this.selector, '-o', 'json'], { timeoutMs: 15_000 });
        if (r.code === 0) this.observe((JSON.parse(r.stdout).items ?? []) as any[]);
      } catch {
        // a failed poll is retried on the next round
      }
      await sleep(1_000);
    }
  }

  private observe(items: any[]): void {
    const now = Date.now();
    const present = new Set<string>();
    for (const p of items) {
      const uid = p.metadata.uid as string;
      present.add(uid);
      let rec = this.pods.get(uid);
      if (!rec) {
        rec = { name: p.metadata.name, uid, labels: p.metadata.labels ?? {}, first: p, last: p, created: Date.parse(p.metadata.creationTimestamp), phases: [] };
        this.pods.set(uid, rec);
      }
      rec.last = p;
      if (rec.phases[rec.phases.length - 1] !== p.status?.phase) rec.phases.push(p.status?.phase);
      const c = (p.status?.containerStatuses ?? [])[0];
      const startedAt = c?.state?.running?.startedAt ?? c?.state?.terminated?.startedAt;
      if (startedAt) rec.started = Date.parse(startedAt);
      if (c?.state?.terminated?.finishedAt) rec.finished = Date.parse(c.state.terminated.finishedAt);
    }
    for (const rec of this.pods.values()) if (!present.has(rec.uid) && rec.gone === undefined) rec.gone = now;
  }

  /** Stops polling (after one last poll). */
  public async stop(): Promise<RecordedPod[]> {
    this.stopped = true;
    await this.loop;
    return [...this.pods.values()];
  }

  public all(): RecordedPod[] {
    return [...this.pods.values()];
  }
}

/** Seconds from a pod's creation to its container's finish (or its disappearance). */
export function podLifetime(p: RecordedPod): { createdToStart?: number; startToFinish?: number; createdToGone?: number } {
  const s = (a?: number, b?: number) => (a !== undefined && b !== undefined ? Math.round((b - a) / 100) / 10 : undefined);
  return { createdToStart: s(p.created, p.started), startToFinish: s(p.started, p.finished), createdToGone: s(p.created, p.gone) };
}
