import { rotationEventTypes } from './rotationRules';

type Records = Map<string, Record<string, unknown>>;

/** The fields of a rotation item both the replay and the table reader compare. */
export interface RotationItemFields {
  name: unknown;
  location: unknown;
  owner: unknown;
  group: unknown;
  fingerprint: unknown;
  findingId: unknown;
  status: unknown;
  addedAt: unknown;
  addedBy: unknown;
  rotatedAt: unknown;
  rotatedBy: unknown;
  verifiedAt: unknown;
  verifiedBy: unknown;
}

export const rotationItemRecord = (fields: RotationItemFields): Record<string, unknown> => ({ ...fields });

/** Keyed `R1 ci-secrets`: the item, then the check. */
export const rotationCheckKey = (itemId: string, checkId: string) => `${itemId} ${checkId}`;

export const rotationCheckRecord = (done: boolean, at: string | null, by: string | null): Record<string, unknown> => ({ done, at, by });

/**
 * Applies one rotation event to the rows the rotation tables should hold; false for any other
 * event. The service writes each row in the same transaction as its event, with its time and actor.
 */
export function replayRotationEvent(items: Records, checks: Records, type: string, at: string, actor: string, p: Record<string, unknown>): boolean {
  switch (type) {
    case rotationEventTypes.itemAdded: {
      const item = (p.item ?? {}) as Record<string, unknown>;
      const id = String(item.id);
      items.set(id, rotationItemRecord({
        name: item.name,
        location: item.location,
        owner: item.owner,
        group: item.group,
        fingerprint: item.fingerprint ?? null,
        findingId: item.findingId ?? null,
        status: 'pending',
        addedAt: at,
        addedBy: actor,
        rotatedAt: null,
        rotatedBy: null,
        verifiedAt: null,
        verifiedBy: null,
      }));
      for (const check of Array.isArray(item.checks) ? (item.checks as unknown[]) : []) checks.set(rotationCheckKey(id, String(check)), rotationCheckRecord(false, null, null));
      return true;
    }
    case rotationEventTypes.itemMarked: {
      const id = String(p.itemId);
      // A mark of an item the replay does not know stays visible: the row will not match.
      const current = items.get(id) ?? { name: null };
      items.set(id, { ...current, status: p.to, ...(p.to === 'rotated' ? { rotatedAt: at, rotatedBy: actor } : { verifiedAt: at, verifiedBy: actor }) });
      return true;
    }
    case rotationEventTypes.checkChanged: {
      const done = p.done === true;
      checks.set(rotationCheckKey(String(p.itemId), String(p.check)), rotationCheckRecord(done, done ? at : null, done ? actor : null));
      return true;
    }
    default:
      return false;
  }
}
