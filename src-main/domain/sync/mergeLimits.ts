import { actionEventTypes } from '../actions/actionItems';
import { eventTypes } from '../incidents/incidentState';
import { rotationEventTypes } from '../rotation/rotationRules';

/** What the projection needs of an event to see a merge it cannot make yet. */
export interface MergeEvent {
  hash: string;
  type: string;
  payload: Record<string, unknown>;
}

/** Events that create a row under an id the creating laptop chose: two laptops apart can choose the same one. */
const creators: { type: string; what: string; id(payload: Record<string, unknown>): unknown }[] = [
  { type: actionEventTypes.added, what: 'action item', id: (p) => (p.item as Record<string, unknown> | undefined)?.id },
  { type: rotationEventTypes.itemAdded, what: 'rotation item', id: (p) => (p.item as Record<string, unknown> | undefined)?.id },
  { type: eventTypes.stepAdded, what: 'checklist step', id: (p) => (p.step as Record<string, unknown> | undefined)?.id },
  { type: eventTypes.quarantined, what: 'quarantined file', id: (p) => p.id },
  { type: eventTypes.scanCompleted, what: 'scan', id: (p) => p.scanId },
];

/**
 * The first merge case the projection does not support yet, or null. Two responders apart who
 * each add an action item (or a rotation item, an ad-hoc step…) give both the next free id, say A3:
 * the merged incident would hold two different A3s, and which one the tables keep would depend on
 * the order of arrival. Such a merge is refused, naming both events, until ids are per device.
 */
export function unsupportedMerge(events: readonly MergeEvent[]): string | null {
  const seen = new Map<string, string>();
  for (const event of events) {
    const creator = creators.find((candidate) => candidate.type === event.type);
    if (!creator) continue;
    const key = `${creator.what} ${String(creator.id(event.payload))}`;
    const first = seen.get(key);
    if (first !== undefined) {
      return `${key} was created on two laptops apart (events ${first.slice(0, 12)}… and ${event.hash.slice(0, 12)}…, ${event.type}); merging two different items under one id is not supported yet, so these two copies of the incident cannot be merged: carry on in one copy and add the other's item there again`;
    }
    seen.set(key, event.hash);
  }
  return null;
}
