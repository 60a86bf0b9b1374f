import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { FieldConflict } from '../contract';
import { incidentIdPattern } from '../contract/incidents/incident';
import { canonicalJson, type ChainedEvent } from '../domain/incidents/eventChain';
import { fieldConflicts, singleValuedTypes } from '../domain/sync/conflicts';
import { actorKeyOf, hashEvent, signatureValid, signHash, type EventV2, type SignedEvent } from '../domain/sync/eventV2';
import { prepared } from './preparedStatements';
import { readSetting } from './settingsRepo';

/**
 * Who writes on this laptop: the device key's public half (always readable), its private half once
 * the vault gave it, and where new event ids come from. The simulation injects seeded ones.
 */
export interface SyncIdentity {
  actorKey: string;
  privateKey: KeyObject | null;
  newId(): string;
}

const identities = new WeakMap<Database, SyncIdentity>();

export function setSyncIdentity(db: Database, identity: SyncIdentity): void {
  identities.set(db, identity);
}

/** The device key's private half arrived (vault opened): later events are signed as they are written. */
export function setDevicePrivateKey(db: Database, privateKey: KeyObject): SyncIdentity {
  const identity = { actorKey: actorKeyOf(privateKey), privateKey, newId: identities.get(db)?.newId ?? randomUUID };
  identities.set(db, identity);
  return identity;
}

/** The registered identity, else the device key recorded in settings (unsigned until the vault opens), else none yet. */
export function syncIdentityOf(db: Database): SyncIdentity | null {
  const registered = identities.get(db);
  if (registered) return registered;
  const recorded = readSetting(db, 'deviceKey.public');
  if (!recorded) return null;
  const { publicKeyPem } = JSON.parse(recorded) as { publicKeyPem: string };
  return { actorKey: actorKeyOf(createPublicKey(publicKeyPem)), privateKey: null, newId: randomUUID };
}

/** One row of `events` as stored (SELECT *): v1 rows leave the v2 columns null. */
export interface DagRow {
  id: number;
  seq: number;
  format_version: number;
  type: string;
  at: string;
  actor: string;
  device_id: string;
  payload: string;
  prev_hash: string;
  hash: string;
  event_uuid: string | null;
  actor_key: string | null;
  actor_seq: number | null;
  actor_prev: string | null;
  lamport: number;
  parents: string;
  sig: string | null;
  incident_id: string;
}

/** The v2 body a stored row holds (null for a v1 row). */
export function eventOfRow(row: DagRow): EventV2 | null {
  if (row.format_version !== 2 || row.event_uuid === null || row.actor_key === null || row.actor_seq === null) return null;
  return {
    v: 2,
    id: row.event_uuid,
    incident: row.incident_id,
    actor: row.actor,
    actor_key: row.actor_key,
    actor_seq: row.actor_seq,
    actor_prev: row.actor_prev,
    parents: JSON.parse(row.parents) as string[],
    lamport: row.lamport,
    time: row.at,
    type: row.type,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  };
}

