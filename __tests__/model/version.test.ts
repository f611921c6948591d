import { AirflowVersion, SUPPORTED_AIRFLOW_LINES } from '../../lib';
import { synthAirflow, workloadOf } from '../support/chart';

describe('Airflow versions', () => {
  test('the default is Airflow 3.3.2, the newest release upstream still fixes', () => {
    // GIVEN no version prop
    const objects = synthAirflow();
    // THEN the image and the version label say 3.3.2
    expect(workloadOf(objects, 'scheduler').spec.template.spec.containers[0].image).toBe('apache/airflow:3.3.2');
    expect(workloadOf(objects, 'scheduler').metadata.labels['app.kubernetes.io/version']).toBe('3.3.2');
  });

  test('the table is keyed by release line, not by major version', () => {
    expect(SUPPORTED_AIRFLOW_LINES).toEqual(['3.3', '3.1', '2.11']);
    expect(AirflowVersion.of('3.3.0').capabilities.line).toBe('3.3');
    expect(AirflowVersion.of('3.1.8').capabilities.line).toBe('3.1');
    expect(AirflowVersion.of('2.11.2').capabilities.line).toBe('2.11');
  });

  test.each([['3.2.2'], ['3.0.6'], ['2.10.5'], ['3.3']])('%s is not a supported release', (version) => {
    expect(AirflowVersion.of(version).isSupported).toBe(false);
  });

  test('3.1 and 3.3 differ where Airflow changed: legacy metric names became a setting, the bundle joined the DAG file metric', () => {
    const v31 = AirflowVersion.V3_1_7.capabilities;
    const v33 = AirflowVersion.V3_3_2.capabilities;
    expect(v31.legacyMetricNamesSetting).toBeUndefined();
    expect(v33.legacyMetricNamesSetting).toEqual(['metrics', 'legacy_names_on']);
    expect(v31.dagProcessingDurationLabels).toEqual(['file_name']);
    expect(v33.dagProcessingDurationLabels).toEqual(['bundle_name', 'file_name']);
  });
});
