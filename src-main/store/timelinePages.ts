import type { Database } from 'better-sqlite3';
import type { DagRow } from './dagStore';
import { toStoredEvent, type StoredEvent } from './eventLog';

/**
 * An incident's timeline page by page, in projection order (lamport, hash) like listEvents, each
 * page one range of the events_in_order index: a keyset, so the newest page of a 10,000-event
 * timeline costs what a 20-event one does.
 */
export interface TimelineKey {
  lamport: number;
  hash: string;
}

/** Before every event: lamport starts at 1. */
export const timelineStart: TimelineKey = { lamport: 0, hash: '' };

export interface KeyedEvent {
  event: StoredEvent;
  key: TimelineKey;
}

function keyed(row: DagRow): KeyedEvent {
  return { event: toStoredEvent(row), key: { lamport: row.lamport, hash: row.hash } };
}

export function countEvents(db: Database, incidentId: string): number {
  return db.prepare<[string], number>('SELECT count(*) FROM events WHERE incident_id = ?').pluck().get(incidentId)!;
}

/** The newest `limit` events older than `before` (the newest of all without it), oldest first, and whether older ones remain. */
export function eventsBefore(db: Database, incidentId: string, before: TimelineKey | undefined, limit: number): { events: KeyedEvent[]; more: boolean } {
  const range = before ? 'AND (lamport, hash) < (?, ?)' : '';
  const rows = db
    .prepare<unknown[], DagRow>(`SELECT * FROM events WHERE incident_id = ? ${range} ORDER BY lamport DESC, hash DESC LIMIT ?`)
    .all(incidentId, ...(before ? [before.lamport, before.hash] : []), limit + 1);
  const more = rows.length > limit;
  return { events: rows.slice(0, limit).reverse().map(keyed), more };
}

/** The oldest `limit` events newer than `after`, oldest first. */
export function eventsAfter(db: Database, incidentId: string, after: TimelineKey, limit: number): KeyedEvent[] {
  return db
    .prepare<unknown[], DagRow>('SELECT * FROM events WHERE incident_id = ? AND (lamport, hash) > (?, ?) ORDER BY lamport, hash LIMIT ?')
    .all(incidentId, after.lamport, after.hash, limit)
    .map(keyed);
}

export function hasEventsBefore(db: Database, incidentId: string, key: TimelineKey): boolean {
  return db.prepare('SELECT 1 FROM events WHERE incident_id = ? AND (lamport, hash) < (?, ?) LIMIT 1').get(incidentId, key.lamport, key.hash) !== undefined;
}
