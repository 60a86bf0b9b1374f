import { createHash } from 'node:crypto';
import pg from 'pg';
import { canonicalJson } from '../../src-main/domain/incidents/eventChain';
import { signHash, type SignedEvent } from '../../src-main/domain/sync/eventV2';
import type { Device } from './dagReplica';

/**
 * A member of an incident who writes to the hub with a plain PostgreSQL client: any body the
 * database takes, hashed right and signed with the member's own admitted key.
 */

export interface RawEvent {
  hash: string;
  body: Buffer;
  sig: string;
}

export async function connectRaw(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Hashes and signs `body` (an object, canonicalized, or exact bytes) with the device's key. */
export function signedBody(device: Device, body: unknown): RawEvent {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(canonicalJson(body), 'utf8');
  return signedBytes(device, bytes);
}

/** `event` with `depth` nested arrays as its payload's text: canonical JSON too deep for a recursive hasher. */
export function deeplyNested(device: Device, event: Record<string, unknown>, depth: number): RawEvent {
  const text = canonicalJson({ ...event, payload: { text: 'DEEP' } }).replace('"DEEP"', `${'['.repeat(depth)}"bottom"${']'.repeat(depth)}`);
  return signedBytes(device, Buffer.from(text, 'utf8'));
}

function signedBytes(device: Device, bytes: Buffer): RawEvent {
  const hash = createHash('sha256').update(bytes).digest('hex');
  return { hash, body: bytes, sig: signHash(hash, device.key) };
}

/** The next well-formed event of `device` after `parent` (its own first event in the incident). */
export function nextEvent(device: Device, parent: SignedEvent, seq: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    v: 2,
    id: `${device.name}-${seq}-${Object.keys(overrides).join('-') || 'plain'}`,
    incident: parent.event.incident,
    actor: device.name,
    actor_key: device.identity.actorKey,
    actor_seq: seq,
    actor_prev: null,
    parents: [parent.hash],
    lamport: parent.event.lamport + 1,
    time: '2026-11-30T18:00:00.000Z',
    type: 'incident.noteAdded',
    payload: { text: `note ${seq}` },
    ...overrides,
  };
}

/**
 * Inserts raw rows as a responder would with psql, columns taken from the body as the hub demands;
 * returns the rows the hub took. A row the hub refuses is skipped, unless `inTransaction` (then it throws).
 */
export async function insertRaw(client: pg.Client, rows: readonly RawEvent[], inTransaction = false): Promise<RawEvent[]> {
  const taken: RawEvent[] = [];
  for (const row of rows) {
    const doc = JSON.parse(row.body.toString('utf8')) as Record<string, unknown>;
    await client.query('INSERT INTO firebreak.events (hash, id, incident_id, actor_key, actor_seq, body, sig) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      Buffer.from(row.hash, 'hex'),
      doc.id,
      doc.incident,
      doc.actor_key,
      doc.actor_seq,
      row.body,
      row.sig,
    ]).then(
      () => taken.push(row),
      (error: unknown) => {
        if (inTransaction) throw error;
      },
    );
  }
  return taken;
}
