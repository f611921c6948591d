/**
 * The checks every synthesized app must pass, whatever it deploys: strict schema validation (task
 * pod templates included), no null fields, and for each Airflow deployment a restricted security
 * context and explicit resources on every container. `__tests__/app.test.ts` runs them on
 * `main.ts`'s app, `__tests__/examples/examples.test.ts` on our examples.
 */
import { isAirflowDeployment } from '../../lib/report';
import { K8sObject, allContainers, taskPodTemplates } from './chart';
import { validateK8sObject } from './schema';

/** Registers the checks for `files` (objects by manifest path). */
export function describeAppChecks(files: Readonly<Record<string, K8sObject[]>>): void {
  const paths = Object.keys(files);
  const deployments = paths.filter((f) => isAirflowDeployment(files[f]));

  test('the app writes at least one chart', () => {
    expect(paths.length).toBeGreaterThan(0);
  });

  describe.each(paths)('%s', (file) => {
    const objects = files[file];

    test('every object validates against the Kubernetes schema, unknown fields rejected', () => {
      expect(objects.flatMap((o) => validateK8sObject(o))).toEqual([]);
    });

    test('no field is null, in objects or in task pod templates (an unset field is left out)', () => {
      const nulls = (value: unknown, where: string): string[] => {
        if (value === null) return [where];
        if (typeof value !== 'object') return [];
        return Object.entries(value as object).flatMap(([key, child]) => nulls(child, `${where}.${key}`));
      };
      const found = [
        ...objects.flatMap((o) => nulls(o, `${o.kind}/${o.metadata.name}`)),
        ...taskPodTemplates(objects).flatMap(({ name, pod }) => nulls(pod, `pod template ${name}`)),
      ];
      expect(found).toEqual([]);
    });
  });

  if (deployments.length === 0) return;
  describe.each(deployments)('Airflow deployment %s', (file) => {
    const objects = files[file];
    const containers = allContainers(objects);

    test('every container, in workloads and task pod templates, has a restricted security context of its own', () => {
      const problems = containers.flatMap(({ where, container, pod }) => {
        const sc = container.securityContext ?? {};
        const issues = [
          sc.allowPrivilegeEscalation !== false && 'privilege escalation allowed',
          sc.runAsNonRoot !== true && 'may run as root',
          sc.readOnlyRootFilesystem !== true && 'writable root filesystem',
          JSON.stringify(sc.capabilities) !== JSON.stringify({ drop: ['ALL'] }) && 'capabilities not dropped',
          // On the container too, not only inherited from the pod: each container passes "restricted" on its own.
          JSON.stringify(sc.seccompProfile) !== JSON.stringify({ type: 'RuntimeDefault' }) && 'no RuntimeDefault seccomp on the container',
          JSON.stringify(pod.securityContext?.seccompProfile) !== JSON.stringify({ type: 'RuntimeDefault' }) && 'no RuntimeDefault seccomp on the pod',
          pod.securityContext?.runAsNonRoot !== true && 'pod may run as root',
        ].filter(Boolean);
        return issues.map((issue) => `${where}: ${issue}`);
      });
      expect(problems).toEqual([]);
    });

    test('every container has CPU and memory requests and a memory limit (Spark sizes its own driver and executors)', () => {
      const problems = containers
        .filter(({ sparkTemplate }) => !sparkTemplate)
        .flatMap(({ where, container }) => {
          const issues = [
            container.resources?.requests?.cpu === undefined && 'no CPU request',
            container.resources?.requests?.memory === undefined && 'no memory request',
            container.resources?.limits?.memory === undefined && 'no memory limit',
          ].filter(Boolean);
          return issues.map((issue) => `${where}: ${issue}`);
        });
      expect(problems).toEqual([]);
    });

    test('every task pod template validates as a Pod', () => {
      expect(taskPodTemplates(objects).flatMap(({ pod }) => validateK8sObject(pod))).toEqual([]);
    });
  });
}
