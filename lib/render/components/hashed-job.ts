/**
 * Jobs whose name carries a hash of what they run. Job pod templates are immutable: a Job that
 * runs something new needs a new name, and Argo CD re-creates hook Jobs by that name.
 */
import { ApiObject } from 'cdk8s';
import { shortHash } from '../../hash';
import { ComponentName } from '../../labels';
import { componentName } from '../../resolve/addresses';
import { AirflowContext } from '../context';

/** `<instance>-<component>-<hash of content>`. */
export function hashedJobName(ctx: AirflowContext, component: ComponentName, content: unknown): string {
  return `${componentName(ctx, component)}-${shortHash(content)}`;
}

/** Fails the synth when an escape-hatch patch renamed the Job away from its hashed name. */
export function requireHashedName(job: ApiObject, expectedName: string): void {
  job.node.addValidation({
    validate: () => {
      // cdk8s validates the whole app once per chart: rendering the Job each time would make synth
      // quadratic in the number of charts. Without JSON patches the name is the one set here.
      if (!hasPatches(job)) return [];
      const actual = job.toJson().metadata?.name;
      if (actual === expectedName) return [];
      return [
        `the Job must keep its content-hashed name "${expectedName}" (Job templates are immutable and Argo CD re-creates hook Jobs by name), ` +
          `got "${actual}": remove the patch or override that renames it`,
      ];
    },
  });
}

/** Whether escape-hatch JSON patches were added (cdk8s keeps them in a private field). */
function hasPatches(obj: ApiObject): boolean {
  const patches = (obj as unknown as { patches?: unknown[] }).patches;
  return patches === undefined || patches.length > 0;
}
