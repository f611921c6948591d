import * as fs from 'fs';
import * as path from 'path';
import type { Cluster } from './cluster';

/**
 * Peak memory and CPU of every container the cluster ran, read from the cgroups (v1, cgroupfs
 * driver: /sys/fs/cgroup/<controller>/kubepods[/<qos>]/pod<uid>/<container id>) every few
 * seconds for the whole run, next to the container's requests and limits.
 *
 * - memory: `memory.max_usage_in_bytes` (the kernel's own peak since the container started,
 *   page cache included) and the largest working set sampled (usage minus inactive file cache,
 *   what kubelet compares with the limit);
 * - CPU: the largest rate of `cpuacct.usage` between two samples (about 3 s apart), in millicores;
 * - OOM kills: `oom_kill` of `memory.oom_control` and any `OOMKilled` container state seen.
 */
export interface ContainerPeak {
  namespace: string;
  instance: string;
  component: string;
  /** Task pods: their family (`cdk8s-airflow/task-family`) or Spark role. */
  family: string;
  container: string;
  pods: number;
  peakMemoryBytes: number;
  peakWorkingSetBytes: number;
  peakMillicores: number;
  requests: { cpu?: string; memory?: string };
  limits: { cpu?: string; memory?: string };
  oomKills: number;
}

interface Known {
  namespace: string;
  pod: string;
  labels: Record<string, string>;
  containers: Map<string, { name: string; requests: any; limits: any }>;
}

const ROOT = '/sys/fs/cgroup';

export class ResourceSampler {
  private readonly pods = new Map<string, Known>();
  private readonly peaks = new Map<string, ContainerPeak>();
  private readonly podsSeen = new Map<string, Set<string>>();
  private readonly lastCpu = new Map<string, { ns: number; at: number }>();
  private readonly oomSeen = new Set<string>();
  private timer?: NodeJS.Timeout;
  private busy = false;
  private refreshAfter = 0;
  public samples = 0;

  constructor(private readonly cluster: Cluster, private readonly intervalMs = 3_000) {}

  public start(): void {
    if (!fs.existsSync(path.join(ROOT, 'memory', 'kubepods'))) return; // not cgroup v1 cgroupfs: nothing to read
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    this.timer.unref();
  }

  public stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sample now (scenarios call it before deleting a namespace, so no peak is lost). */
  public async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const found = listContainerCgroups();
      const unknown = found.some((c) => !this.pods.get(c.podUid)?.containers.has(c.containerId));
      if (unknown && Date.now() >= this.refreshAfter) await this.refreshPods();
      const now = Date.now();
      for (const c of found) {
        const pod = this.pods.get(c.podUid);
        const container = pod?.containers.get(c.containerId);
        if (!pod || !container) continue;
        const key = this.keyOf(pod, container.name);
        const peak = this.peaks.get(key) ?? this.newPeak(pod, container);
        this.peaks.set(key, peak);
        const seen = this.podsSeen.get(key) ?? new Set<string>();
        seen.add(c.podUid);
        this.podsSeen.set(key, seen);
        peak.pods = seen.size;
        const mem = readNumber(path.join(c.memoryDir, 'memory.max_usage_in_bytes'));
        if (mem !== undefined) peak.peakMemoryBytes = Math.max(peak.peakMemoryBytes, mem);
        const usage = readNumber(path.join(c.memoryDir, 'memory.usage_in_bytes'));
        const inactive = readStat(path.join(c.memoryDir, 'memory.stat'), 'total_inactive_file');
        if (usage !== undefined) peak.peakWorkingSetBytes = Math.max(peak.peakWorkingSetBytes, usage - (inactive ?? 0));
        const oom = readStat(path.join(c.memoryDir, 'memory.oom_control'), 'oom_kill');
        if (oom && !this.oomSeen.has(`${c.containerId}:${oom}`)) {
          this.oomSeen.add(`${c.containerId}:${oom}`);
          peak.oomKills += oom;
        }
        const cpu = c.cpuDir ? readNumber(path.join(c.cpuDir, 'cpuacct.usage')) : undefined;
        if (cpu !== undefined) {
          const prev = this.lastCpu.get(c.containerId);
          if (prev && now > prev.at) peak.peakMillicores = Math.max(peak.peakMillicores, Math.round(((cpu - prev.ns) / 1e6 / (now - prev.at)) * 1000));
          this.lastCpu.set(c.containerId, { ns: cpu, at: now });
        }
      }
      this.samples++;
    } catch {
      // a container that went away between listing and reading: the next sample goes on
    } finally {
      this.busy = false;
    }
  }

  private async refreshPods(): Promise<void> {
    this.refreshAfter = Date.now() + 2_000;
    const r = await this.cluster.kubectlRaw(['get', 'pods', '-A', '-o', 'json'], { timeoutMs: 20_000 });
    if (r.code !== 0) return;
    for (const p of JSON.parse(r.stdout).items as any[]) {
      const containers = new Map<string, { name: string; requests: any; limits: any }>();
      const specs = new Map<string, any>([...(p.spec.initContainers ?? []), ...(p.spec.containers ?? [])].map((c: any) => [c.name, c]));
      for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
        const id = String(s.containerID ?? '').replace(/^[a-z]+:\/\//, '');
        if (id) containers.set(id, { name: s.name, requests: specs.get(s.name)?.resources?.requests ?? {}, limits: specs.get(s.name)?.resources?.limits ?? {} });
        for (const st of [s.state?.terminated, s.lastState?.terminated]) {
          if (st?.reason === 'OOMKilled') {
            const mark = `${p.metadata.uid}/${s.name}/${st.finishedAt}`;
            if (!this.oomSeen.has(mark)) {
              this.oomSeen.add(mark);
              const known: Known = { namespace: p.metadata.namespace, pod: p.metadata.name, labels: p.metadata.labels ?? {}, containers };
              const key = this.keyOf(known, s.name);
              const peak = this.peaks.get(key) ?? this.newPeak(known, { name: s.name, requests: specs.get(s.name)?.resources?.requests ?? {}, limits: specs.get(s.name)?.resources?.limits ?? {} });
              peak.oomKills++;
              this.peaks.set(key, peak);
            }
          }
        }
      }
      this.pods.set(p.metadata.uid, { namespace: p.metadata.namespace, pod: p.metadata.name, labels: p.metadata.labels ?? {}, containers });
    }
  }

  private keyOf(pod: Known, container: string): string {
    const l = pod.labels;
    return [pod.namespace, l['app.kubernetes.io/instance'] ?? '', l['app.kubernetes.io/component'] ?? pod.pod.replace(/-[a-z0-9]{5,10}(-[a-z0-9]{5})?$/, ''), familyOf(l), container].join('|');
  }

  private newPeak(pod: Known, container: { name: string; requests: any; limits: any }): ContainerPeak {
    const l = pod.labels;
    return {
      namespace: pod.namespace,
      instance: l['app.kubernetes.io/instance'] ?? '',
      component: l['app.kubernetes.io/component'] ?? pod.pod.replace(/-[a-z0-9]{5,10}(-[a-z0-9]{5})?$/, ''),
      family: familyOf(l),
      container: container.name,
      pods: 0,
      peakMemoryBytes: 0,
      peakWorkingSetBytes: 0,
      peakMillicores: 0,
      requests: { cpu: container.requests.cpu, memory: container.requests.memory },
      limits: { cpu: container.limits.cpu, memory: container.limits.memory },
      oomKills: 0,
    };
  }

  /** Everything seen so far, Airflow's containers first. */
  public results(): ContainerPeak[] {
    return [...this.peaks.values()].sort((a, b) => `${a.instance ? 0 : 1}${a.instance}|${a.component}|${a.family}|${a.container}`.localeCompare(`${b.instance ? 0 : 1}${b.instance}|${b.component}|${b.family}|${b.container}`));
  }
}

