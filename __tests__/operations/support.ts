/** Shared helpers of the production-operations tests. */
import { Chart, Testing } from 'cdk8s';
import { Airflow, AirflowProps, AirflowValidationError } from '../../lib';

/** The problems `props` produce (empty when valid). */
export function problemsOf(props: AirflowProps): readonly string[] {
  try {
    new Airflow(new Chart(Testing.app(), 'test', { namespace: 'airflow' }), 'airflow', props);
  } catch (error) {
    if (error instanceof AirflowValidationError) return error.problems;
    throw error;
  }
  return [];
}
