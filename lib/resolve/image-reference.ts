/**
 * Container image references as the container runtime parses them (the grammar of
 * github.com/distribution/reference, which kubelet and containerd use):
 *
 *   reference  := name [ ":" tag ] [ "@" digest ]
 *   name       := [ domain "/" ] path-component { "/" path-component }   (at most 255 characters)
 *   domain     := host [ ":" port ], recognised when the first component has a '.' or ':', is
 *                 "localhost", or has an uppercase letter
 *   path-component := [a-z0-9]+ { ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ }   (lowercase only)
 *   tag        := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
 *   digest     := algorithm ":" hex, e.g. "sha256:" and 64 lowercase hex digits
 *
 * The API server accepts any string as an image; a malformed one only fails when a node pulls it.
 */
import { show } from '../errors';

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_LENGTHS: Readonly<Record<string, number>> = { sha256: 64, sha512: 128 };

/** The parts of a well-formed reference. */
export interface ImageReference {
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

/**
 * Parses `image`, or returns why it is not a reference a container runtime can pull (as a
 * phrase that follows "must be a valid image reference: ").
 */
export function parseImageReference(image: string): ImageReference | string {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  if (digest !== undefined) {
    const [algorithm, hex = ''] = digest.split(':');
    const length = DIGEST_LENGTHS[algorithm];
    if (length === undefined || hex.length !== length || !/^[a-f0-9]+$/.test(hex)) {
      return `the digest after "@" must be "sha256:" and 64 lowercase hex digits (or "sha512:" and 128)`;
    }
  }
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const name = colon >= 0 ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = colon >= 0 ? withoutDigest.slice(colon + 1) : undefined;
  if (tag !== undefined && tag === '') return 'the tag after ":" is empty';
  if (tag !== undefined && !TAG.test(tag)) {
    return `the tag ${show(tag)} must be 1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`;
  }
  if (name === '') return 'the repository name is empty';
  if (name.length > 255) return 'the repository name is longer than 255 characters';
  const components = name.split('/');
  const first = components[0];
  const hasDomain = components.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  if (hasDomain && !DOMAIN.test(first)) return `the registry ${show(first)} must be a host name, optionally with ":" and a port`;
  const path = hasDomain ? components.slice(1) : components;
  const bad = path.find((component) => !PATH_COMPONENT.test(component));
  if (bad !== undefined) {
    // A first component taken for a registry only because of its capitals was meant as the path.
    const meant = hasDomain && !/[.:]/.test(first) && first !== 'localhost' ? components : path;
    return `the repository path ${show(meant.join('/'))} must be lowercase letters and digits separated by '.', '_', '__' or '-' (no uppercase, no empty parts)`;
  }
  return { name, tag, digest };
}