/** A v1 row's hashed fields and its link, as the chain hashed them (throws when its payload is not JSON). */
export function v1EventOfRow(row: DagRow): ChainedEvent & { prevHash: string; hash: string } {
  return {
    formatVersion: row.format_version,
    incidentId: row.incident_id,
    seq: row.seq,
    type: row.type,
    at: row.at,
    actor: row.actor,
    deviceId: row.device_id,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Every stored event of the incident in projection order: (lamport, hash), a linear extension of causality. */
export function listDagRows(db: Database, incidentId: string): DagRow[] {
  return prepared<[string], DagRow>(db, 'SELECT * FROM events WHERE incident_id = ? ORDER BY lamport, hash').all(incidentId);
}

export function headsOf(db: Database, incidentId: string): string[] {
  return prepared<[string], string>(db, 'SELECT hash FROM heads WHERE incident_id = ? ORDER BY hash').pluck().all(incidentId);
}

function insertRow(db: Database, signed: SignedEvent, deviceId: string): void {
  const { event, hash, sig } = signed;
  const seq = (prepared<[string], number>(db, 'SELECT coalesce(max(seq), 0) FROM events WHERE incident_id = ?').pluck().get(event.incident) ?? 0) + 1;
  prepared(
    db,
    `INSERT INTO events (incident_id, seq, format_version, type, at, actor, device_id, payload, prev_hash, hash, event_uuid, actor_key, actor_seq, actor_prev, lamport, parents, sig)
     VALUES (?, ?, 2, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(event.incident, seq, event.type, event.time, event.actor, deviceId, canonicalJson(event.payload), hash, event.id, event.actor_key, event.actor_seq, event.actor_prev, event.lamport, JSON.stringify(event.parents), sig);
  const link = prepared(db, 'INSERT OR IGNORE INTO event_parents (child, parent) VALUES (?, ?)');
  const unhead = prepared(db, 'DELETE FROM heads WHERE incident_id = ? AND hash = ?');
  for (const parent of event.parents) {
    link.run(hash, parent);
    unhead.run(event.incident, parent);
  }
  // An event that arrives after one of its children (possible only through pending) is never a head.
  const hasChild = prepared(db, 'SELECT 1 FROM event_parents WHERE parent = ? LIMIT 1').get(hash) !== undefined;
  if (!hasChild) prepared(db, 'INSERT OR IGNORE INTO heads (incident_id, hash) VALUES (?, ?)').run(event.incident, hash);
}

export interface LocalEvent {
  incidentId: string;
  type: string;
  at: string;
  actor: string;
  deviceId: string;
  payload: Record<string, unknown>;
}

/**
 * Builds this device's next event of the incident: all current heads as parents, the next Lamport
 * number and per-device sequence, signed when the private key is at hand. Callers run it inside the
 * write transaction that changes the current-state tables.
 */
export function appendV2(db: Database, identity: SyncIdentity, local: LocalEvent): SignedEvent {
  const parents = headsOf(db, local.incidentId);
  const lamport =
    parents.length === 0
      ? 1
      : 1 + (prepared<[string], number>(db, `SELECT max(lamport) FROM events WHERE hash IN (SELECT value FROM json_each(?))`).pluck().get(JSON.stringify(parents)) ?? 0);
  const previous = db
    .prepare<[string, string], { actor_seq: number; hash: string }>('SELECT actor_seq, hash FROM events WHERE incident_id = ? AND actor_key = ? ORDER BY actor_seq DESC LIMIT 1')
    .get(local.incidentId, identity.actorKey);
  const event: EventV2 = {
    v: 2,
    id: identity.newId(),
    incident: local.incidentId,
    actor: local.actor,
    actor_key: identity.actorKey,
    actor_seq: (previous?.actor_seq ?? 0) + 1,
    actor_prev: previous?.hash ?? null,
    parents,
    lamport,
    time: local.at,
    type: local.type,
    payload: local.payload,
  };
  const hash = hashEvent(event);
  const signed: SignedEvent = { hash, sig: identity.privateKey ? signHash(hash, identity.privateKey) : null, event };
  insertRow(db, signed, local.deviceId);
  return signed;
}

/**
 * Keys that may write to the incident: the genesis author's, those a `member.added` event admits,
 * and, for an incident begun in the v1 chain, the device that first extended it in v2.
 */
export function admittedKeys(db: Database, incidentId: string): Set<string> {
  // A founding event has no v2 parent: its Lamport number is one past the v1 prefix's end (1 for a v2 genesis).
  const keys = prepared<{ id: string }, string | null>(
      db,
      `SELECT actor_key FROM events WHERE incident_id = @id AND format_version = 2
         AND lamport = 1 + coalesce((SELECT max(lamport) FROM events WHERE incident_id = @id AND format_version = 1), 0)
       UNION SELECT json_extract(payload, '$.actorKey') FROM events WHERE incident_id = @id AND type = 'member.added'`,
    )
    .pluck()
    .all({ id: incidentId });
  return new Set(keys.filter((key): key is string => typeof key === 'string'));
}

export type ReceiveOutcome =
  | { status: 'inserted'; applied: string[] }
  | { status: 'duplicate' }
  | { status: 'pending'; missing: string[] }
  | { status: 'refused'; reason: string };

export interface ReceiveOptions {
  receivedAt: string;
  ensureIncident(genesis: EventV2): void;
}

/**
 * Receives one signed event from another replica: checked at the door (hash, signature, identity,
 * equivocation, membership), inserted when all its parents are here, else kept in
 * `pending_events` until they are. Inserting may release pending events; `applied` lists every
 * hash inserted, in order. `ensureIncident` is called before an incident's first event is
 * inserted (the events table refers to the incident row).
 */
export function receiveEvent(db: Database, signed: SignedEvent, options: ReceiveOptions): ReceiveOutcome {
  const first = admitEvent(db, signed, options);
  if (first.status !== 'inserted') return first;
  const applied = [signed.hash];
  // Pending children of what was just inserted may now be complete. A worklist, not recursion: one
  // event can release a whole offline chain of thousands at once.
  const released = [signed.hash];
  while (released.length > 0) {
    const parent = released.pop()!;
    const waiting = prepared<[string], { hash: string; body: string; sig: string | null }>(
      db,
      'SELECT p.hash, p.body, p.sig FROM pending_waits w JOIN pending_events p ON p.hash = w.child WHERE w.parent = ? ORDER BY p.hash',
    ).all(parent);
    prepared(db, 'DELETE FROM pending_waits WHERE parent = ?').run(parent);
    for (const child of waiting) {
      const outcome = admitEvent(db, { hash: child.hash, sig: child.sig, event: JSON.parse(child.body) as EventV2 }, options);
      if (outcome.status === 'inserted') {
        applied.push(child.hash);
        released.push(child.hash);
      } else if (outcome.status !== 'pending') prepared(db, 'DELETE FROM pending_events WHERE hash = ?').run(child.hash);
    }
  }
  return { status: 'inserted', applied };
}

/** The checks at the door, then insert or keep waiting; releasing waiting children is receiveEvent's. */
function admitEvent(db: Database, signed: SignedEvent, options: ReceiveOptions): ReceiveOutcome {
  const misformed = shapeProblem(signed);
  if (misformed) return { status: 'refused', reason: `event ${String(signed.hash).slice(0, 12)}… is not a well-formed event: ${misformed}` };
  const { event, hash, sig } = signed;
  if (prepared(db, 'SELECT 1 FROM events WHERE hash = ?').get(hash) !== undefined) {
    prepared(db, 'DELETE FROM pending_events WHERE hash = ?').run(hash);
    return { status: 'duplicate' };
  }
  if (hashEvent(event) !== hash) return { status: 'refused', reason: `event ${hash.slice(0, 12)}… does not match its hash: its content was changed` };
  if (sig === null || !signatureValid(hash, sig, event.actor_key)) return { status: 'refused', reason: `event ${hash.slice(0, 12)}… (${event.type}) is not signed by the key it names` };
  const sameId = prepared<[string], string>(db, 'SELECT hash FROM events WHERE event_uuid = ?').pluck().get(event.id);
  if (sameId !== undefined) return { status: 'refused', reason: `event id ${event.id} is already held with hash ${sameId.slice(0, 12)}…: one id never has two hashes` };
  const sameSeq = prepared<[string, string, number], string>(db, 'SELECT hash FROM events WHERE incident_id = ? AND actor_key = ? AND actor_seq = ?')
    .pluck()
    .get(event.incident, event.actor_key, event.actor_seq);
  if (sameSeq !== undefined)
    return { status: 'refused', reason: `equivocation: key ${event.actor_key.slice(0, 12)}… signed two events with actor_seq ${event.actor_seq} (${sameSeq.slice(0, 12)}… and ${hash.slice(0, 12)}…)` };
  if (event.parents.length === 0 && prepared(db, 'SELECT 1 FROM events WHERE incident_id = ? LIMIT 1').get(event.incident) !== undefined)
    return { status: 'refused', reason: `event ${hash.slice(0, 12)}… declares incident ${event.incident} anew, but this data dir already holds a different incident with that id` };
  // Parents count only within the same incident: a link into another incident's history waits forever.
  // Looked up by hash (`+` keeps SQLite off the incident index, which would scan every event held per event received).
  const present = prepared<[string, string], number>(db, 'SELECT count(*) FROM events WHERE +incident_id = ? AND hash IN (SELECT value FROM json_each(?))').pluck();
  const wanted = [...new Set([...event.parents, ...(event.actor_prev ? [event.actor_prev] : [])])];
  if ((present.get(event.incident, JSON.stringify(wanted)) ?? 0) < wanted.length) {
    const has = prepared(db, 'SELECT 1 FROM events WHERE incident_id = ? AND hash = ?');
    const missing = wanted.filter((parent) => has.get(event.incident, parent) === undefined);
    prepared(db, 'INSERT OR REPLACE INTO pending_events (hash, incident_id, body, sig, missing, received_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      hash,
      event.incident,
      canonicalJson(event),
      sig,
      JSON.stringify(missing),
      options.receivedAt,
    );
    const wait = prepared(db, 'INSERT OR IGNORE INTO pending_waits (parent, child) VALUES (?, ?)');
    for (const parent of missing) wait.run(parent, hash);
    return { status: 'pending', missing };
  }
  // Checked once its parents are held (its admission is among them): a key nobody admitted never
  // enters the append-only store, where it would stay as tampering for good.
  if (event.parents.length > 0 && !admittedKeys(db, event.incident).has(event.actor_key) && !extendsV1Only(db, event))
    return { status: 'refused', reason: `event ${hash.slice(0, 12)}… (${event.type}) is signed by key ${event.actor_key.slice(0, 12)}…, which no member.added of incident ${event.incident} admits` };
  // The structure every transport must respect, checked where it is cheap: at the door, with the parents held.
  const misshapen = structuralProblem(db, event);
  if (misshapen) return { status: 'refused', reason: `event ${hash.slice(0, 12)}… (${event.type}) ${misshapen}` };
  if (event.parents.length === 0) options.ensureIncident(event);
  insertRow(db, signed, '');
  prepared(db, 'DELETE FROM pending_events WHERE hash = ?').run(hash);
  return { status: 'inserted', applied: [hash] };
}

const eventFields = ['v', 'id', 'incident', 'actor', 'actor_key', 'actor_seq', 'actor_prev', 'parents', 'lamport', 'time', 'type', 'payload'];
const hexHash = /^[0-9a-f]{64}$/;

/**
 * What makes a received body not an event at all. Whoever holds an admitted key can sign any JSON,
 * and a transport (the hub) checks none of it: a wrong type here would throw further in, or be
 * stored in a form that no longer hashes to what was signed.
 */
function shapeProblem(signed: SignedEvent): string | null {
  const event = signed.event as unknown as Record<string, unknown>;
  if (typeof signed.hash !== 'string' || !hexHash.test(signed.hash)) return 'its hash is not a SHA-256 in hex';
  if (typeof signed.sig !== 'string' && signed.sig !== null) return 'its signature is not text';
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return 'its body is not a JSON object';
  const keys = Object.keys(event);
  if (keys.length !== eventFields.length || !eventFields.every((field) => Object.hasOwn(event, field))) return `its fields are not exactly ${eventFields.join(', ')}`;
  if (event.v !== 2) return 'its version is not 2';
  for (const field of ['id', 'incident', 'actor', 'actor_key', 'time', 'type']) if (typeof event[field] !== 'string') return `its ${field} is not text`;
  // An incident under an id the console cannot name could be neither opened nor removed.
  if (!incidentIdPattern.test(event.incident as string)) return `its incident id ${JSON.stringify(String(event.incident).slice(0, 40))} is not one like INC-20261123-141502`;
  for (const field of ['actor_seq', 'lamport']) if (!Number.isSafeInteger(event[field]) || (event[field] as number) < 1) return `its ${field} is not a whole number from 1 to 2^53`;
  if (event.actor_prev !== null && (typeof event.actor_prev !== 'string' || !hexHash.test(event.actor_prev))) return 'its actor_prev is neither null nor an event hash';
  if (!Array.isArray(event.parents) || !event.parents.every((parent) => typeof parent === 'string' && hexHash.test(parent))) return 'its parents are not a list of event hashes';
  if (typeof event.payload !== 'object' || event.payload === null || Array.isArray(event.payload)) return 'its payload is not a JSON object';
  return null;
}

/**
 * Why a received event cannot be part of a valid history, judged from its held parents: parents
 * sorted and distinct, its Lamport number one past theirs, and `actor_prev` this device's
 * previous event. The verifier checks the same; refusing here keeps a bad event out of the
 * append-only store whatever transport brought it.
 */
function structuralProblem(db: Database, event: EventV2): string | null {
  const sorted = [...new Set(event.parents)].sort();
  if (sorted.length !== event.parents.length || sorted.some((parent, index) => parent !== event.parents[index])) return 'lists its parents unsorted or twice';
  const parentLamport = event.parents.length === 0 ? 0 : (prepared<[string], number>(db, 'SELECT max(lamport) FROM events WHERE hash IN (SELECT value FROM json_each(?))').pluck().get(JSON.stringify(event.parents)) ?? 0);
  if (event.lamport !== parentLamport + 1) return `has Lamport number ${event.lamport}; its parents make it ${parentLamport + 1}`;
  if (event.actor_prev === null) return event.actor_seq === 1 ? null : `is its device's event ${event.actor_seq} but names no previous event of that device`;
  const previous = prepared<[string], { actor_key: string | null; actor_seq: number | null }>(db, 'SELECT actor_key, actor_seq FROM events WHERE hash = ?').get(event.actor_prev);
  if (previous?.actor_key !== event.actor_key || previous.actor_seq !== event.actor_seq - 1) return `names as its device's previous event one that is not that device's event ${event.actor_seq - 1}`;
  return null;
}

/** An incident begun in the v1 chain has no genesis key: the first device to extend it in v2 founds it. */
function extendsV1Only(db: Database, event: EventV2): boolean {
  return prepared(db, 'SELECT 1 FROM events WHERE incident_id = ? AND format_version = 2 LIMIT 1').get(event.incident) === undefined;
}

/**
 * Signs this device's events written while the vault was locked; returns how many. Anyone who can
 * write the data dir can add such rows, so a row is signed only if its body hashes to its hash (else
 * the key would sign whatever event that hash stands for) and it continues this device's chain;
 * the others stay unsigned, and verify names them.
 */
export function signUnsigned(db: Database, identity: SyncIdentity): number {
  if (!identity.privateKey) return 0;
  const rows = prepared<[string], DagRow>(db, 'SELECT * FROM events WHERE sig IS NULL AND actor_key = ? ORDER BY incident_id, actor_seq').all(identity.actorKey);
  const previous = prepared<[string], { incident_id: string; actor_key: string | null; actor_seq: number | null }>(db, 'SELECT incident_id, actor_key, actor_seq FROM events WHERE hash = ?');
  const update = prepared(db, 'UPDATE events SET sig = ? WHERE hash = ?');
  let signed = 0;
  for (const row of rows) {
    const event = eventOfRow(row);
    if (!event || hashEvent(event) !== row.hash) continue;
    const prev = event.actor_prev === null ? undefined : previous.get(event.actor_prev);
    const continues = event.actor_prev === null ? event.actor_seq === 1 : prev?.incident_id === event.incident && prev.actor_key === event.actor_key && prev.actor_seq === event.actor_seq - 1;
    if (!continues) continue;
    update.run(signHash(row.hash, identity.privateKey), row.hash);
    signed++;
  }
  return signed;
}

/** The incident's unsettled single-value conflicts, from its events in projection order. */
export function incidentConflicts(db: Database, incidentId: string): FieldConflict[] {
  // One device's events form a chain (each lists every head): writes can only be concurrent across devices.
  const devices = prepared<[string], number>(db, 'SELECT count(DISTINCT actor_key) FROM events WHERE incident_id = ?').pluck().get(incidentId) ?? 0;
  if (devices < 2) return [];
  // Every event's links count for ancestry; only the writes of a single-valued field need their payload.
  return fieldConflicts(
    listDagRows(db, incidentId).map((row) => ({
      hash: row.hash,
      parents: JSON.parse(row.parents) as string[],
      lamport: row.lamport,
      type: row.type,
      actor: row.actor,
      time: row.at,
      payload: singleValuedTypes.has(row.type) ? (JSON.parse(row.payload) as Record<string, unknown>) : {},
    })),
  );
}
