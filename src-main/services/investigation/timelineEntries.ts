import type { InvestigationEntry } from '../../contract';
import { summarizeEvent } from '../../domain/incidents/timelineSummary';
import { investigationEventTypes, type LinkKeys } from '../../domain/investigation/investigationEvents';
import { retroactiveAfterMs } from '../../domain/investigation/timeline/occurredTime';
import { linksByEvent } from '../../domain/investigation/timeline/timelineLinks';
import type { TimelineEvent } from '../../store/timelineEvents';
import { idsOfKeys, type LinkIndex } from './linkIds';

/**
 * An event with both clocks and its links by identity, and its place in projection order: enough to
 * filter and sort; the entry itself (its line, its ids) is made only for those shown (`entryOf`).
 */
export interface TimedEvent {
  event: TimelineEvent;
  keys: LinkKeys;
  occurredAt: string;
  order: number;
}

const canonicalUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isIso = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && Number.isFinite(Date.parse(value));
const offsetOf = (value: unknown) => (typeof value === 'string' && /^(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : null);

function summaryOf(event: TimelineEvent): string {
  try {
    return summarizeEvent(event.type, event.payload);
  } catch {
    // A payload from a hostile bundle must not take the whole timeline down.
    return `${event.type} (unreadable)`;
  }
}

function importedOf(payload: Record<string, unknown>): InvestigationEntry['imported'] {
  const imported = payload.imported;
  if (typeof imported !== 'object' || imported === null) return undefined;
  const { recordedAt, actor } = imported as Record<string, unknown>;
  return isIso(recordedAt) && typeof actor === 'string' ? { recordedAt: new Date(recordedAt).toISOString(), actor } : undefined;
}

/** The entry's own time (a `timeline.entry`'s occurredAt), or null: then it happened when recorded. */
function ownTime(event: TimelineEvent): string | null {
  if (event.type !== investigationEventTypes.timelineEntry) return null;
  const value = event.payload.occurredAt;
  // Stored by this console in the canonical form: taken as it is (no Date round trip per event).
  if (typeof value === 'string' && canonicalUtc.test(value)) return value;
  return isIso(value) ? new Date(value).toISOString() : null;
}

export function entryOf(event: TimelineEvent, keys: LinkKeys, index: LinkIndex): InvestigationEntry {
  const own = ownTime(event);
  const occurredAt = own ?? event.at;
  const isEntry = event.type === investigationEventTypes.timelineEntry;
  const entry: InvestigationEntry = {
    hash: event.hash,
    type: event.type,
    summary: summaryOf(event),
    occurredAt,
    occurredOffset: own ? offsetOf(event.payload.offset) : null,
    recordedAt: event.at,
    retroactive: Date.parse(event.at) - Date.parse(occurredAt) > retroactiveAfterMs,
    actor: event.actor,
    category: isEntry && typeof event.payload.category === 'string' ? event.payload.category : '',
    links: idsOfKeys(index, keys),
  };
  const imported = isEntry ? importedOf(event.payload) : undefined;
  if (imported) entry.imported = imported;
  return entry;
}

/** Every event of the incident with its clocks and links, in projection order. */
export function timedEvents(events: readonly TimelineEvent[]): TimedEvent[] {
  const links = linksByEvent(events);
  return events.map((event, order) => ({ event, keys: links.get(event.hash)!, occurredAt: ownTime(event) ?? event.at, order }));
}

/** By when it happened (ties: when recorded, then projection order), or by when recorded (projection order). */
export function sortTimed(entries: TimedEvent[], sort: 'occurred' | 'recorded'): TimedEvent[] {
  if (sort === 'recorded') return entries;
  // ISO UTC strings of one shape compare as their moments.
  return [...entries].sort((a, b) => compare(a.occurredAt, b.occurredAt) || compare(a.event.at, b.event.at) || a.order - b.order);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
