import { rotationGroupLabels, type RotationGroup } from '../../contract';
import { rotationEventTypes } from './rotationRules';

const groupName = (group: unknown) => rotationGroupLabels[group as RotationGroup]?.replace(/^Priority \d: /, '') ?? String(group);

/** The timeline line of a rotation event; null for any other event. */
export function summarizeRotationEvent(type: string, payload: Record<string, unknown>): string | null {
  switch (type) {
    case rotationEventTypes.itemAdded: {
      const item = (payload.item ?? {}) as Record<string, unknown>;
      const source = item.findingId != null ? `, from finding ${String(item.findingId)}` : '';
      const print = item.fingerprint ? `, fingerprint ${String(item.fingerprint)}` : '';
      return `To rotate: ${String(item.id)} ${String(item.name)} (${groupName(item.group)}) at ${String(item.location)}, owner ${String(item.owner)}${print}${source}`;
    }
    case rotationEventTypes.itemMarked:
      return `${payload.to === 'verified' ? '✓ Rotation verified' : 'Rotated'}: ${String(payload.itemId)} ${String(payload.name)}`;
    case rotationEventTypes.checkChanged:
      return `${payload.done === true ? '✓' : 'Unticked'} ${String(payload.label ?? payload.check)}: ${String(payload.itemId)} ${String(payload.name)}`;
    default:
      return null;
  }
}
