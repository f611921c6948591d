import { CeleryExecutor, KubernetesExecutor } from '../../lib';
import { alwaysOnFootprint, podResources, storageFacts } from '../../lib/report';
import { synthAirflow } from '../support/chart';
import { container, mib, object, workload } from './support';

describe('always-on footprint of a synthesized Airflow', () => {
  test('KubernetesExecutor defaults add up to the documented component defaults', () => {
    // GIVEN the documented defaults (requests CPU / memory, memory limit) of the always-on components;
    // the DAG processor and triggerer write log files and also run the log groomer (10m / 32Mi, 128Mi)
    const groomer = [10, 32, 128];
    const defaults = {
      'api-server': [250, 768, 1536],
      'scheduler': [250, 768, 1536],
      'dag-processor': [100 + groomer[0], 512 + groomer[1], 1024 + groomer[2]],
      'triggerer': [100 + groomer[0], 512 + groomer[1], 1024 + groomer[2]],
      'postgresql': [100, 256, 1024],
    };
    // WHEN
    const footprint = alwaysOnFootprint(synthAirflow({ executor: new KubernetesExecutor() }));
    // THEN: one pod each; the wait-for-migrations init container (50m / 256Mi) is smaller than every main container
    expect(footprint.pods).toBe(5);
    expect(footprint.total.requests.cpuMillicores).toBe(250 + 250 + 110 + 110 + 100); // 820m
    expect(footprint.total.requests.memoryBytes).toBe(mib(768 + 768 + 544 + 544 + 256)); // 2880Mi
    expect(footprint.total.limits.memoryBytes).toBe(mib(1536 + 1536 + 1152 + 1152 + 1024)); // 6400Mi
    expect(footprint.total.limits.cpuMillicores).toBeUndefined(); // no CPU limits by default
    expect(Object.fromEntries(footprint.workloads.map((w) => [w.component, [w.perPod.requests.cpuMillicores, w.perPod.requests.memoryBytes / mib(1), w.perPod.limits.memoryBytes! / mib(1)]]))).toEqual(defaults);
    expect(storageFacts(synthAirflow({ executor: new KubernetesExecutor() })).totalBytes).toBe(8 * 2 ** 30);
  });

  test('CeleryExecutor adds one worker (500m / 1536Mi, plus its log groomer 10m / 32Mi) and Redis (50m / 64Mi)', () => {
    const footprint = alwaysOnFootprint(synthAirflow({ executor: new CeleryExecutor() }));
    expect(footprint.pods).toBe(7);
    expect(footprint.total.requests.cpuMillicores).toBe(820 + 510 + 50);
    expect(footprint.total.requests.memoryBytes).toBe(mib(2880 + 1568 + 64));
    expect(footprint.total.limits.memoryBytes).toBe(mib(6400 + 3200 + 256));
  });

  test('totals are replicas x per-pod figures', () => {
    const footprint = alwaysOnFootprint(synthAirflow({ executor: new KubernetesExecutor(), scheduler: { replicas: 3 } }));
    const scheduler = footprint.workloads.find((w) => w.component === 'scheduler')!;
    expect(scheduler.replicas).toBe(3);
    expect(scheduler.total.requests).toEqual({ cpuMillicores: 750, memoryBytes: mib(3 * 768) });
    expect(footprint.pods).toBe(7);
    expect(footprint.total.requests.cpuMillicores).toBe(820 + 2 * 250);
  });
});

describe('effective pod resources (Kubernetes rules)', () => {
  test('a pod requests the larger of its containers together and its biggest init container', () => {
    const spec = {
      initContainers: [container('migrate', { cpu: '1', memory: '100Mi' }, { memory: '200Mi' })],
      containers: [container('a', { cpu: '200m', memory: '300Mi' }, { memory: '1Gi' }), container('b', { cpu: '300m', memory: '100Mi' }, { memory: '1Gi' })],
    };
    expect(podResources(spec)).toEqual({
      requests: { cpuMillicores: 1000, memoryBytes: mib(400) },
      limits: { cpuMillicores: undefined, memoryBytes: mib(2048) },
    });
  });

  test('sidecars (restartPolicy Always) add to the containers and to later init containers', () => {
    const spec = {
      initContainers: [
        container('proxy', { cpu: '100m', memory: '64Mi' }, {}, { restartPolicy: 'Always' }),
        container('setup', { cpu: '500m', memory: '64Mi' }),
      ],
      containers: [container('main', { cpu: '200m', memory: '128Mi' })],
    };
    expect(podResources(spec).requests).toEqual({ cpuMillicores: 600, memoryBytes: mib(192) });
  });

  test('a container with only limits requests its limits; pod overhead is added', () => {
    const spec = { containers: [container('main', {}, { cpu: '1500m', memory: '1Gi' })], overhead: { cpu: '10m', memory: '16Mi' } };
    expect(podResources(spec)).toEqual({
      requests: { cpuMillicores: 1510, memoryBytes: mib(1040) },
      limits: { cpuMillicores: 1510, memoryBytes: mib(1040) },
    });
  });
});

describe('autoscaled workloads', () => {
  const pod = { containers: [container('worker', { cpu: '500m', memory: '1Gi' }, { memory: '2Gi' })] };

  test('a Deployment without replicas counts as 1', () => {
    const [w] = alwaysOnFootprint([workload('Deployment', 'worker', pod)]).workloads;
    expect([w.replicas, w.autoscaler]).toEqual([1, undefined]);
  });

  test('a KEDA ScaledObject owns the count: its minReplicaCount, or KEDA default 0', () => {
    const scaled = (min?: number) => object('ScaledObject', 'worker', { spec: { scaleTargetRef: { name: 'worker' }, maxReplicaCount: 10, ...(min === undefined ? {} : { minReplicaCount: min }) } });
    const withMin = alwaysOnFootprint([workload('Deployment', 'worker', pod), scaled(2)]);
    expect(withMin.workloads[0]).toMatchObject({ replicas: 2, autoscaler: { ref: 'ScaledObject/worker', minReplicas: 2, maxReplicas: 10 } });
    expect(withMin.total.requests).toEqual({ cpuMillicores: 1000, memoryBytes: mib(2048) });
    expect(alwaysOnFootprint([workload('Deployment', 'worker', pod), scaled()]).pods).toBe(0);
  });

  test('an HPA owns the count: its minReplicas (default 1), only for its target kind and name', () => {
    const hpa = (target: object, min?: number) => object('HorizontalPodAutoscaler', 'hpa', { spec: { scaleTargetRef: target, maxReplicas: 5, ...(min === undefined ? {} : { minReplicas: min }) } });
    const deployment = workload('Deployment', 'worker', pod, { replicas: 4 });
    expect(alwaysOnFootprint([deployment, hpa({ kind: 'Deployment', name: 'worker' }, 3)]).pods).toBe(3);
    expect(alwaysOnFootprint([deployment, hpa({ kind: 'Deployment', name: 'worker' })]).pods).toBe(1);
    expect(alwaysOnFootprint([deployment, hpa({ kind: 'StatefulSet', name: 'worker' }, 3)]).pods).toBe(4);
  });
});
