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

export interface KeyedEvent {
  event: StoredEvent;
  key: TimelineKey;
}

export function keyedEvent(row: DagRow): KeyedEvent {
  return { event: toStoredEvent(row), key: { lamport: row.lamport, hash: row.hash } };
}

/** Timeline order, as the events_in_order index and listDagRows keep it (text by code unit, as SQLite's BINARY). */
export function compareTimelineKeys(a: TimelineKey, b: TimelineKey): number {
  return a.lamport - b.lamport || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0);
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
  return { events: rows.slice(0, limit).reverse().map(keyedEvent), more };
}

/**
 * The first `limit` events this laptop stored after its event `seq` (0: from the start), in
 * timeline order, and the last seq read. `seq` numbers an incident's events in the order this
 * laptop stored them and only grows, so an event merged from another laptop later comes after the
 * cursor whatever its lamport (which may sort before entries already read). One range of the
 * (incident_id, seq) unique index.
 */
export function eventsStoredAfter(db: Database, incidentId: string, seq: number, limit: number): { events: KeyedEvent[]; lastSeq: number } {
  const rows = db.prepare<unknown[], DagRow>('SELECT * FROM events WHERE incident_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(incidentId, seq, limit);
  const events = rows.map(keyedEvent).sort((a, b) => compareTimelineKeys(a.key, b.key));
  return { events, lastSeq: rows.at(-1)?.seq ?? seq };
}

/** The seq of the incident's last event stored here (0 when it has none): an `after` cursor from now on. */
export function lastStoredSeq(db: Database, incidentId: string): number {
  return db.prepare<[string], number>('SELECT seq FROM events WHERE incident_id = ? ORDER BY seq DESC LIMIT 1').pluck().get(incidentId) ?? 0;
}

export function hasEventsBefore(db: Database, incidentId: string, key: TimelineKey): boolean {
  return db.prepare('SELECT 1 FROM events WHERE incident_id = ? AND (lamport, hash) < (?, ?) LIMIT 1').get(incidentId, key.lamport, key.hash) !== undefined;
}

/** A stored event's place in timeline order. */
export function timelineKeyOf(db: Database, hash: string): TimelineKey {
  return db.prepare<[string], TimelineKey>('SELECT lamport, hash FROM events WHERE hash = ?').get(hash)!;
}
