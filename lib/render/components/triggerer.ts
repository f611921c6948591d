/** The triggerer: runs deferred tasks' triggers and serves their logs on port 8794. */
import { Construct } from 'constructs';
import { SchedulingProps } from '../../model/component';
import { ResolvedResources } from '../../model/resources';
import { TRIGGERER_LOG_PORT } from '../../resolve/addresses';
import { ResolvedExtensions } from '../../resolve/extensions';
import { AirflowContext } from '../context';
import { AirflowComponent, VolumeWithMount } from './airflow-component';
import { jobsCheckProbes } from './airflow-pod';

/** Resolved settings of the triggerer. */
export interface TriggererOptions {
  readonly replicas: number;
  readonly resources: ResolvedResources;
  readonly scheduling: SchedulingProps;
  /** What the user adds to the pods. */
  readonly extensions?: ResolvedExtensions;
  /** Whether deferrable KubernetesPodOperator tasks make the triggerer watch pods. */
  readonly launchesPods: boolean;
  /** The task pod templates, when there are any. */
  readonly podTemplates?: VolumeWithMount;
}

/** The triggerer Deployment. */
export class Triggerer extends Construct {
  /** The Deployment and ServiceAccount. */
  public readonly component: AirflowComponent;

  constructor(scope: Construct, id: string, ctx: AirflowContext, options: TriggererOptions) {
    super(scope, id);
    this.component = new AirflowComponent(this, 'component', ctx, {
      component: 'triggerer',
      usesBroker: true,
      readsDags: ctx.capabilities.dagReaders.includes('triggerer'),
      name: 'triggerer',
      args: ['airflow', 'triggerer'],
      replicas: options.replicas,
      resources: options.resources,
      scheduling: options.scheduling,
      extensions: options.extensions,
      ports: [{ name: 'logs', containerPort: TRIGGERER_LOG_PORT, protocol: 'TCP' }],
      launchesPods: options.launchesPods,
      podTemplates: options.podTemplates,
      ...jobsCheckProbes('TriggererJob'),
    });
  }
}
