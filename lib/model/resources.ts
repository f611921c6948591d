
/**
 * CPU and memory for one container. Every field is optional in props; unset fields keep the
 * component's default, so changing one value never means restating the others.
 */
export interface ComputeResources {
  /**
   * CPU request: what the scheduler reserves on a node.
   *
   * @default - the component's default
   */
  readonly cpu?: string;

  /**
   * Memory request.
   *
   * @default - the component's default
   */
  readonly memory?: string;

  /**
   * Memory limit: the container is killed when it uses more.
   *
   * @default - the component's default
   */
  readonly memoryLimit?: string;

  /**
   * CPU limit. Off by default on purpose: CPU limits throttle Airflow's Python processes during
   * start-up and make probes time out.
   *
   * @default - no CPU limit
   */
  readonly cpuLimit?: string;
}

/** Resources with every required field filled in. */
export interface ResolvedResources {
  readonly cpu: string;
  readonly memory: string;
  readonly memoryLimit: string;
  readonly cpuLimit?: string;
}
