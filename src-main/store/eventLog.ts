import type { Database } from 'better-sqlite3';
import { eventFormatVersion, eventHash, genesisHash, canonicalJson, type ChainedEvent } from '../domain/incidents/eventChain';

export interface StoredEvent extends ChainedEvent {
  id: number;
  prevHash: string;
  hash: string;
}

export interface NewEvent {
  incidentId: string;
  type: string;
  at: string;
  actor: string;
  deviceId: string;
  payload: Record<string, unknown>;
}

interface EventRow {
  id: number;
  incident_id: string;
  seq: number;
  format_version: number;
  type: string;
  at: string;
  actor: string;
  device_id: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

/** A raw row whose payload may not even parse: verification must still be able to name it. */
export interface RawEvent extends Omit<StoredEvent, 'payload'> {
  payloadJson: string;
}

function toRaw(row: EventRow): RawEvent {
  return {
    id: row.id,
    incidentId: row.incident_id,
    seq: row.seq,
    formatVersion: row.format_version,
    type: row.type,
    at: row.at,
    actor: row.actor,
    deviceId: row.device_id,
    payloadJson: row.payload,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Appends one event to the incident's chain. Callers run it inside the same transaction as the
 * change to the current-state tables, so the two can never disagree after a crash.
 */
export function appendEvent(db: Database, event: NewEvent): StoredEvent {
  const head = db
    .prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM events WHERE incident_id = ? ORDER BY seq DESC LIMIT 1')
    .get(event.incidentId);
  const chained: ChainedEvent = {
    formatVersion: eventFormatVersion,
    incidentId: event.incidentId,
    seq: (head?.seq ?? 0) + 1,
    type: event.type,
    at: event.at,
    actor: event.actor,
    deviceId: event.deviceId,
    payload: event.payload,
  };
  const prevHash = head?.hash ?? genesisHash;
  const hash = eventHash(prevHash, chained);
  const result = db
    .prepare(
      `INSERT INTO events (incident_id, seq, format_version, type, at, actor, device_id, payload, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(chained.incidentId, chained.seq, chained.formatVersion, chained.type, chained.at, chained.actor, chained.deviceId, canonicalJson(chained.payload), prevHash, hash);
  return { ...chained, id: Number(result.lastInsertRowid), prevHash, hash };
}

export function listRawEvents(db: Database, incidentId: string): RawEvent[] {
  return db.prepare<[string], EventRow>('SELECT * FROM events WHERE incident_id = ? ORDER BY seq').all(incidentId).map(toRaw);
}

export function listEvents(db: Database, incidentId: string): StoredEvent[] {
  return listRawEvents(db, incidentId).map(({ payloadJson, ...rest }) => ({ ...rest, payload: JSON.parse(payloadJson) as Record<string, unknown> }));
}

export function hasEventWithDueAt(db: Database, incidentId: string, type: string, dueAt: string): boolean {
  return (
    db
      .prepare("SELECT 1 FROM events WHERE incident_id = ? AND type = ? AND json_extract(payload, '$.dueAt') = ? LIMIT 1")
      .get(incidentId, type, dueAt) !== undefined
  );
}
