/** Spark's driver and executor pod templates follow the spark family: pull secrets, placement, sizes. */
import { parse } from 'yaml';
import { AirflowProps, SparkFamilyOptions, TaskPodPresets } from '../../../lib';
import { find, problemsOf, synthAirflow } from '../../support/chart';
import { validateK8sObject } from '../../support/schema';

function spark(options: SparkFamilyOptions = {}, props: AirflowProps = {}) {
  const conf = find(synthAirflow({ ...props, taskPods: { families: [TaskPodPresets.spark(options)] } }), 'ConfigMap', 'airflow-spark').data;
  const settings = Object.fromEntries(conf['spark-defaults.conf'].trim().split('\n').map((line: string) => line.split(' ')));
  return { settings, driver: parse(conf['driver-pod-template.yaml']), executor: parse(conf['executor-pod-template.yaml']) };
}

describe('Spark driver and executor templates', () => {
  test('use the instance\'s image pull secrets, in the pod templates and in spark-defaults.conf', () => {
    const { settings, driver, executor } = spark({}, { imagePullSecrets: ['registry-a', 'registry-b'] });
    for (const pod of [driver, executor]) {
      expect(pod.spec.imagePullSecrets).toEqual([{ name: 'registry-a' }, { name: 'registry-b' }]);
      expect(validateK8sObject(pod)).toEqual([]);
    }
    expect(settings['spark.kubernetes.container.image.pullSecrets']).toBe('registry-a,registry-b');
  });

  test('have no pull secrets when the instance has none', () => {
    const { settings, driver, executor } = spark();
    expect(driver.spec.imagePullSecrets).toBeUndefined();
    expect(executor.spec.imagePullSecrets).toBeUndefined();
    expect(settings).not.toHaveProperty(['spark.kubernetes.container.image.pullSecrets']);
  });

  test('run where the spark family runs: node selector, tolerations, affinity, priority class', () => {
    const placement = {
      nodeSelector: { pool: 'spark' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'spark', effect: 'NoSchedule' }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } },
      priorityClassName: 'batch',
    };
    const { driver, executor } = spark(placement);
    for (const pod of [driver, executor]) {
      expect(pod.spec).toMatchObject(placement);
      expect(validateK8sObject(pod)).toEqual([]);
    }
  });

  test('request as many CPU cores as spark.executor.cores (and spark.driver.cores) unless a request is set', () => {
    expect(spark({ sparkConf: { 'spark.executor.cores': '4', 'spark.driver.cores': '2' } }).settings).toMatchObject({
      'spark.kubernetes.executor.request.cores': '4',
      'spark.kubernetes.driver.request.cores': '2',
    });
    expect(spark({ sparkConf: { 'spark.executor.cores': '4', 'spark.kubernetes.executor.request.cores': '1500m' } }).settings['spark.kubernetes.executor.request.cores']).toBe('1500m');
    // Unset, the small default requests stay.
    expect(spark().settings).toMatchObject({ 'spark.executor.cores': '1', 'spark.kubernetes.executor.request.cores': '250m', 'spark.kubernetes.driver.request.cores': '250m' });
  });

  test('the driver may not be evicted by the cluster autoscaler mid-job; executors may', () => {
    const { driver, executor } = spark();
    expect(driver.metadata.annotations['cluster-autoscaler.kubernetes.io/safe-to-evict']).toBe('false');
    expect(executor.metadata.annotations).not.toHaveProperty(['cluster-autoscaler.kubernetes.io/safe-to-evict']);
  });

  test('sparkConf cannot set the pull secrets: they come from imagePullSecrets', () => {
    expect(problemsOf({ taskPods: { families: [TaskPodPresets.spark({ sparkConf: { 'spark.kubernetes.container.image.pullSecrets': 'x' } })] } })).toEqual([
      'test/airflow: taskPods.families[0].sparkConf.spark.kubernetes.container.image.pullSecrets is set by cdk8s-airflow from the instance\'s imagePullSecrets: set imagePullSecrets instead',
    ]);
  });
});
