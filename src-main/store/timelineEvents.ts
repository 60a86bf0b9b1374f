import type { Database } from 'better-sqlite3';
import { listEventsOfTypes } from './eventLog';
import { prepared } from './preparedStatements';

/** An event as the investigation folds and the two-clock timeline read it. */
export interface TimelineEvent {
  type: string;
  at: string;
  actor: string;
  hash: string;
  payload: Record<string, unknown>;
}

interface Row {
  type: string;
  at: string;
  actor: string;
  hash: string;
  payload: string;
}

/** A payload that does not parse (a damaged or hostile row) reads as empty: the folds skip it. */
function toEvent(row: Row): TimelineEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    payload = {};
  }
  return { type: row.type, at: row.at, actor: row.actor, hash: row.hash, payload: typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {} };
}

/** The incident's events in projection order (lamport, hash); only those of `types` when given (eventLog's query). */
export function listTimelineEvents(db: Database, incidentId: string, types?: readonly string[]): TimelineEvent[] {
  if (types) return listEventsOfTypes(db, incidentId, types);
  return prepared<[string], Row>(db, 'SELECT type, at, actor, hash, payload FROM events WHERE incident_id = ? ORDER BY lamport, hash').all(incidentId).map(toEvent);
}

/**
 * The hashes of the incident's events that start with `prefix` (lowercase hex). A range on the hash index, so
 * however long the timeline, only the matching hashes are read.
 */
export function eventHashesStartingWith(db: Database, incidentId: string, prefix: string): string[] {
  return prepared<[string, string, string], { hash: string }>(db, 'SELECT hash FROM events WHERE hash >= ? AND hash < ? AND incident_id = ? ORDER BY hash')
    .all(prefix, `${prefix}g`, incidentId)
    .map((row) => row.hash);
}

/** One event of the incident by its hash, or null. */
export function findTimelineEvent(db: Database, incidentId: string, hash: string): TimelineEvent | null {
  const row = prepared<[string, string], Row>(db, 'SELECT type, at, actor, hash, payload FROM events WHERE incident_id = ? AND hash = ?').get(incidentId, hash);
  return row ? toEvent(row) : null;
}
