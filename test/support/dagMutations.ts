import type { Database } from 'better-sqlite3';
import { canonicalJson } from '../../src-main/domain/incidents/eventChain';
import { actorKeyOf, hashEvent, signHash, type EventV2 } from '../../src-main/domain/sync/eventV2';
import { eventOfRow, headsOf, listDagRows, type DagRow } from '../../src-main/store/dagStore';
import { ed25519FromSeed, uuidFromRng, type ConvergedReplica, type Device, type Rng } from './dagReplica';

/** One tampering of a replica's copy, and what the verifier's first problem must name. */
export interface Mutation {
  kind: string;
  /** Hashes (or a witness's time) any of which the first problem must name. */
  names: string[];
  seal?: string;
}

/** Every hash some held event names as a parent. */
export function referencedParents(rows: readonly DagRow[]): Set<string> {
  return new Set(rows.flatMap((row) => JSON.parse(row.parents) as string[]));
}

/** Removes `count` of the newest events, heads first, as someone hiding the last hour would. */
export function deleteNewest(db: Database, incidentId: string, rng: Rng, count: number): string[] {
  const removed: string[] = [];
  for (let i = 0; i < count; i++) {
    const rows = listDagRows(db, incidentId);
    const referenced = referencedParents(rows);
    const head = rng.pick(rows.filter((row) => !referenced.has(row.hash) && row.lamport > 1));
    db.prepare('DELETE FROM events WHERE hash = ?').run(head.hash);
    db.prepare('DELETE FROM heads WHERE hash = ?').run(head.hash);
    removed.push(head.hash);
  }
  return removed;
}

/**
 * The adversarial arm's mutations (TEAM-SYNC §4.3), each applied to a copy of a converged
 * replica whose append-only triggers and unique indexes were dropped: what someone editing the
 * SQLite file by hand, or an insider holding a member key, could do.
 */
export function dagMutations(team: ConvergedReplica): Record<string, (db: Database, rng: Rng) => Mutation> {
  const { incidentId, replica } = team;
  const childrenOf = referencedParents;
  const deleteTail = (db: Database, rng: Rng, count: number) => deleteNewest(db, incidentId, rng, count);

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

  return {
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
    'own newest event rewritten (witnessed)': (db, rng) => {
      // A member replaces their own latest event with a re-signed one under the same actor_seq: no
      // second event with that seq remains, so only the witnessed head shows the rewrite.
      const rows = listDagRows(db, incidentId);
      const referenced = childrenOf(rows);
      const head = rng.pick(rows.filter((row) => !referenced.has(row.hash) && row.lamport > 1));
      const author = team.devices.find((device) => device.identity.actorKey === head.actor_key)!;
      db.prepare('DELETE FROM events WHERE hash = ?').run(head.hash);
      const event: EventV2 = { ...eventOfRow(head)!, payload: { text: `what I would rather have written ${rng.int(1, 1e6)}` } };
      insertEvent(db, event, signHash(hashEvent(event), author.key));
      return { kind: 'own newest event rewritten (witnessed)', names: [head.hash] };
    },
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
}
