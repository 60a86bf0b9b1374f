import { createPrivateKey, type KeyObject } from 'node:crypto';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { actorKeyOf, type EventV2, type SignedEvent } from '../../src-main/domain/sync/eventV2';
import { appendV2, eventOfRow, listDagRows, receiveEvent, setSyncIdentity, type SyncIdentity } from '../../src-main/store/dagStore';
import { recordWitness } from '../../src-main/store/dagNodes';
import { migrate } from '../../src-main/store/database';
import { migrations } from '../../src-main/store/migrations';

/** mulberry32: a seeded PRNG, so every replica, key and mutation is the same on every run. */
export function seededRng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    bytes: (count: number) => Buffer.from(Array.from({ length: count }, () => Math.floor(next() * 256))),
    shuffle: <T>(items: readonly T[]): T[] => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
}
export type Rng = ReturnType<typeof seededRng>;

// PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows it.
const pkcs8Ed25519Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');

export function ed25519FromSeed(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([pkcs8Ed25519Prefix, seed]), format: 'der', type: 'pkcs8' });
}

export function uuidFromRng(rng: Rng): string {
  const hex = rng.bytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A fresh database at the latest schema, in memory. */
export function memoryDb(): Database {
  const db = new BetterSqlite3(':memory:');
  migrate(db, migrations);
  return db;
}

export function insertIncidentRow(db: Database, id: string, at = '2026-11-23T10:00:00.000Z'): void {
  db.prepare(
    `INSERT OR IGNORE INTO incidents (id, title, scenario, scheme_id, severity, response_minutes, impact_confidentiality, impact_integrity, impact_availability, commander, detection_source, description, status, declared_at, updated_at)
     VALUES (?, 'sim', 'generic', 'p0-p3', 'P2', 240, 0, 0, 0, 'alice', '', '', 'Active', ?, ?)`,
  ).run(id, at, at);
}

export interface Device {
  name: string;
  db: Database;
  key: KeyObject;
  identity: SyncIdentity;
}

export function makeDevice(name: string, rng: Rng, incidentId: string): Device {
  const key = ed25519FromSeed(rng.bytes(32));
  const identity: SyncIdentity = { actorKey: actorKeyOf(key), privateKey: key, newId: () => uuidFromRng(rng) };
  const db = memoryDb();
  setSyncIdentity(db, identity);
  insertIncidentRow(db, incidentId);
  return { name, db, key, identity };
}

/** Every stored event of the incident as it travels. */
export function signedEvents(db: Database, incidentId: string): SignedEvent[] {
  return listDagRows(db, incidentId).map((row) => ({ hash: row.hash, sig: row.sig, event: eventOfRow(row)! }));
}

/** Sends every event `from` holds to `to`, in a seeded order (so some wait for their parents). */
export function syncInto(from: Device, to: Device, incidentId: string, rng: Rng, at: string): void {
  for (const signed of rng.shuffle(signedEvents(from.db, incidentId))) {
    const outcome = receiveEvent(to.db, signed, { receivedAt: at, ensureIncident: (genesis: EventV2) => insertIncidentRow(to.db, genesis.incident) });
    if (outcome.status === 'refused') throw new Error(`${to.name} refused an event from ${from.name}: ${outcome.reason}`);
  }
}

export function timeAt(minute: number): string {
  return new Date(Date.UTC(2026, 10, 23, 10, 0, 0) + minute * 60_000).toISOString();
}

const payloadKinds = ['incident.noteAdded', 'incident.severityChanged', 'checklist.stepChanged', 'incident.statusChanged'] as const;

/** One domain-like event appended by the device (the verifier never reads payload meaning, only bytes). */
export function appendRandom(device: Device, incidentId: string, rng: Rng, minute: number): SignedEvent {
  const type = rng.pick(payloadKinds);
  const payload: Record<string, unknown> =
    type === 'incident.noteAdded'
      ? { text: `note ${rng.int(1, 9999)} — café ☕`, tags: ['ioc', rng.int(0, 9)] }
      : type === 'incident.severityChanged'
        ? { from: 'P2', to: rng.pick(['P0', 'P1', 'P2', 'P3']), reason: 'triage' }
        : type === 'checklist.stepChanged'
          ? { stepId: `step-${rng.int(1, 20)}`, state: rng.pick(['done', 'open', 'skipped']) }
          : { from: 'Active', to: rng.pick(['Active', 'Contained']) };
  return appendV2(device.db, device.identity, { incidentId, type, at: timeAt(minute), actor: device.name, deviceId: device.name, payload });
}

export interface ConvergedReplica {
  incidentId: string;
  devices: Device[];
  /** The replica the mutations copy: every device holds the same events once converged. */
  replica: Device;
}

/**
 * Builds a converged team of devices: the first declares and admits the others, then rounds of
 * offline appends (forks) and seeded pairwise syncs (merges), each sync witnessed on both sides,
 * then a full exchange and a final witness everywhere.
 */
export function buildConvergedReplica(seed: number, options: { devices?: number; rounds?: number } = {}): ConvergedReplica {
  const rng = seededRng(seed);
  const incidentId = `INC-20261123-1000${String(seed % 100).padStart(2, '0')}`;
  const devices = Array.from({ length: options.devices ?? 4 }, (_, index) => makeDevice(['alice', 'bob', 'carol', 'dan', 'erin'][index]!, rng, incidentId));
  const [commander] = devices;
  let minute = 0;
  appendV2(commander!.db, commander!.identity, { incidentId, type: 'incident.declared', at: timeAt(minute), actor: 'alice', deviceId: 'alice', payload: { title: 'Leaked token', severity: 'P2' } });
  for (const device of devices.slice(1)) {
    appendV2(commander!.db, commander!.identity, { incidentId, type: 'member.added', at: timeAt(++minute), actor: 'alice', deviceId: 'alice', payload: { actorKey: device.identity.actorKey, name: device.name } });
  }
  for (const device of devices.slice(1)) syncInto(commander!, device, incidentId, rng, timeAt(minute));
  for (let round = 0; round < (options.rounds ?? 8); round++) {
    for (const device of devices) for (let i = rng.int(0, 4); i > 0; i--) appendRandom(device, incidentId, rng, ++minute);
    for (let i = rng.int(1, 3); i > 0; i--) {
      const [a, b] = rng.shuffle(devices);
      syncInto(a!, b!, incidentId, rng, timeAt(minute));
      syncInto(b!, a!, incidentId, rng, timeAt(minute));
      recordWitness(a!.db, incidentId, `sync with ${b!.name}`, timeAt(minute), a!.identity);
      recordWitness(b!.db, incidentId, `sync with ${a!.name}`, timeAt(minute), b!.identity);
    }
  }
  for (const from of devices) for (const to of devices) if (from !== to) syncInto(from, to, incidentId, rng, timeAt(minute));
  for (const device of devices) recordWitness(device.db, incidentId, 'final sync', timeAt(++minute), device.identity);
  return { incidentId, devices, replica: commander! };
}
