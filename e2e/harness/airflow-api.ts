import type { Cluster } from './cluster';
import { background, BackgroundProcess } from './background';
import { sleep, waitFor } from './wait';

/** A task instance as the REST API (v2) returns it; only the fields the scenarios read. */
export interface TaskInstance {
  readonly task_id: string;
  readonly state: string | null;
  readonly hostname: string | null;
  readonly executor: string | null;
  readonly try_number: number;
  readonly start_date: string | null;
  readonly end_date: string | null;
  readonly queued_when?: string | null;
  readonly pid?: number | null;
}

export interface DagRun {
  readonly dag_run_id: string;
  readonly dag_id: string;
  readonly state: string;
  readonly start_date: string | null;
  readonly end_date: string | null;
}

export interface ApiResponse {
  readonly status: number;
  readonly text: string;
  readonly json: any;
}

const FINISHED = new Set(['success', 'failed']);

/**
 * The api-server's REST API, reached the way the README tells users: `kubectl port-forward` to the
 * `<instance>-api-server` Service, logging in as `admin` with the password read from the
 * `<instance>-ui-passwords` Secret. A port-forward follows one pod; when that pod goes away the
 * client starts a new one (bounded).
 */
export class AirflowApi {
  private forward?: { proc: BackgroundProcess; port: number };
  private token?: string;

  constructor(
    private readonly cluster: Cluster,
    public readonly namespace: string,
    public readonly instance: string,
    private readonly username = 'admin',
  ) {}

  /**
   * The generated password, exactly as the README reads it:
   * `kubectl -n <ns> get secret <instance>-ui-passwords -o jsonpath='{.data.passwords\.json}' | base64 -d`.
   */
  public async password(): Promise<string> {
    const encoded = await this.cluster.kubectl(['-n', this.namespace, 'get', 'secret', `${this.instance}-ui-passwords`, '-o', 'jsonpath={.data.passwords\\.json}']);
    const passwords = JSON.parse(Buffer.from(encoded.trim(), 'base64').toString('utf8')) as Record<string, string>;
    const password = passwords[this.username];
    if (typeof password !== 'string' || !password) throw new Error(`${this.instance}-ui-passwords holds no password for ${this.username} (users: ${Object.keys(passwords).join(', ')})`);
    return password;
  }

  /** POST /auth/token (the simple auth manager's login) with the Secret's password; returns the JWT. */
  public async login(password?: string): Promise<string> {
    const pw = password ?? (await this.password());
    const r = await this.raw('POST', '/auth/token', { username: this.username, password: pw }, { auth: false });
    if (r.status !== 201 && r.status !== 200) throw new Error(`POST /auth/token answered ${r.status}: ${r.text.slice(0, 300)}`);
    const token = r.json?.access_token;
    if (typeof token !== 'string') throw new Error(`POST /auth/token returned no access_token: ${r.text.slice(0, 300)}`);
    this.token = token;
    return token;
  }

