/**
 * The scheduler. Under KubernetesExecutor it also launches task pods: it then mounts the task pod
 * templates and a ServiceAccount token, and is bound to the pod-launcher Role.
 */
import { Construct } from 'constructs';
import { SchedulingProps } from '../../model/component';
import { ResolvedResources } from '../../model/resources';
import { ResolvedExtensions } from '../../resolve/extensions';
import { AirflowContext } from '../context';
import { AirflowComponent, VolumeWithMount } from './airflow-component';
import { jobsCheckProbes } from './airflow-pod';

/** Resolved settings of the scheduler. */
export interface SchedulerOptions {
  readonly replicas: number;
  readonly resources: ResolvedResources;
  readonly scheduling: SchedulingProps;
  /** What the user adds to the pods. */
  readonly extensions?: ResolvedExtensions;
  /** Whether the scheduler launches task pods (KubernetesExecutor). */
  readonly launchesPods: boolean;
  /** The task pod templates, when it launches pods. */
  readonly podTemplates?: VolumeWithMount;
}

/** The scheduler Deployment. */
export class Scheduler extends Construct {
  /** The Deployment and ServiceAccount. */
  public readonly component: AirflowComponent;

  constructor(scope: Construct, id: string, ctx: AirflowContext, options: SchedulerOptions) {
    super(scope, id);
    this.component = new AirflowComponent(this, 'component', ctx, {
      component: 'scheduler',
      usesBroker: true,
      readsDags: ctx.capabilities.dagReaders.includes('scheduler'),
      name: 'scheduler',
      args: ['airflow', 'scheduler'],
      replicas: options.replicas,
      resources: options.resources,
      scheduling: options.scheduling,
      extensions: options.extensions,
      launchesPods: options.launchesPods,
      ...jobsCheckProbes('SchedulerJob'),
      podTemplates: options.podTemplates,
    });
  }
}
