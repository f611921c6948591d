/** The triggerer: runs deferred tasks' triggers and serves their logs on port 8794. */
import { Construct } from 'constructs';
import { AirflowContext } from '../context';
import { ResolvedResources } from '../resources';
import { SchedulingProps } from '../component-props';
import { AirflowComponent, VolumeWithMount } from './airflow-component';
import { jobsCheckProbes } from './airflow-pod';

/** Port the triggerer serves trigger logs on. */
export const TRIGGERER_LOG_PORT = 8794;

/** Resources used when none are given. */
export const TRIGGERER_DEFAULT_RESOURCES: ResolvedResources = { cpu: '100m', memory: '512Mi', memoryLimit: '1Gi' };

/** Resolved settings of the triggerer. */
export interface TriggererOptions {
  readonly replicas: number;
  readonly resources: ResolvedResources;
  readonly scheduling: SchedulingProps;
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
      ports: [{ name: 'logs', containerPort: TRIGGERER_LOG_PORT, protocol: 'TCP' }],
      launchesPods: options.launchesPods,
      podTemplates: options.podTemplates,
      ...jobsCheckProbes('TriggererJob'),
    });
  }
}
