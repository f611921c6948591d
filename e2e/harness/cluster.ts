import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { run, runOk, RunResult } from './shell';

/** Addresses and paths of the running cluster, as e2e/cluster/host.sh reports them. */
export interface ClusterFacts {
  readonly kubeconfig: string;
  readonly kubectl: string;
  readonly confDir: string;
  readonly caFile: string;
  readonly apiServer: string;
  readonly logsDir: string;
  readonly auditLog: string;
  readonly nodeName: string;
  readonly nodeIP: string;
  readonly podCIDR: string;
  readonly serviceCIDR: string;
  readonly dnsServiceIP: string;
  readonly clusterDomain: string;
  readonly outsideIP: string;
  readonly outsidePort: number;
  readonly netpolAgent: string;
  readonly kubernetesVersion: string;
  /** The cluster's state folder (volumes, the DAG repository of the git daemon). */
  readonly stateDir: string;
  /** Port of the scenarios' git daemon on nodeIP. */
  readonly gitPort: number;
}

export interface KubectlOptions {
  readonly input?: string;
  /** @default 60 s */
  readonly timeoutMs?: number;
  /** Another kubeconfig (e.g. kubelet's) instead of the harness admin. */
  readonly kubeconfig?: string;
}

/** What scenarios get: kubectl with time limits, object helpers and the host's answers. */
export class Cluster {
  public static async connect(repoDir: string): Promise<Cluster> {
    const hostScript = path.join(repoDir, 'e2e/cluster/host.sh');
    const facts = JSON.parse(await runOk('bash', [hostScript, 'facts'])) as ClusterFacts;
    return new Cluster(repoDir, hostScript, facts);
  }

  private constructor(
    public readonly repoDir: string,
    private readonly hostScript: string,
    public readonly facts: ClusterFacts,
  ) {}

  /** Runs kubectl; returns the outcome even when kubectl fails. */
  public kubectlRaw(args: readonly string[], options: KubectlOptions = {}): Promise<RunResult> {
    return run(this.facts.kubectl, this.kubectlArgs(args, options), { input: options.input, timeoutMs: this.limit(options) });
  }

  /** Runs kubectl and returns its output; throws with kubectl's message when it fails. */
  public kubectl(args: readonly string[], options: KubectlOptions = {}): Promise<string> {
    return runOk(this.facts.kubectl, this.kubectlArgs(args, options), { input: options.input, timeoutMs: this.limit(options) });
  }

  // kubectl's own request timeout first, the process limit a little later as a backstop.
  private kubectlArgs(args: readonly string[], options: KubectlOptions): string[] {
    const seconds = Math.ceil((options.timeoutMs ?? 60_000) / 1000);
    return ['--kubeconfig', options.kubeconfig ?? this.facts.kubeconfig, `--request-timeout=${seconds}s`, ...args];
  }

  private limit(options: KubectlOptions): number {
    return (options.timeoutMs ?? 60_000) + 5_000;
  }

  /** Parsed `kubectl get -o json`. */
  public async getJson<T = any>(args: readonly string[]): Promise<T> {
    return JSON.parse(await this.kubectl(['get', ...args, '-o', 'json'])) as T;
  }

  /** Server-side apply of objects (or YAML text) under the harness's field manager. */
  public apply(objects: object[] | string, extra: readonly string[] = []): Promise<string> {
    const input = typeof objects === 'string' ? objects : objects.map((o) => yaml.dump(o)).join('---\n');
    return this.kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=cdk8s-airflow-e2e', '-f', '-', ...extra], { input });
  }

  /**
   * Creates (or updates) a namespace enforcing a Pod Security level, restricted unless said
   * otherwise, so every scenario pod also proves it is restricted-compliant.
   */
  public async namespace(name: string, level: 'restricted' | 'baseline' | 'privileged' = 'restricted'): Promise<string> {
    await this.apply([
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          labels: {
            'pod-security.kubernetes.io/enforce': level,
            'pod-security.kubernetes.io/enforce-version': 'latest',
            'cdk8s-airflow-e2e/namespace': 'true',
          },
        },
      },
    ]);
    return name;
  }

  /** Waits, bounded, for a pod condition (Ready, ...) or a jsonpath expression. */
  public async wait(namespace: string, target: string, condition: string, timeoutSeconds = 120): Promise<void> {
    const r = await this.kubectlRaw(['wait', '-n', namespace, target, `--for=${condition}`, `--timeout=${timeoutSeconds}s`], {
      timeoutMs: (timeoutSeconds + 10) * 1000,
    });
    if (r.code !== 0) throw new Error(`${target} not ${condition} within ${timeoutSeconds} s: ${await this.lastWarning(namespace, target)}`);
  }

  /** The newest Warning event of an object, to say why it is stuck. */
  public async lastWarning(namespace: string, target: string): Promise<string> {
    const name = target.split('/').pop();
    const r = await this.kubectlRaw(['get', 'events', '-n', namespace, '--field-selector', `involvedObject.name=${name},type=Warning`,
      '--sort-by=.lastTimestamp', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
    return r.stdout.trim().split('\n').pop() || 'no Warning event';
  }

  /** Runs a command in a pod's container; throws when it exits non-zero. */
  public exec(namespace: string, pod: string, command: readonly string[], timeoutMs = 30_000): Promise<string> {
    return this.kubectl(['exec', '-n', namespace, pod, '--', ...command], { timeoutMs });
  }

  /** Like exec, but returns the outcome of a failing command too. */
  public execRaw(namespace: string, pod: string, command: readonly string[], timeoutMs = 30_000): Promise<RunResult> {
    return this.kubectlRaw(['exec', '-n', namespace, pod, '--', ...command], { timeoutMs });
  }

  /** One of e2e/cluster/host.sh's answers (root-only facts of the node). */
  public host(question: 'isolation-rejects' | 'outside-check' | 'images'): Promise<string> {
    return runOk('bash', [this.hostScript, question], { timeoutMs: 20_000 });
  }

  /** Writes a kubeconfig that authenticates with a bearer token (a ServiceAccount's, say). */
  public tokenKubeconfig(name: string, token: string): string {
    const file = path.join(this.facts.confDir, `token-${name}.kubeconfig`);
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'e2e', cluster: { server: this.facts.apiServer, 'certificate-authority': this.facts.caFile } }],
      users: [{ name, user: { token } }],
      contexts: [{ name: 'e2e', context: { cluster: 'e2e', user: name } }],
      'current-context': 'e2e',
    };
    fs.writeFileSync(file, yaml.dump(config), { mode: 0o600 });
    return file;
  }

  /** A kubeconfig of one of the cluster's own components (kubelet, kube-proxy...). */
  public componentKubeconfig(name: string): string {
    return path.join(this.facts.confDir, `${name}.kubeconfig`);
  }
}
