import type { Database } from 'better-sqlite3';
import { AppError } from '../contract';
import { eventFormatVersion, eventHash, genesisHash, canonicalJson, type ChainedEvent } from '../domain/incidents/eventChain';
import { admittedKeys, appendV2, listDagRows, syncIdentityOf, type DagRow } from './dagStore';

export { admittedKeys };

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

/** A raw row whose payload may not even parse: verification must still be able to name it. */
export interface RawEvent extends Omit<StoredEvent, 'payload'> {
  payloadJson: string;
}

function toRaw(row: DagRow): RawEvent {
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
 * Appends one event to the incident's timeline: every service writes through here. Callers run it
 * inside the same transaction as the change to the current-state tables, so the two can never
 * disagree after a crash. With a device key (format v2) the event is a node of the incident's
 * signed hash DAG; a data dir whose device key was never made keeps the v1 chain, which v2 events
 * extend later as single-parent links.
 */
export function appendEvent(db: Database, event: NewEvent): StoredEvent {
  const identity = syncIdentityOf(db);
  if (identity) {
    requireMember(db, event.incidentId, identity.actorKey);
    const signed = appendV2(db, identity, event);
    const row = db.prepare<[string], DagRow>('SELECT * FROM events WHERE hash = ?').get(signed.hash)!;
    return { ...toRaw(row), payload: event.payload };
  }
  const hasV2 = db.prepare("SELECT 1 FROM events WHERE incident_id = ? AND format_version = 2 LIMIT 1").get(event.incidentId) !== undefined;
  if (hasV2) throw new AppError('conflict', `incident ${event.incidentId} is shared in the signed format and this laptop has no device key yet: unlock the vault (firebreak vault status) to make it, then try again. Nothing was written.`);
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
      `INSERT INTO events (incident_id, seq, format_version, type, at, actor, device_id, payload, prev_hash, hash, lamport, parents)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(chained.incidentId, chained.seq, chained.formatVersion, chained.type, chained.at, chained.actor, chained.deviceId, canonicalJson(chained.payload), prevHash, hash, chained.seq, JSON.stringify(head ? [prevHash] : []));
  if (head) {
    db.prepare('INSERT INTO event_parents (child, parent) VALUES (?, ?)').run(hash, prevHash);
    db.prepare('DELETE FROM heads WHERE incident_id = ? AND hash = ?').run(event.incidentId, prevHash);
  }
  db.prepare('INSERT INTO heads (incident_id, hash) VALUES (?, ?)').run(event.incidentId, hash);
  return { ...chained, id: Number(result.lastInsertRowid), prevHash, hash };
}

function requireMember(db: Database, incidentId: string, actorKey: string): void {
  const admitted = admittedKeys(db, incidentId);
  if (admitted.size === 0 || admitted.has(actorKey)) return;
  throw new AppError(
    'conflict',
    `this laptop's device key (${actorKey}) is not a member of incident ${incidentId}: ask its commander to add it (firebreak incident member add ${incidentId} -- ${actorKey}; the -- keeps a key that starts with - from reading as an option), then import their bundle. Nothing was written.`,
  );
}

export function listRawEvents(db: Database, incidentId: string): RawEvent[] {
  return listDagRows(db, incidentId).map(toRaw);
}

function parsed({ payloadJson, ...rest }: RawEvent): StoredEvent {
  return { ...rest, payload: JSON.parse(payloadJson) as Record<string, unknown> };
}

export function listEvents(db: Database, incidentId: string): StoredEvent[] {
  return listRawEvents(db, incidentId).map(parsed);
}

export function toStoredEvent(row: DagRow): StoredEvent {
  return parsed(toRaw(row));
}

export function hasEventWithDueAt(db: Database, incidentId: string, type: string, dueAt: string): boolean {
  return (
    db
      .prepare("SELECT 1 FROM events WHERE incident_id = ? AND type = ? AND json_extract(payload, '$.dueAt') = ? LIMIT 1")
      .get(incidentId, type, dueAt) !== undefined
  );
}

/** The incident's events of a few types, in projection order (lamport, hash): facts kept in the events alone. */
export function listEventsOfTypes(db: Database, incidentId: string, types: readonly string[]): { type: string; at: string; actor: string; hash: string; payload: Record<string, unknown> }[] {
  const marks = types.map(() => '?').join(', ');
  return db
    .prepare<unknown[], { type: string; at: string; actor: string; hash: string; payload: string }>(`SELECT type, at, actor, hash, payload FROM events WHERE incident_id = ? AND type IN (${marks}) ORDER BY lamport, hash`)
    .all(incidentId, ...types)
    .map((row) => ({ type: row.type, at: row.at, actor: row.actor, hash: row.hash, payload: JSON.parse(row.payload) as Record<string, unknown> }));
}
