// The schema check guards every other test's output, so it must itself be able to fail.
import { validateK8sObject } from '../../lib/validate/kubernetes-schema';

const validService = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'airflow' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
};

describe('validateK8sObject', () => {
  test('accepts a valid object', () => {
    expect(validateK8sObject(validService)).toEqual([]);
  });

  test('rejects an unknown field, however deep', () => {
    const obj = { ...validService, spec: { ...validService.spec, ports: [{ port: 80, targetPrt: 'http' }] } };
    expect(validateK8sObject(obj)).toEqual(['Service.spec.ports[0].targetPrt: unknown field for V1ServicePort']);
  });

  test('rejects a wrong type', () => {
    const obj = { ...validService, spec: { ...validService.spec, ports: [{ port: 'eighty' }] } };
    expect(validateK8sObject(obj).join('\n')).toMatch(/ports\[0\]\.port/);
  });

  test('rejects a missing required field', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ image: 'x:1' }] } };
    expect(validateK8sObject(pod).join('\n')).toMatch(/name/);
  });

  test('rejects an unknown kind', () => {
    expect(validateK8sObject({ apiVersion: 'v1', kind: 'Nope', metadata: {} })).toEqual(['unknown kind v1 Nope']);
  });
});
