/**
 * Every image a deployment runs, with its tag: containers and init containers of workloads, Jobs
 * and CronJobs, and of the task pod templates shipped in ConfigMaps.
 */
import { Fields, K8sObject, asString, byText, containersOf, initContainersOf, podSpecOf, refOf } from './objects';
import { DecodedPodTemplate } from './pod-templates';

/** One image and everything that runs it. */
export interface ImageUse {
  /** The image reference as written, e.g. `apache/airflow:3.1.7`. */
  readonly image: string;
  /** Registry and repository, e.g. `apache/airflow`. */
  readonly repository: string;
  /** The tag or digest; `latest (implicit)` when the reference has neither. */
  readonly tag: string;
  /** `Kind/name (containers)` entries, sorted. */
  readonly usedBy: readonly string[];
}

/** Splits an image reference into repository and tag (or digest). */
export function splitImage(image: string): { readonly repository: string; readonly tag: string } {
  const at = image.indexOf('@');
  if (at >= 0) return { repository: image.slice(0, at), tag: image.slice(at + 1) };
  const colon = image.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port (`registry:5000/airflow`).
  if (colon > image.lastIndexOf('/')) return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
  return { repository: image, tag: 'latest (implicit)' };
}

/** `[user, image]` pairs of one pod spec, the user being `where (containers)`. */
function imagesOfPod(where: string, podSpec: Fields): Array<[string, string]> {
  const containers = new Map<string, string[]>();
  const add = (image: string, name: string) => containers.set(image, [...(containers.get(image) ?? []), name]);
  for (const c of initContainersOf(podSpec)) add(asString(c.image) ?? '', `${asString(c.name) ?? '?'} init`);
  for (const c of containersOf(podSpec)) add(asString(c.image) ?? '', asString(c.name) ?? '?');
  return [...containers.entries()].filter(([image]) => image !== '').map(([image, names]) => [`${where} (${names.sort(byText).join(', ')})`, image]);
}

/** Every image of the objects and of the decoded pod templates, sorted by image. */
export function imageUses(objects: readonly K8sObject[], templates: readonly DecodedPodTemplate[]): ImageUse[] {
  const users = new Map<string, string[]>();
  const pairs = [
    ...objects.flatMap((o) => {
      const spec = podSpecOf(o);
      return spec === undefined ? [] : imagesOfPod(refOf(o), spec);
    }),
    ...templates.flatMap((t) => imagesOfPod(`pod template ${t.name}`, t.podSpec)),
  ];
  for (const [user, image] of pairs) users.set(image, [...(users.get(image) ?? []), user]);
  return [...users.keys()].sort(byText).map((image) => ({ image, ...splitImage(image), usedBy: users.get(image)!.sort(byText) }));
}
