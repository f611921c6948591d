/**
 * Synth-time warnings: things that are allowed but dangerous or lossy. They are attached to the
 * construct that caused them and printed by `npm run synth`; they never fail the synth.
 */
import { IConstruct } from 'constructs';

const WARNING = 'cdk8s-airflow:warning';

/** Attaches a warning to `scope`. */
export function addWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(WARNING, message);
}

/** Every warning under `root`, as `<construct path>: <message>`, in construct order. */
export function collectWarnings(root: IConstruct): string[] {
  return root.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === WARNING).map((m) => `${c.node.path}: ${m.data}`));
}