  /** A request with the token (logging in first if needed); throws on a status >= 400. */
  public async call(method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<any> {
    if (!this.token) await this.login();
    let r = await this.raw(method, path, body, { timeoutMs });
    if (r.status === 401) {
      await this.login();
      r = await this.raw(method, path, body, { timeoutMs });
    }
    if (r.status >= 400) throw new Error(`${method} ${path} answered ${r.status}: ${r.text.slice(0, 400)}`);
    return r.json;
  }

  /** One HTTP request through the port-forward; a broken forward is replaced (up to 3 times). */
  public async raw(method: string, path: string, body?: unknown, options: { auth?: boolean; timeoutMs?: number } = {}): Promise<ApiResponse> {
    let lastError: Error | undefined;
    for (let attempt = 0; attempt < 4; attempt++) {
      const port = await this.ensureForward();
      try {
        const headers: Record<string, string> = { accept: 'application/json' };
        if (body !== undefined) headers['content-type'] = 'application/json';
        if (options.auth !== false && this.token) headers.authorization = `Bearer ${this.token}`;
        const res = await fetch(`http://127.0.0.1:${port}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
        const text = await res.text();
        let json: any;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        return { status: res.status, text, json };
      } catch (err) {
        lastError = err as Error;
        // A refused or reset connection: the forward's pod is gone; start a new forward.
        this.closeForward();
        await sleep(2_000);
      }
    }
    throw new Error(`${method} ${path}: ${lastError?.message}${(lastError as any)?.cause ? ` (${(lastError as any).cause.message ?? (lastError as any).cause})` : ''}`);
  }

  private async ensureForward(): Promise<number> {
    if (this.forward && !this.forward.proc.exited()) return this.forward.port;
    this.closeForward();
    const { kubectl, kubeconfig } = this.cluster.facts;
    const proc = background(kubectl, ['--kubeconfig', kubeconfig, '-n', this.namespace, 'port-forward', '--address', '127.0.0.1', `svc/${this.instance}-api-server`, ':8080']);
    const port = await waitFor('kubectl port-forward to listen', async () => {
      const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(proc.output());
      if (m) return Number(m[1]);
      if (proc.exited()) throw new Error(`kubectl port-forward exited: ${proc.output().trim()}`);
      return undefined;
    }, { timeoutMs: 30_000, intervalMs: 250 }).catch((e) => {
      proc.stop();
      throw e;
    });
    this.forward = { proc, port };
    return port;
  }

  private closeForward(): void {
    this.forward?.proc.stop();
    this.forward = undefined;
  }

  /** Stops the port-forward. */
  public close(): void {
    this.closeForward();
  }

  /** Waits (bounded) until the DAG processor has parsed a DAG and the API lists it. */
  public async waitForDag(dagId: string, timeoutMs = 240_000): Promise<any> {
    return waitFor(`DAG ${dagId} to be listed by the API`, async () => {
      const r = await this.rawAuthed('GET', `/api/v2/dags/${encodeURIComponent(dagId)}`);
      if (r.status === 200) return r.json;
      if (r.status !== 404) throw new Error(`GET /api/v2/dags/${dagId}: ${r.status} ${r.text.slice(0, 200)}`);
      return undefined;
    }, { timeoutMs, intervalMs: 5_000 });
  }

  private async rawAuthed(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    if (!this.token) await this.login();
    let r = await this.raw(method, path, body);
    if (r.status === 401) {
      await this.login();
      r = await this.raw(method, path, body);
    }
    return r;
  }

  /** Unpauses the DAG (new DAGs start paused) and triggers a run; returns its run id. */
  public async trigger(dagId: string, conf: Record<string, unknown> = {}): Promise<string> {
    await this.waitForDag(dagId);
    await this.call('PATCH', `/api/v2/dags/${encodeURIComponent(dagId)}`, { is_paused: false });
    const run = await this.call('POST', `/api/v2/dags/${encodeURIComponent(dagId)}/dagRuns`, { logical_date: null, conf });
    return run.dag_run_id as string;
  }

  public async run(dagId: string, runId: string): Promise<DagRun> {
    return this.call('GET', `/api/v2/dags/${encodeURIComponent(dagId)}/dagRuns/${encodeURIComponent(runId)}`);
  }

  public async runs(dagId: string): Promise<DagRun[]> {
    return (await this.call('GET', `/api/v2/dags/${encodeURIComponent(dagId)}/dagRuns?limit=100`)).dag_runs;
  }

  /** Polls the run (bounded) until it succeeds or fails; `onPoll` sees every state on the way. */
  public async waitForRun(dagId: string, runId: string, timeoutMs: number, onPoll?: (run: DagRun, tis: TaskInstance[]) => Promise<void> | void): Promise<DagRun> {
    return waitFor(`run ${runId} of ${dagId} to finish`, async () => {
      const run = await this.run(dagId, runId);
      if (onPoll) await onPoll(run, await this.taskInstances(dagId, runId));
      return FINISHED.has(run.state) ? run : undefined;
    }, { timeoutMs, intervalMs: 3_000 });
  }

  public async taskInstances(dagId: string, runId: string): Promise<TaskInstance[]> {
    return (await this.call('GET', `/api/v2/dags/${encodeURIComponent(dagId)}/dagRuns/${encodeURIComponent(runId)}/taskInstances`)).task_instances;
  }

  public async taskInstance(dagId: string, runId: string, taskId: string): Promise<TaskInstance> {
    return this.call('GET', `/api/v2/dags/${encodeURIComponent(dagId)}/dagRuns/${encodeURIComponent(runId)}/taskInstances/${encodeURIComponent(taskId)}`);
  }

  /** A task try's log through the API (`.../logs/{try}`), as the lines' text. */
  public async taskLog(dagId: string, runId: string, taskId: string, tryNumber: number): Promise<string> {
    const body = await this.call('GET', `/api/v2/dags/${encodeURIComponent(dagId)}/dagRuns/${encodeURIComponent(runId)}/taskInstances/${encodeURIComponent(taskId)}/logs/${tryNumber}?full_content=true`, undefined, 60_000);
    const content = body?.content;
    if (Array.isArray(content)) return content.map((c: any) => (typeof c === 'string' ? c : c.event ?? JSON.stringify(c))).join('\n');
    return typeof content === 'string' ? content : JSON.stringify(body);
  }

  /** Fails with the states and the first lines of each failed task's log. */
  public async explainFailure(dagId: string, runId: string): Promise<string> {
    const tis = await this.taskInstances(dagId, runId).catch(() => [] as TaskInstance[]);
    const parts: string[] = [];
    for (const ti of tis) {
      parts.push(`${ti.task_id}=${ti.state}`);
      if (ti.state === 'failed' || ti.state === 'up_for_retry') {
        const log = await this.taskLog(dagId, runId, ti.task_id, Math.max(1, ti.try_number)).catch((e) => `(log unreadable: ${e.message})`);
        parts.push(`log of ${ti.task_id}: ${log.split('\n').filter((l) => /error|exception|traceback|failed/i.test(l)).slice(-6).join(' | ').slice(0, 800)}`);
      }
    }
    return parts.join('; ');
  }
}

/** Seconds between two API timestamps. */
export function secondsBetween(from: string | null | undefined, to: string | null | undefined): number | undefined {
  if (!from || !to) return undefined;
  return Math.round((Date.parse(to) - Date.parse(from)) / 100) / 10;
}
