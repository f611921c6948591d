/**
 * The e2e run builds the stand-in images the manifests need (e2e/run.ts, from imagesOf). Images
 * that only task pod templates or Spark settings name must count too: on a machine without the
 * image cache, spark.family failed because apache/spark was never built.
 */
import { distFiles, imagesOf, K8sObject, readObjects } from '../../e2e/harness/dist';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const configMap = (data: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data });

describe('imagesOf', () => {
  test('a workload: its init containers and containers', () => {
    const deployment: K8sObject = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
      spec: { template: { spec: { initContainers: [{ name: 'i', image: 'init:1' }], containers: [{ name: 'c', image: 'main:2' }] } } },
    };
    expect(imagesOf(deployment).sort()).toEqual(['init:1', 'main:2']);
  });

  test('a ConfigMap: pod templates in YAML or JSON, and Spark image settings', () => {
    const cm = configMap({
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: base\n      image: task:1\n',
      'driver.json': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', spec: { initContainers: [{ name: 'i', image: 'init:2' }], containers: [{ name: 'spark', image: 'spark:3' }] } }),
      'spark-defaults.conf': 'spark.master k8s://https://kubernetes.default.svc:443\nspark.kubernetes.container.image spark:4\nspark.kubernetes.executor.image=spark:5\n',
      'airflow.cfg': '[core]\nexecutor = KubernetesExecutor\n',
    });
    expect(imagesOf(cm).sort()).toEqual(['init:2', 'spark:3', 'spark:4', 'spark:5', 'task:1']);
  });

  test('the committed examples: every image the task pod families run is found, Spark\'s included', () => {
    const images = new Set(distFiles(ROOT).flatMap((f) => readObjects(f).flatMap(imagesOf)));
    expect([...images]).toEqual(expect.arrayContaining(['apache/spark:3.5.5', 'python:3.12.8-slim-bookworm']));
  });
});
