import { z } from 'zod';
import { incidentId } from '../incidents/incident';
import { text } from '../text';
import { rotationChecks, rotationGroupLabels, rotationGroups } from '../choices';
export { rotationChecks, rotationGroupLabels, rotationGroups };

export type RotationGroup = (typeof rotationGroups)[number];

export const rotationStatuses = ['pending', 'rotated', 'verified'] as const;
export type RotationStatus = (typeof rotationStatuses)[number];

export type RotationCheckId = (typeof rotationChecks)[number]['id'];
export const rotationCheckIds = rotationChecks.map((check) => check.id) as [RotationCheckId, ...RotationCheckId[]];

export interface RotationCheck {
  id: RotationCheckId;
  label: string;
  done: boolean;
  /** Who ticked it and when; null while not done. */
  at: string | null;
  by: string | null;
}

/** One secret to rotate. Never its value: a name, where it lives, and at most a fingerprint. */
export interface RotationItem {
  incidentId: string;
  /** `R1`, `R2`… per incident. */
  id: string;
  name: string;
  location: string;
  owner: string;
  group: RotationGroup;
  /** First 16 hex characters of the secret's SHA-256 (from a scan finding); null when added by hand without one. */
  fingerprint: string | null;
  /** The scan finding it came from, if any. */
  findingId: number | null;
  status: RotationStatus;
  addedAt: string;
  addedBy: string;
  rotatedAt: string | null;
  rotatedBy: string | null;
  verifiedAt: string | null;
  verifiedBy: string | null;
  checks: RotationCheck[];
}

export interface RotationAddResult {
  item: RotationItem;
  /** False when an item with the same fingerprint was already tracked: that one is returned, nothing is added. */
  created: boolean;
}

export const rotationItemId = z.string().regex(/^R[1-9]\d{0,5}$/, { message: 'must be a rotation item ID like R1' });
export const fingerprint = z.string().regex(/^[0-9a-f]{16}$/, { message: 'must be 16 lowercase hex characters (the first of the secret\'s SHA-256)' });

export const rotationListInput = z.strictObject({ incidentId });
export const rotationAddInput = z.strictObject({
  incidentId,
  name: text({ min: 1, max: 200 }),
  location: text({ min: 1, max: 500 }),
  owner: text({ min: 1, max: 200 }),
  group: z.enum(rotationGroups, { error: 'must be external, application or service' }),
  fingerprint: fingerprint.optional(),
});
export const rotationMarkInput = z.strictObject({
  incidentId,
  itemId: rotationItemId,
  status: z.enum(['rotated', 'verified'], { error: 'must be rotated or verified' }),
});
export const rotationCheckInput = z.strictObject({
  incidentId,
  itemId: rotationItemId,
  check: z.enum(rotationCheckIds, { error: `must be one of ${rotationCheckIds.join(', ')}` }),
  done: z.boolean(),
});
