/** Flower, the Celery monitoring UI (CeleryExecutor only), behind a ClusterIP Service. */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ResolvedResources } from '../../model/resources';
import { FLOWER_PORT } from '../../resolve/addresses';
import { AirflowComponent } from '../components/airflow-component';
import { componentService } from '../components/workloads';
import { AirflowContext } from '../context';

const RESOURCES: ResolvedResources = { cpu: '50m', memory: '256Mi', memoryLimit: '512Mi' };

/** Flower's Deployment and Service. */
export class Flower extends Construct {
  public readonly component: AirflowComponent;

  constructor(scope: Construct, id: string, ctx: AirflowContext) {
    super(scope, id);
    const probe = (periodSeconds: number): k8s.Probe => ({
      httpGet: { path: '/healthcheck', port: k8s.IntOrString.fromString('flower') },
      timeoutSeconds: 5,
      periodSeconds,
    });
    this.component = new AirflowComponent(this, 'component', ctx, {
      component: 'flower',
      usesBroker: true,
      name: 'flower',
      args: ['airflow', 'celery', 'flower'],
      replicas: 1,
      resources: RESOURCES,
      ports: [{ name: 'flower', containerPort: FLOWER_PORT, protocol: 'TCP' }],
      livenessProbe: probe(30),
      readinessProbe: probe(10),
    });
    componentService(this, 'service', ctx, 'flower', [{ name: 'flower', port: FLOWER_PORT }]);
  }
}
