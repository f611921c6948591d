/** The general test image: the stand-in of python:3.12.8-slim-bookworm (python3 inside). */
export const TEST_IMAGE = 'python:3.12.8-slim-bookworm';

/** A container security context that Pod Security `restricted` admits. */
export const restrictedContainer = {
  runAsNonRoot: true,
  runAsUser: 10001,
  runAsGroup: 10001,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

export interface TestPodProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Record<string, string>;
  /** Python source run with `python3 -c`; @default sleeps for an hour */
  readonly python?: string;
  readonly restartPolicy?: 'Always' | 'Never';
  readonly volumes?: object[];
  readonly volumeMounts?: object[];
  readonly fsGroup?: number;
}

/** A restricted-compliant pod running python3 in the test image, with a writable /tmp. */
export function testPod(props: TestPodProps): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: props.name, namespace: props.namespace, labels: { 'cdk8s-airflow-e2e/pod': props.name, ...props.labels } },
    spec: {
      restartPolicy: props.restartPolicy ?? 'Never',
      terminationGracePeriodSeconds: 1,
      automountServiceAccountToken: false,
      securityContext: { fsGroup: props.fsGroup, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'main',
          image: TEST_IMAGE,
          imagePullPolicy: 'IfNotPresent',
          command: ['python3', '-u', '-c', props.python ?? 'import time; time.sleep(3600)'],
          securityContext: restrictedContainer,
          resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...(props.volumeMounts ?? [])],
        },
      ],
      volumes: [{ name: 'tmp', emptyDir: {} }, ...(props.volumes ?? [])],
    },
  };
}

/** A pod serving HTTP on 8080 (python's http.server over /tmp). */
export function httpServerPod(name: string, namespace: string, labels: Record<string, string>): object {
  return testPod({
    name,
    namespace,
    labels,
    python: 'import http.server, os; os.chdir("/tmp"); open("index.html", "w").write("ok\\n"); http.server.test(HandlerClass=http.server.SimpleHTTPRequestHandler, port=8080, bind="0.0.0.0")',
  });
}

/**
 * Python for `kubectl exec`: one bounded TCP connect (and an HTTP GET), printing
 * `connected`, `refused`, `timeout` or the error name, and the seconds it took.
 */
export function probeTcp(host: string, port: number, timeoutSeconds = 3): string[] {
  const src = `
import socket, time, sys
t = time.time()
try:
    s = socket.create_connection((${JSON.stringify(host)}, ${port}), timeout=${timeoutSeconds})
    s.sendall(b"GET / HTTP/1.0\\r\\nHost: probe\\r\\n\\r\\n")
    s.settimeout(${timeoutSeconds})
    data = s.recv(64)
    print("connected", data.split(b"\\r\\n")[0].decode(errors="replace"), "%.2f" % (time.time() - t))
except ConnectionRefusedError:
    print("refused", "%.2f" % (time.time() - t))
except socket.timeout:
    print("timeout", "%.2f" % (time.time() - t))
except OSError as e:
    print(type(e).__name__, e.errno, "%.2f" % (time.time() - t))
`;
  return ['python3', '-c', src];
}

/** Python for `kubectl exec`: resolves a name, printing the addresses or `failed <reason>`. */
export function probeDns(name: string): string[] {
  const src = `
import socket, time
t = time.time()
try:
    print("resolved", ",".join(sorted({a[4][0] for a in socket.getaddrinfo(${JSON.stringify(name)}, None, socket.AF_INET)})), "%.2f" % (time.time() - t))
except socket.gaierror as e:
    print("failed", e.errno, str(e).replace(" ", "_"), "%.2f" % (time.time() - t))
`;
  return ['python3', '-c', src];
}