function familyOf(l: Record<string, string>): string {
  if (l['spark-role']) return `spark-${l['spark-role']}`;
  return l['cdk8s-airflow/task-family'] ?? (l.kubernetes_pod_operator ? 'pod-operator' : '');
}

interface ContainerCgroup {
  podUid: string;
  containerId: string;
  memoryDir: string;
  cpuDir?: string;
}

/** Every container cgroup under kubepods (guaranteed, burstable, besteffort). */
function listContainerCgroups(): ContainerCgroup[] {
  const out: ContainerCgroup[] = [];
  const memRoot = path.join(ROOT, 'memory', 'kubepods');
  const cpuRoot = path.join(ROOT, 'cpuacct', 'kubepods');
  for (const qos of ['', 'burstable', 'besteffort']) {
    const dir = path.join(memRoot, qos);
    let entries: string[];
    try {
      entries = fs.readdirSync(dir).filter((e) => e.startsWith('pod'));
    } catch {
      continue;
    }
    for (const podDir of entries) {
      const podUid = podDir.slice(3).replace(/_/g, '-');
      let containers: string[];
      try {
        containers = fs.readdirSync(path.join(dir, podDir)).filter((e) => /^[0-9a-f]{64}$/.test(e));
      } catch {
        continue;
      }
      for (const id of containers) {
        const cpuDir = path.join(cpuRoot, qos, podDir, id);
        out.push({ podUid, containerId: id, memoryDir: path.join(dir, podDir, id), cpuDir: fs.existsSync(cpuDir) ? cpuDir : undefined });
      }
    }
  }
  return out;
}

function readNumber(file: string): number | undefined {
  try {
    const n = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

function readStat(file: string, key: string): number | undefined {
  try {
    const line = fs.readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${key} `));
    return line ? Number(line.split(' ')[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Bytes as MiB, one decimal. */
export const mib = (b: number) => Math.round((b / 1048576) * 10) / 10;

/** A quantity such as `512Mi`, `1Gi`, `1g` in bytes (for comparing with peaks). */
export function quantityBytes(q?: string): number | undefined {
  if (!q) return undefined;
  const m = /^([0-9.]+)([A-Za-z]*)$/.exec(q);
  if (!m) return undefined;
  const units: Record<string, number> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, m: 1e-3 };
  return units[m[2]] !== undefined ? Number(m[1]) * units[m[2]] : undefined;
}

/** Millicores of a CPU quantity (`250m`, `1`). */
export function quantityMillicores(q?: string): number | undefined {
  if (!q) return undefined;
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000;
}
