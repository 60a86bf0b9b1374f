import { findingIdInHistory } from '../../store/bundleRows';
import { AppError, rotationCheckIds, type ParsedInput, type RotationAddResult, type RotationItem } from '../../contract';
import { assertCheckChange, assertTransition, checkLabel, compareRotationItems, rotationEventTypes } from '../../domain/rotation/rotationRules';
import {
  findRotationItem,
  findRotationItemByFingerprint,
  insertRotationItem,
  listRotationItems,
  nextRotationPosition,
  updateRotationCheck,
  updateRotationStatus,
} from '../../store/rotationRepo';
import { writeTransaction } from '../../store/transaction';
import type { ServiceContext } from '../context';
import { recordChange, requireIncident } from '../incidents/incidentChange';

export function listRotation(ctx: ServiceContext, input: ParsedInput<'rotation.list'>): { items: RotationItem[] } {
  requireIncident(ctx, input.incidentId);
  return { items: listRotationItems(ctx.db, input.incidentId).sort(compareRotationItems) };
}

/** What a new item is given; the rest (id, status, who and when) the tracker fills in. */
export type NewRotationFields = Pick<RotationItem, 'name' | 'location' | 'owner' | 'group' | 'fingerprint' | 'findingId'>;

/**
 * Adds a secret to rotate, pending, with its after-rotation checks; on the timeline in the same
 * transaction. A fingerprint already tracked on the incident returns that item and adds nothing,
 * so the same leaked secret found twice (two files, two scans) is rotated once.
 */
export function addRotationItem(ctx: ServiceContext, incidentId: string, fields: NewRotationFields): RotationAddResult {
  return writeTransaction(ctx.db, () => {
    requireIncident(ctx, incidentId);
    const existing = fields.fingerprint ? findRotationItemByFingerprint(ctx.db, incidentId, fields.fingerprint) : undefined;
    if (existing) return { item: existing, created: false };
    const position = nextRotationPosition(ctx.db, incidentId);
    const item = { incidentId, id: `R${position}`, position, ...fields };
    recordChange(ctx, incidentId, (current, at, actor) => ({
      next: current,
      type: rotationEventTypes.itemAdded,
      payload: { item: { id: item.id, name: item.name, location: item.location, owner: item.owner, group: item.group, fingerprint: item.fingerprint, findingId: item.findingId === null ? null : findingIdInHistory(ctx.db, item.findingId), checks: rotationCheckIds } },
      write: () => insertRotationItem(ctx.db, item, at, actor),
    }));
    return { item: findRotationItem(ctx.db, incidentId, item.id)!, created: true };
  });
}

export function addRotation(ctx: ServiceContext, input: ParsedInput<'rotation.add'>): RotationAddResult {
  const { incidentId, name, location, owner, group, fingerprint } = input;
  return addRotationItem(ctx, incidentId, { name, location, owner, group, fingerprint: fingerprint ?? null, findingId: null });
}

function requireItem(ctx: ServiceContext, incidentId: string, itemId: string): RotationItem {
  const item = findRotationItem(ctx.db, incidentId, itemId);
  if (!item) {
    const known = listRotationItems(ctx.db, incidentId).map((candidate) => candidate.id);
    throw new AppError('not-found', `no rotation item ${itemId} in ${incidentId}${known.length ? ` (it has ${known.join(', ')})` : ': it has no rotation items yet'}`);
  }
  return item;
}

/** pending → rotated → verified; verified only once every after-rotation check is done. */
export function markRotation(ctx: ServiceContext, input: ParsedInput<'rotation.mark'>): RotationItem {
  const { incidentId, itemId, status } = input;
  recordChange(ctx, incidentId, (current, at, actor) => {
    const item = requireItem(ctx, incidentId, itemId);
    assertTransition(item, status);
    return {
      next: current,
      type: rotationEventTypes.itemMarked,
      payload: { itemId, name: item.name, group: item.group, from: item.status, to: status },
      write: () => updateRotationStatus(ctx.db, incidentId, itemId, status, at, actor),
    };
  });
  return findRotationItem(ctx.db, incidentId, itemId)!;
}

/** Ticks or unticks one after-rotation check of a rotated item. */
export function checkRotation(ctx: ServiceContext, input: ParsedInput<'rotation.check'>): RotationItem {
  const { incidentId, itemId, check, done } = input;
  recordChange(ctx, incidentId, (current, at, actor) => {
    const item = requireItem(ctx, incidentId, itemId);
    assertCheckChange(item, check, done);
    return {
      next: current,
      type: rotationEventTypes.checkChanged,
      payload: { itemId, name: item.name, check, label: checkLabel(check), done },
      write: () => updateRotationCheck(ctx.db, incidentId, itemId, check, done, at, actor),
    };
  });
  return findRotationItem(ctx.db, incidentId, itemId)!;
}
