/** Resolves what names and runs the instance: its name, namespace, Airflow version and image. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ValidationProblems, show } from '../errors';
import { AirflowProps } from '../model/airflow-props';
import { AirflowVersion, SUPPORTED_AIRFLOW_LINES } from '../model/version';
import { checkImage, isDnsLabel, isDnsSubdomain } from './checks';
import { isDns1035Label } from './k8s-rules';

/** The instance's identity, resolved. */
export interface ResolvedInstance {
  readonly instance: string;
  readonly namespace: string;
  readonly version: AirflowVersion;
  readonly image: string;
  readonly imagePullSecrets: readonly string[];
}

/** Resolves the instance name, namespace, version, image and pull secrets. */
export function resolveInstance(scope: Construct, id: string, props: AirflowProps, problems: ValidationProblems): ResolvedInstance {
  const instance = props.instance ?? id;
  if (!isDnsLabel(instance, 30)) {
    problems.add('instance', `must be a lowercase RFC 1123 label of at most 30 characters (a-z, 0-9, '-'), got ${show(instance)}; set the "instance" prop`);
  } else if (!isDns1035Label(instance)) {
    problems.add('instance', `must start with a letter: it begins every Service name (${instance}-api-server, ...), and Service names are RFC 1035 labels; got ${show(instance)}`);
  }
  const chart = chartOf(scope);
  if (!chart) {
    problems.add('scope', 'must be a Chart or a construct inside one: create the Airflow with new Airflow(chart, \'airflow\', {...}) where chart = new Chart(app, \'airflow\')');
  }
  const namespace = props.namespace ?? chart?.namespace ?? 'airflow';
  if (!isDnsLabel(namespace)) {
    problems.add('namespace', `must be a lowercase RFC 1123 label (a-z, 0-9, '-'), got ${show(namespace)}`);
  }
  const version = props.version ?? AirflowVersion.V3_3_2;
  if (!version.isSupported) {
    const lines = SUPPORTED_AIRFLOW_LINES.map((l) => `${l}.x`).join(', ');
    problems.add('version', `must be a release of a supported line (${lines}) such as "${AirflowVersion.V3_3_2.version}", got "${version.version}" (README: "Airflow versions" says why 3.0 and 3.2 are not offered)`);
  }
  const image = props.image ?? `apache/airflow:${version.version}`;
  checkImage(problems, 'image', image);
  const imagePullSecrets = props.imagePullSecrets ?? [];
  imagePullSecrets.forEach((name, i) => {
    if (!isDnsSubdomain(name)) problems.add(`imagePullSecrets[${i}]`, `must be a Secret name, got ${show(name)}`);
  });
  return { instance, namespace, version, image, imagePullSecrets };
}

/** The chart `scope` belongs to, or undefined (Chart.of throws an error that names no prop). */
function chartOf(scope: Construct): Chart | undefined {
  return [...scope.node.scopes].reverse().find((c): c is Chart => Chart.isChart(c));
}
