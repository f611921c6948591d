/** The standalone DAG processor: parses DAG files (mandatory on Airflow 3). */
import { Construct } from 'constructs';
import { SchedulingProps } from '../../model/component';
import { ResolvedResources } from '../../model/resources';
import { ResolvedExtensions } from '../../resolve/extensions';
import { AirflowContext } from '../context';
import { AirflowComponent } from './airflow-component';
import { jobsCheckProbes } from './airflow-pod';

/** Resolved settings of the DAG processor. */
export interface DagProcessorOptions {
  readonly replicas: number;
  readonly resources: ResolvedResources;
  readonly scheduling: SchedulingProps;
  /** What the user adds to the pods. */
  readonly extensions?: ResolvedExtensions;
}

/** The DAG processor Deployment. */
export class DagProcessor extends Construct {
  /** The Deployment and ServiceAccount. */
  public readonly component: AirflowComponent;

  constructor(scope: Construct, id: string, ctx: AirflowContext, options: DagProcessorOptions) {
    super(scope, id);
    this.component = new AirflowComponent(this, 'component', ctx, {
      component: 'dag-processor',
      readsDags: ctx.capabilities.dagReaders.includes('dag-processor'),
      name: 'dag-processor',
      args: ['airflow', 'dag-processor'],
      replicas: options.replicas,
      resources: options.resources,
      scheduling: options.scheduling,
      extensions: options.extensions,
      ...jobsCheckProbes('DagProcessorJob'),
    });
  }
}
