import type { Database } from 'better-sqlite3';
import type { DagNode } from '../domain/sync/verifyDag';
import { headsDigest, witnessDigest, type Witness } from '../domain/sync/witness';
import { signHash, type EventV2 } from '../domain/sync/eventV2';
import { eventOfRow, headsOf, listDagRows, v1EventOfRow, type DagRow, type SyncIdentity } from './dagStore';

function nodeOfRow(row: DagRow): DagNode {
  let parents: string[] = [];
  let event: EventV2 | null = null;
  let v1: DagNode['v1'] = null;
  try {
    parents = JSON.parse(row.parents) as string[];
    if (row.format_version === 2) event = eventOfRow(row);
    else {
      const { hash: _hash, ...chained } = v1EventOfRow(row);
      v1 = chained;
    }
  } catch {
    // Named by the verifier as unreadable.
  }
  return { hash: row.hash, sig: row.sig, seq: row.seq, formatVersion: row.format_version, type: row.type, event, v1, parents: Array.isArray(parents) ? parents : [], lamport: row.lamport };
}

/** The incident's applied events in projection order, then the received ones still waiting for parents. */
export function dagNodes(db: Database, incidentId: string): DagNode[] {
  const applied = listDagRows(db, incidentId).map(nodeOfRow);
  const pending = db.prepare<[string], { hash: string; body: string; sig: string | null }>('SELECT hash, body, sig FROM pending_events WHERE incident_id = ? ORDER BY hash').all(incidentId);
  for (const row of pending) {
    let event: EventV2 | null = null;
    try {
      event = JSON.parse(row.body) as EventV2;
    } catch {
      // unreadable: named below
    }
    applied.push({ hash: row.hash, sig: row.sig, seq: 0, formatVersion: 2, type: event?.type ?? '', event, v1: null, parents: event?.parents ?? [], lamport: event?.lamport ?? 0, pending: true });
  }
  return applied;
}

interface WitnessRow {
  reason: string;
  digest: string;
  heads: string;
  actor_seqs: string;
  recorded_at: string;
  actor_key: string | null;
  sig: string | null;
}

export function listWitnesses(db: Database, incidentId: string): Witness[] {
  return db
    .prepare<[string], WitnessRow>('SELECT reason, digest, heads, actor_seqs, recorded_at, actor_key, sig FROM witnesses WHERE incident_id = ? ORDER BY id')
    .all(incidentId)
    .map((row) => ({ reason: row.reason, digest: row.digest, heads: JSON.parse(row.heads) as string[], actorSeqs: JSON.parse(row.actor_seqs) as Record<string, number>, recordedAt: row.recorded_at, actorKey: row.actor_key, sig: row.sig }));
}

/** Every device's highest sequence number held for the incident. */
export function actorSeqsOf(db: Database, incidentId: string): Record<string, number> {
  const rows = db.prepare<[string], { actor_key: string; max_seq: number }>('SELECT actor_key, max(actor_seq) AS max_seq FROM events WHERE incident_id = ? AND actor_key IS NOT NULL GROUP BY actor_key ORDER BY actor_key').all(incidentId);
  return Object.fromEntries(rows.map((row) => [row.actor_key, row.max_seq]));
}

/**
 * Records what this replica holds now (at a sync, an export, a report seal), signed by the device
 * key when it is at hand. Returns the digest, which a report prints as its seal.
 */
export function recordWitness(db: Database, incidentId: string, reason: string, at: string, identity: SyncIdentity | null): Witness {
  const heads = headsOf(db, incidentId);
  const actorSeqs = actorSeqsOf(db, incidentId);
  const digest = witnessDigest({ incident: incidentId, heads, actorSeqs });
  const signer = identity?.privateKey ? identity : null;
  const witness: Witness = { reason, digest, heads, actorSeqs, recordedAt: at, actorKey: signer?.actorKey ?? null, sig: signer ? signHash(digest, signer.privateKey!) : null };
  db.prepare('INSERT INTO witnesses (incident_id, reason, digest, heads, actor_seqs, recorded_at, actor_key, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    incidentId,
    reason,
    digest,
    JSON.stringify(heads),
    JSON.stringify(actorSeqs),
    at,
    witness.actorKey,
    witness.sig,
  );
  return witness;
}

/** A digest of the incident's heads: two replicas with the same one hold the same history. */
export function incidentHeadsDigest(db: Database, incidentId: string): string {
  return headsDigest(headsOf(db, incidentId));
}
