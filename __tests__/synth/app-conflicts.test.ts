// Class 5 of issue 14: deployments of one app that would fight over an object or a route.
import { App, Chart, Testing } from 'cdk8s';
import { Airflow, AirflowProps, AirflowValidationError, KubernetesExecutor, TaskPodPresets } from '../../lib';
import { checkApp } from '../../lib/synth/synthesize';
import { K8sObject, problemsOf, schemaProblemsOf } from '../support/chart';

/** An app with one Airflow per entry, each in its own chart `<id>`. */
function appOf(instances: Record<string, AirflowProps & { chartNamespace?: string }>): App {
  const app = new App({ outdir: Testing.app().outdir });
  for (const [id, { chartNamespace, ...props }] of Object.entries(instances)) {
    new Airflow(new Chart(app, id, { namespace: chartNamespace ?? 'airflow' }), 'airflow', { instance: id, ...props });
  }
  return app;
}

const routeMessage = (second: string, route: string, first: string) =>
  `${second}: routes ${route}, like ${first}: the ingress controller sends every request to one of them, so the other is unreachable; give each deployment its own ingress.host or ingress.path`;

describe('bad input: conflicts across the deployments of one app', () => {
  test('two instances creating the operator namespace they share', () => {
    const shared = { createNamespace: true, taskPods: { operatorNamespace: 'airflow-tasks', families: [TaskPodPresets.python()] } };
    const app = appOf({ sales: { ...shared, chartNamespace: 'sales' }, marketing: { ...shared, chartNamespace: 'marketing' } });
    expect(() => checkApp(app)).toThrow(
      'Two deployments write the same objects:\n' +
        '  v1 Namespace (cluster)/airflow-tasks is written by sales/airflow/namespace/airflow-tasks and marketing/airflow/namespace/airflow-tasks: ' +
        'a namespace shared by several deployments must be created once: set createNamespace on one of them only, ' +
        'or create it outside (e.g. Argo CD\'s CreateNamespace) and leave createNamespace off',
    );
  });

  test('one instance name in one namespace twice', () => {
    const app = new App({ outdir: Testing.app().outdir });
    new Airflow(new Chart(app, 'first', { namespace: 'airflow' }), 'airflow', { instance: 'etl' });
    new Airflow(new Chart(app, 'second', { namespace: 'airflow' }), 'airflow', { instance: 'etl' });
    expect(() => checkApp(app)).toThrow(/v1 ConfigMap airflow\/etl-config is written by first\/airflow\/config and second\/airflow\/config: give the deployments different instance names or namespaces/);
  });

  test('two Ingresses routing the same host and path', () => {
    const app = appOf({
      sales: { ingress: { host: 'airflow.example.com', path: '/' } },
      marketing: { ingress: { host: 'airflow.example.com' } },
      finance: { ingress: { host: 'airflow.example.com', path: '/finance/' } },
      audit: { ingress: { host: 'airflow.example.com', path: '/finance' } },
    });
    let error: unknown;
    try {
      checkApp(app);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AirflowValidationError);
    expect((error as AirflowValidationError).problems).toEqual([
      routeMessage('marketing/airflow/operations/ingress/ingress', 'airflow.example.com/', 'sales/airflow/operations/ingress/ingress'),
      routeMessage('audit/airflow/operations/ingress/ingress', 'airflow.example.com/finance', 'finance/airflow/operations/ingress/ingress'),
    ]);
  });

  test.each<[string, AirflowProps, string[]]>([
    [
      'an IP address as the Ingress host',
      { ingress: { host: '203.0.113.10' } },
      ['test/airflow: ingress.host must be a DNS name, not an IP address: Kubernetes rejects Ingress rules for an IP host; leave the IP to DNS (e.g. an A record) and give its name, got "203.0.113.10"'],
    ],
    [
      'an IPv6 address as the Ingress host',
      { ingress: { host: '2001:db8::10' } },
      ['test/airflow: ingress.host must be a DNS name, not an IP address: Kubernetes rejects Ingress rules for an IP host; leave the IP to DNS (e.g. an A record) and give its name, got "2001:db8::10"'],
    ],
  ])('%s', (_, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });
});

describe('good input: deployments that share a cluster without conflict', () => {
  test('one host with a path per deployment, one host for two ingress classes, a namespace created once', () => {
    const app = appOf({
      sales: { ingress: { host: 'airflow.example.com', path: '/sales' }, createNamespace: true, taskPods: { operatorNamespace: 'airflow-tasks', families: [TaskPodPresets.python()] }, chartNamespace: 'sales' },
      marketing: { ingress: { host: 'airflow.example.com', path: '/marketing' }, taskPods: { operatorNamespace: 'airflow-tasks', families: [TaskPodPresets.python()] }, chartNamespace: 'marketing' },
      internal: { ingress: { host: 'airflow.example.com', className: 'nginx-internal' }, executor: new KubernetesExecutor() },
      public: { ingress: { host: 'airflow.example.com', className: 'nginx-public' } },
    });
    expect(checkApp(app)).toEqual([]);
    const objects = app.charts.flatMap((chart) => Testing.synth(chart) as K8sObject[]);
    expect(schemaProblemsOf(objects)).toEqual([]);
  });
});
