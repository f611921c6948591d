/**
 * README "Beyond the props": what a component's pods can be given (IRSA, env from a Secret, a
 * volume, a sidecar, pod annotations), and a JSON patch for anything else. The README shows this
 * file (importing from './lib'); a test keeps the two identical and synthesizes it.
 */
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Airflow, KubernetesExecutor } from '../lib';

/** An Airflow whose scheduler gets additions, then a patch. */
export function airflowWithAdditions(chart: Chart): Airflow {
  const airflow = new Airflow(chart, 'airflow', {
    executor: new KubernetesExecutor(),
    scheduler: {
      serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/airflow-scheduler' },
      env: [
        { name: 'AWS_REGION', value: 'eu-west-1' },
        { name: 'AIRFLOW__SMTP__SMTP_PASSWORD', secret: { name: 'smtp', key: 'password' } },
      ],
      volumes: [{ volume: { name: 'corporate-ca', configMap: { name: 'corporate-ca' } }, mountPath: '/etc/ssl/corporate', readOnly: true }],
      sidecars: [{
        name: 'cloud-sql-proxy',
        image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1',
        args: ['--port=5432', 'example-project:europe-west1:airflow'],
        resources: { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi' },
      }],
      podAnnotations: { 'sidecar.istio.io/inject': 'false' },
    },
  });
  // Anything no prop covers: every object is reachable, so patch it.
  ApiObject.of(airflow.scheduler.component.deployment).addJsonPatch(
    JsonPatch.add('/spec/template/spec/hostAliases', [{ ip: '10.0.0.10', hostnames: ['metadata.internal'] }]),
  );
  return airflow;
}
