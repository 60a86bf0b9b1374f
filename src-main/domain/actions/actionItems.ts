import type { ActionItem } from '../../contract';

export const actionEventTypes = {
  added: 'action.added',
  updated: 'action.updated',
} as const;

type Records = Map<string, Record<string, unknown>>;

/** The fields of an action item row that its events fix, as both the replay and the table reader give them. */
export interface ActionItemFields {
  title: unknown;
  owner: unknown;
  due: unknown;
  status: unknown;
  createdAt: unknown;
  createdBy: unknown;
  updatedAt: unknown;
  updatedBy: unknown;
  doneAt: unknown;
  doneBy: unknown;
}

export const actionItemRecord = (fields: ActionItemFields): Record<string, unknown> => ({ ...fields });

/** The editable fields; a change names each one that moved, from → to. */
export const actionChangeFields = ['title', 'owner', 'due', 'status'] as const;
export type ActionChangeField = (typeof actionChangeFields)[number];
export type ActionChanges = Partial<Record<ActionChangeField, { from: unknown; to: unknown }>>;

/**
 * Applies one action item event to the rows the table should hold; false for any other event.
 * The service writes each row in the same transaction as its event, with its time and actor.
 */
export function replayActionEvent(items: Records, type: string, at: string, actor: string, p: Record<string, unknown>): boolean {
  switch (type) {
    case actionEventTypes.added: {
      const item = (p.item ?? {}) as Record<string, unknown>;
      items.set(String(item.id), actionItemRecord({ title: item.title, owner: item.owner ?? '', due: item.due ?? null, status: 'open', createdAt: at, createdBy: actor, updatedAt: at, updatedBy: actor, doneAt: null, doneBy: null }));
      return true;
    }
    case actionEventTypes.updated: {
      const id = String(p.itemId);
      // A change to an item the replay does not know stays visible: the row will not match.
      const next: Record<string, unknown> = { ...(items.get(id) ?? { title: null }), updatedAt: at, updatedBy: actor };
      const changes = (p.changes ?? {}) as ActionChanges;
      for (const field of actionChangeFields) if (changes[field]) next[field] = changes[field].to;
      if (changes.status) Object.assign(next, changes.status.to === 'done' ? { doneAt: at, doneBy: actor } : { doneAt: null, doneBy: null });
      items.set(id, next);
      return true;
    }
    default:
      return false;
  }
}

const shownValue = (field: string, value: unknown) => (value === null || value === '' || value === undefined ? (field === 'due' ? 'no due date' : '(none)') : String(value));

/** The timeline line of an action item event; null for any other event. */
export function summarizeActionEvent(type: string, p: Record<string, unknown>): string | null {
  switch (type) {
    case actionEventTypes.added: {
      const item = (p.item ?? {}) as Record<string, unknown>;
      const details = [item.owner ? `owner ${String(item.owner)}` : '', item.due ? `due ${String(item.due)}` : ''].filter(Boolean).join(', ');
      return `Action item ${String(item.id)} added: ${String(item.title)}${details ? ` (${details})` : ''}`;
    }
    case actionEventTypes.updated: {
      const changes = (p.changes ?? {}) as ActionChanges;
      const parts: string[] = [];
      for (const field of actionChangeFields) {
        const change = changes[field];
        if (!change || field === 'status') continue;
        parts.push(`${field} ${shownValue(field, change.from)} → ${shownValue(field, change.to)}`);
      }
      const status = changes.status ? (changes.status.to === 'done' ? 'done' : 'reopened') : '';
      const head = `Action item ${String(p.itemId)}`;
      if (parts.length === 0) return `${head} ${status || 'updated'}`;
      return `${head}${status ? ` ${status}` : ''}: ${parts.join(', ')}`;
    }
    default:
      return null;
  }
}

const itemNumber = (id: string) => Number(id.slice(1));

/** Overdue first, then by due date (undated last), then by incident and item number. */
export function compareActionItems(a: ActionItem, b: ActionItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.due !== b.due) {
    if (a.due === null) return 1;
    if (b.due === null) return -1;
    return a.due < b.due ? -1 : 1;
  }
  if (a.incidentId !== b.incidentId) return a.incidentId < b.incidentId ? -1 : 1;
  return itemNumber(a.id) - itemNumber(b.id);
}
