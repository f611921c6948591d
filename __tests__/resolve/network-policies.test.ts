import { AirflowProps, EgressEndpoint } from '../../lib';
import { problemsOf } from '../support/chart';

const apiServer: EgressEndpoint = { cidr: '10.0.0.1/32', ports: [443] };
/** NetworkPolicies with the Kubernetes API declared (the secret bootstrap calls it), plus `egress`. */
const withEgress = (egress: object, rest: object = {}): AirflowProps => ({ networkPolicies: { egress: { kubernetesApi: [apiServer], ...egress }, ...rest } });

describe('NetworkPolicy egress endpoints', () => {
  test.each<[string, AirflowProps, string[]]>([
    [
      'an endpoint with an empty port list',
      withEgress({ git: [{ cidr: '140.82.112.0/20', ports: [] }] }),
      ['test/airflow: networkPolicies.egress.git[0].ports must list at least one port'],
    ],
    [
      'an endpoint without ports (from JavaScript)',
      withEgress({}, { taskEgress: [{ cidr: '10.1.0.0/16' } as unknown as EgressEndpoint] }),
      ['test/airflow: networkPolicies.taskEgress[0].ports must list at least one port'],
    ],
    [
      'a protocol Kubernetes does not know',
      withEgress({ objectStorage: [{ cidr: '52.216.0.0/15', ports: [443], protocol: 'HTTPS' } as unknown as EgressEndpoint] }),
      ['test/airflow: networkPolicies.egress.objectStorage[0].protocol must be "TCP", "UDP" or "SCTP", got "HTTPS"'],
    ],
  ])('%s is an error', (_, props, expected) => {
    // GIVEN NetworkPolicies with a malformed outside endpoint / WHEN synthesized / THEN the error names it
    expect(problemsOf(props)).toEqual(expected);
  });

  // SCTP is not in the TypeScript type, but Kubernetes takes it, so JavaScript callers may give it.
  test.each(['TCP', 'UDP', 'SCTP'])('an endpoint reached over %s is accepted', (protocol) => {
    // GIVEN an outside endpoint with an explicit protocol / WHEN synthesized / THEN no problem
    const endpoint = { cidr: '140.82.112.0/20', ports: [22], protocol } as EgressEndpoint;
    expect(problemsOf(withEgress({ git: [endpoint] }))).toEqual([]);
  });
});
