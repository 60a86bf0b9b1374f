import BetterSqlite3, { type Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src-main/domain/incidents/eventChain';
import { actorKeyOf, hashEvent, signHash, type EventV2 } from '../../src-main/domain/sync/eventV2';
import { verifyDag, type DagVerification } from '../../src-main/domain/sync/verifyDag';
import { eventOfRow, headsOf, listDagRows, type DagRow } from '../../src-main/store/dagStore';
import { dagNodes, listWitnesses } from '../../src-main/store/dagNodes';
import { buildConvergedReplica, ed25519FromSeed, seededRng, uuidFromRng, type Device, type Rng } from '../support/dagReplica';
import { scaled } from '../support/torture';

/**
 * The adversarial arm of the team-sync design (§4.3): a converged replica of three devices with
 * forks, merges and witnesses is copied, the copy's append-only triggers and unique indexes are
 * dropped, one seeded mutation is applied, and the verifier must call it tampered and name the
 * event that was changed, inserted or removed.
 */

const seed = Number(process.env.TAMPER_SEED ?? 20);
const mutationCount = scaled(1_020, 20_000);

const team = buildConvergedReplica(seed, { devices: 3, rounds: 4 });
const { incidentId, replica } = team;
const image = replica.db.serialize();

function copyOfReplica(): Database {
  const db = new BetterSqlite3(image);
  db.pragma('foreign_keys = OFF');
  // Whoever edits the file directly is not stopped by triggers or indexes: only the verifier stands.
  db.exec(`DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;
           DROP TRIGGER witnesses_append_only_update; DROP TRIGGER witnesses_append_only_delete;
           DROP INDEX events_by_uuid; DROP INDEX events_by_actor_seq;`);
  return db;
}

function verifyCopy(db: Database, seal?: string): DagVerification {
  return verifyDag({ incidentId, nodes: dagNodes(db, incidentId), witnesses: listWitnesses(db, incidentId), localActorKey: replica.identity.actorKey, seal });
}

interface Mutation {
  kind: string;
  /** Hashes (or a witness's time) any of which the first problem must name. */
  names: string[];
  seal?: string;
}

function insertEvent(db: Database, event: EventV2, sig: string | null, hash = hashEvent(event)): string {
  const seq = (db.prepare<[], number>('SELECT max(seq) FROM events').pluck().get() ?? 0) + 1;
  db.prepare(
    `INSERT INTO events (incident_id, seq, format_version, type, at, actor, device_id, payload, prev_hash, hash, event_uuid, actor_key, actor_seq, actor_prev, lamport, parents, sig)
     VALUES (?, ?, 2, ?, ?, ?, '', ?, '', ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(event.incident, seq, event.type, event.time, event.actor, canonicalJson(event.payload), hash, event.id, event.actor_key, event.actor_seq, event.actor_prev, event.lamport, JSON.stringify(event.parents), sig);
  return hash;
}

function lamportAfter(rows: readonly DagRow[], parents: readonly string[]): number {
  return 1 + Math.max(...rows.filter((row) => parents.includes(row.hash)).map((row) => row.lamport));
}

/** A well-formed next event of `device` on top of the current heads, before any twist. */
function nextEventOf(db: Database, rows: readonly DagRow[], device: { actorKey: string; name: string }, rng: Rng): EventV2 {
  const own = rows.filter((row) => row.actor_key === device.actorKey).sort((a, b) => b.actor_seq! - a.actor_seq!);
  const parents = headsOf(db, incidentId);
  return {
    v: 2,
    id: uuidFromRng(rng),
    incident: incidentId,
    actor: device.name,
    actor_key: device.actorKey,
    actor_seq: (own[0]?.actor_seq ?? 0) + 1,
    actor_prev: own[0]?.hash ?? null,
    parents,
    lamport: lamportAfter(rows, parents),
    time: '2026-11-23T18:00:00.000Z',
    type: 'incident.noteAdded',
    payload: { text: `injected ${rng.int(1, 1e6)}` },
  };
}

const update = (db: Database, column: string, value: unknown, hash: string) => db.prepare(`UPDATE events SET ${column} = ? WHERE hash = ?`).run(value, hash);

function childrenOf(rows: readonly DagRow[]): Set<string> {
  return new Set(rows.flatMap((row) => JSON.parse(row.parents) as string[]));
}

/** Removes `count` of the newest events, heads first, as someone hiding the last hour would. */
function deleteTail(db: Database, rng: Rng, count: number): string[] {
  const removed: string[] = [];
  for (let i = 0; i < count; i++) {
    const rows = listDagRows(db, incidentId);
    const referenced = childrenOf(rows);
    const head = rng.pick(rows.filter((row) => !referenced.has(row.hash) && row.lamport > 1));
    db.prepare('DELETE FROM events WHERE hash = ?').run(head.hash);
    db.prepare('DELETE FROM heads WHERE hash = ?').run(head.hash);
    removed.push(head.hash);
  }
  return removed;
}

const kinds: Record<string, (db: Database, rng: Rng) => Mutation> = {
  'payload byte': (db, rng) => {
    const row = rng.pick(listDagRows(db, incidentId));
    for (;;) {
      const at = rng.int(0, row.payload.length - 1);
      const flipped = row.payload.slice(0, at) + String.fromCharCode(rng.int(32, 126)) + row.payload.slice(at + 1);
      let same = flipped === row.payload;
      try {
        same ||= canonicalJson(JSON.parse(flipped)) === row.payload;
      } catch {
        // not JSON any more: still a mutation
      }
      if (same) continue;
      update(db, 'payload', flipped, row.hash);
      return { kind: 'payload byte', names: [row.hash] };
    }
  },
  time: (db, rng) => {
    const row = rng.pick(listDagRows(db, incidentId));
    update(db, 'at', new Date(Date.parse(row.at) + rng.pick([-1, 1]) * rng.int(1, 7_200_000)).toISOString(), row.hash);
    return { kind: 'time', names: [row.hash] };
  },
  type: (db, rng) => {
    const row = rng.pick(listDagRows(db, incidentId));
    update(db, 'type', rng.pick(['incident.noteAdded', 'incident.closed', 'member.added', 'evidence.collected'].filter((type) => type !== row.type)), row.hash);
    return { kind: 'type', names: [row.hash] };
  },
  author: (db, rng) => {
    const row = rng.pick(listDagRows(db, incidentId));
    update(db, 'actor', `${row.actor}-not`, row.hash);
    return { kind: 'author', names: [row.hash] };
  },
  parents: (db, rng) => {
    const rows = listDagRows(db, incidentId);
    const row = rng.pick(rows.filter((candidate) => candidate.lamport > 2));
    const parents = JSON.parse(row.parents) as string[];
    const earlier = rows.filter((other) => other.lamport < row.lamport && !parents.includes(other.hash)).map((other) => other.hash);
    const variant = rng.int(0, 3);
    const changed =
      variant === 0 && parents.length > 1 ? parents.slice(1)
      : variant === 1 && earlier.length > 0 ? [...parents.slice(1), rng.pick(earlier)].sort()
      : variant === 2 && earlier.length > 0 ? [...parents, rng.pick(earlier)].sort()
      : [];
    update(db, 'parents', JSON.stringify(changed), row.hash);
    db.prepare('DELETE FROM event_parents WHERE child = ?').run(row.hash);
    return { kind: 'parents', names: [row.hash] };
  },
  'inner deletion': (db, rng) => {
    const rows = listDagRows(db, incidentId);
    const referenced = childrenOf(rows);
    const row = rng.pick(rows.filter((candidate) => referenced.has(candidate.hash)));
    db.prepare('DELETE FROM events WHERE hash = ?').run(row.hash);
    return { kind: 'inner deletion', names: [row.hash] };
  },
  'tail deletion (witnessed)': (db, rng) => ({ kind: 'tail deletion (witnessed)', names: deleteTail(db, rng, rng.int(1, 4)) }),
  'forged, unknown key': (db, rng) => {
    const stranger = ed25519FromSeed(rng.bytes(32));
    const rows = listDagRows(db, incidentId);
    const claimsMember = rng.next() < 0.5;
    const member = rng.pick(team.devices);
    const event = nextEventOf(db, rows, claimsMember ? { actorKey: member.identity.actorKey, name: member.name } : { actorKey: actorKeyOf(stranger), name: 'mallory' }, rng);
    const hash = hashEvent(event);
    return { kind: 'forged, unknown key', names: [insertEvent(db, event, signHash(hash, stranger))] };
  },
  equivocation: (db, rng) => {
    const rows = listDagRows(db, incidentId);
    const device: Device = rng.pick(team.devices);
    const original = rng.pick(rows.filter((row) => row.actor_key === device.identity.actorKey));
    const event: EventV2 = { ...eventOfRow(original)!, id: uuidFromRng(rng), payload: { text: `the other story ${rng.int(1, 1e6)}` } };
    if (rng.next() < 0.5) {
      event.parents = headsOf(db, incidentId);
      event.lamport = lamportAfter(rows, event.parents);
    }
    const hash = hashEvent(event);
    return { kind: 'equivocation', names: [insertEvent(db, event, signHash(hash, device.key))] };
  },
  'swapped bodies': (db, rng) => {
    const rows = listDagRows(db, incidentId);
    for (;;) {
      const [a, b] = rng.shuffle(rows);
      if (a!.payload === b!.payload && a!.type === b!.type && a!.at === b!.at) continue;
      for (const [row, other] of [[a!, b!], [b!, a!]] as const) {
        db.prepare('UPDATE events SET payload = ?, type = ?, at = ? WHERE hash = ?').run(other.payload, other.type, other.at, row.hash);
      }
      return { kind: 'swapped bodies', names: [a!.hash, b!.hash] };
    }
  },
  'replay under a new id': (db, rng) => {
    const rows = listDagRows(db, incidentId);
    const original = rng.pick(rows);
    const event: EventV2 = { ...eventOfRow(original)!, id: uuidFromRng(rng) };
    const hash = hashEvent(event);
    const author = team.devices.find((device) => device.identity.actorKey === event.actor_key)!;
    // Without the key the old signature is kept; an insider re-signs it.
    const sig = rng.next() < 0.5 ? original.sig : signHash(hash, author.key);
    return { kind: 'replay under a new id', names: [insertEvent(db, event, sig)] };
  },
  'same id, other hash': (db, rng) => {
    const rows = listDagRows(db, incidentId);
    const device = rng.pick(team.devices);
    const event = { ...nextEventOf(db, rows, { actorKey: device.identity.actorKey, name: device.name }, rng), id: rng.pick(rows).event_uuid! };
    const hash = hashEvent(event);
    return { kind: 'same id, other hash', names: [insertEvent(db, event, signHash(hash, device.key))] };
  },
  lamport: (db, rng) => {
    const rows = listDagRows(db, incidentId);
    if (rng.next() < 0.5) {
      const row = rng.pick(rows);
      update(db, 'lamport', row.lamport + rng.pick([-1, 1, 5]), row.hash);
      return { kind: 'lamport', names: [row.hash] };
    }
    const device = rng.pick(team.devices);
    const event = nextEventOf(db, rows, { actorKey: device.identity.actorKey, name: device.name }, rng);
    event.lamport += rng.pick([-1, 1, 3]);
    return { kind: 'lamport', names: [insertEvent(db, event, signHash(hashEvent(event), device.key))] };
  },
  actor_prev: (db, rng) => {
    const rows = listDagRows(db, incidentId);
    if (rng.next() < 0.5) {
      const row = rng.pick(rows.filter((candidate) => candidate.actor_prev !== null));
      update(db, 'actor_prev', rng.pick(rows.filter((other) => other.hash !== row.actor_prev && other.hash !== row.hash)).hash, row.hash);
      return { kind: 'actor_prev', names: [row.hash] };
    }
    const device = rng.pick(team.devices);
    const event = nextEventOf(db, rows, { actorKey: device.identity.actorKey, name: device.name }, rng);
    event.actor_prev = rng.pick(rows.filter((row) => row.hash !== event.actor_prev)).hash;
    return { kind: 'actor_prev', names: [insertEvent(db, event, signHash(hashEvent(event), device.key))] };
  },
  signature: (db, rng) => {
    const rows = listDagRows(db, incidentId);
    const row = rng.pick(rows.filter((candidate) => candidate.actor_key !== replica.identity.actorKey || rng.next() < 0.5));
    const otherSig = rng.pick(rows.filter((other) => other.sig !== row.sig)).sig;
    // Clearing a signature is only innocent on this laptop's own events; there it hides nothing.
    update(db, 'sig', row.actor_key === replica.identity.actorKey ? otherSig : rng.pick([otherSig, null]), row.hash);
    return { kind: 'signature', names: [row.hash] };
  },
  'witness edit': (db, rng) => {
    const rows = db.prepare<[], { id: number; heads: string; actor_seqs: string; digest: string; recorded_at: string }>('SELECT id, heads, actor_seqs, digest, recorded_at FROM witnesses').all();
    const witness = rng.pick(rows);
    const seqs = JSON.parse(witness.actor_seqs) as Record<string, number>;
    const key = rng.pick(Object.keys(seqs));
    const variant = rng.int(0, 2);
    if (variant === 0) db.prepare('UPDATE witnesses SET actor_seqs = ? WHERE id = ?').run(JSON.stringify({ ...seqs, [key]: seqs[key]! - 1 }), witness.id);
    else if (variant === 1) db.prepare('UPDATE witnesses SET heads = ? WHERE id = ?').run(JSON.stringify((JSON.parse(witness.heads) as string[]).slice(1).concat(rng.bytes(32).toString('hex'))), witness.id);
    else db.prepare('UPDATE witnesses SET digest = ? WHERE id = ?').run(rng.bytes(32).toString('hex'), witness.id);
    return { kind: 'witness edit', names: [witness.recorded_at] };
  },
  seal: (db, rng) => {
    db.exec('DELETE FROM witnesses');
    if (rng.next() < 0.5) return { kind: 'seal', names: [], seal: rng.bytes(32).toString('hex') };
    const removed = deleteTail(db, rng, rng.int(1, 3));
    const seal = removed[0]!;
    return { kind: 'seal', names: [seal], seal };
  },
};

function namesOne(result: DagVerification, mutation: Mutation): boolean {
  const first = result.problems[0];
  if (!first) return false;
  const names = mutation.seal ? [...mutation.names, mutation.seal] : mutation.names;
  return names.some((name) => first.hash === name || first.message.includes(name.length === 64 ? name.slice(0, 12) : name));
}

describe('tamper detection on a converged replica', () => {
  it('the untouched replica verifies ok on every device, with forks merged', () => {
    for (const device of team.devices) {
      const result = verifyDag({ incidentId, nodes: dagNodes(device.db, incidentId), witnesses: listWitnesses(device.db, incidentId), localActorKey: device.identity.actorKey });
      expect(result.problems).toEqual([]);
      expect(result.verdict).toBe('ok');
    }
    const rows = listDagRows(replica.db, incidentId);
    expect(rows.length).toBeGreaterThan(20);
    // Concurrent appends happened (two events at one Lamport number) and were merged (an event with several parents).
    expect(new Set(rows.map((row) => row.lamport)).size).toBeLessThan(rows.length);
    expect(rows.some((row) => (JSON.parse(row.parents) as string[]).length > 1)).toBe(true);
    expect(listWitnesses(replica.db, incidentId).length).toBeGreaterThan(1);
  });

  it(`detects ${mutationCount} seeded mutations as tampered and names the changed event`, () => {
    const names = Object.keys(kinds);
    const counts: Record<string, { applied: number; escaped: number; misnamed: number }> = Object.fromEntries(names.map((name) => [name, { applied: 0, escaped: 0, misnamed: 0 }]));
    const failures: string[] = [];
    for (let i = 0; i < mutationCount; i++) {
      const rng = seededRng(seed * 1_000_003 + i);
      const kind = names[i % names.length]!;
      const db = copyOfReplica();
      const mutation = kinds[kind]!(db, rng);
      const result = verifyCopy(db, mutation.seal);
      db.close();
      counts[kind]!.applied++;
      if (result.verdict !== 'tampered') {
        counts[kind]!.escaped++;
        failures.push(`#${i} ${kind}: verdict ${result.verdict}`);
      } else if (!namesOne(result, mutation)) {
        counts[kind]!.misnamed++;
        failures.push(`#${i} ${kind}: first problem "${result.problems[0]?.message}" names none of ${mutation.names.map((name) => name.slice(0, 12)).join(', ')}`);
      }
    }
    console.log(`tamper detection, seed ${seed}:\n${names.map((name) => `  ${name}: ${counts[name]!.applied} applied, ${counts[name]!.escaped} escaped, ${counts[name]!.misnamed} misnamed`).join('\n')}`);
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('deleting the newest events and every witness of them is not detectable: the replica verifies ok with fewer events', () => {
    // The design's limit (§3.3 step 7): a hash DAG alone cannot show that its tail was cut. A
    // report's seal, the hub's copy or another replica's witness is what catches it.
    const rng = seededRng(seed);
    const db = copyOfReplica();
    db.exec('DELETE FROM witnesses');
    const removed = deleteTail(db, rng, 3);
    const result = verifyCopy(db);
    expect(result.verdict).toBe('ok');
    expect(result.heads).not.toContain(removed[0]);
    expect(verifyCopy(db, removed[0]).verdict).toBe('tampered');
    db.close();
  });
});
