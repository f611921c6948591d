/**
 * Persistent storage a deployment claims: StatefulSet volumeClaimTemplates (one claim per
 * replica) and standalone PersistentVolumeClaims. Claims outlive the objects that made them.
 */
import { byteCount, isQuantity } from '../quantity';
import { Fields, K8sObject, asFields, asFieldsList, asList, asNumber, asQuantityText, asString, componentOf, fieldAt, kindOf, nameOf, refOf, sortedBy } from './objects';

/** One claim (or one claim per replica, for a volumeClaimTemplate). */
export interface StorageClaim {
  /** What creates the claim: `StatefulSet/<name>` or `PersistentVolumeClaim/<name>`. */
  readonly owner: string;
  /** The claim name (for a volumeClaimTemplate: the template name; PVCs are `<template>-<statefulset>-<ordinal>`). */
  readonly claim: string;
  /** The `app.kubernetes.io/component` label of the owner. */
  readonly component: string;
  /** Number of claims: the StatefulSet's replicas, or 1. */
  readonly count: number;
  /** Requested size of one claim in bytes. */
  readonly bytesEach: number;
  /** `count` × `bytesEach`. */
  readonly totalBytes: number;
  /** The storage class, when set (otherwise the cluster default). */
  readonly storageClass?: string;
  /** Access modes, e.g. `ReadWriteOnce`. */
  readonly accessModes: readonly string[];
}

/** Every claim of a deployment, and their sum. */
export interface StorageFacts {
  /** Claims sorted by owner and claim name. */
  readonly claims: readonly StorageClaim[];
  readonly totalBytes: number;
}

function claimFrom(owner: K8sObject, claimName: string, spec: Fields, count: number): StorageClaim {
  const size = asQuantityText(fieldAt(spec, 'resources', 'requests', 'storage'));
  const bytesEach = size !== undefined && isQuantity(size) ? byteCount(size) : 0;
  return {
    owner: refOf(owner),
    claim: claimName,
    component: componentOf(owner),
    count,
    bytesEach,
    totalBytes: bytesEach * count,
    storageClass: asString(spec.storageClassName),
    accessModes: asList(spec.accessModes).filter((m): m is string => typeof m === 'string'),
  };
}

/** The claims `obj` creates: none unless it is a StatefulSet with volumeClaimTemplates or a PersistentVolumeClaim. */
export function claimsOf(obj: K8sObject): StorageClaim[] {
  const kind = kindOf(obj);
  if (kind === 'PersistentVolumeClaim') return [claimFrom(obj, nameOf(obj), asFields(obj.spec), 1)];
  if (kind !== 'StatefulSet') return [];
  const replicas = asNumber(fieldAt(obj, 'spec', 'replicas')) ?? 1;
  return asFieldsList(fieldAt(obj, 'spec', 'volumeClaimTemplates')).map((template) =>
    claimFrom(obj, asString(fieldAt(template, 'metadata', 'name')) ?? '', asFields(template.spec), replicas),
  );
}

/** Persistent storage claimed by a deployment's objects. */
export function storageFacts(objects: readonly K8sObject[]): StorageFacts {
  const claims = sortedBy(objects.flatMap(claimsOf), (c) => `${c.owner}\u0000${c.claim}`);
  return { claims, totalBytes: claims.reduce((sum, c) => sum + c.totalBytes, 0) };
}
