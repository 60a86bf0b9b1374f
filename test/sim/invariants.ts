import { createHash } from 'node:crypto';
import { importEventSet } from '../../src-main/services/sync/eventSet';
import { headsOf, listDagRows } from '../../src-main/store/dagStore';
import { verifyDag } from '../../src-main/domain/sync/verifyDag';
import { dagNodes } from '../../src-main/store/dagNodes';
import type { SimWorld } from './harness';
import { freshMemoryDatabase, projectionDigest, type Responder } from './responder';
import type { Rng } from './rng';

/** A broken invariant; the harness attaches the trace so the failing seed can be read and replayed. */
export class SimFailure extends Error {
  // Kept off the error's own fields: a test report prints those, and the trace goes to a file.
  get trace(): string[] {
    return traces.get(this) ?? [];
  }

  set trace(trace: string[]) {
    traces.set(this, trace);
  }
}

const traces = new WeakMap<SimFailure, string[]>();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function fail(message: string): never {
  throw new SimFailure(message);
}

/** Causality in the projection order: parents and the device's previous event come first; device sequences run 1..n. */
function checkCausality(r: Responder, incidentId: string): void {
  const rows = listDagRows(r.db, incidentId);
  const position = new Map(rows.map((row, index) => [row.hash, index]));
  const seqs = new Map<string, number[]>();
  rows.forEach((row, index) => {
    for (const parent of JSON.parse(row.parents) as string[]) {
      if (!((position.get(parent) ?? Infinity) < index)) fail(`${r.name}: event ${row.hash} comes before its parent ${parent} in the projection order`);
    }
    if (row.actor_prev !== null && !((position.get(row.actor_prev) ?? Infinity) < index)) fail(`${r.name}: event ${row.hash} comes before its device's previous event`);
    if (row.actor_key) seqs.set(row.actor_key, [...(seqs.get(row.actor_key) ?? []), row.actor_seq!]);
  });
  for (const [key, list] of seqs) {
    const sorted = [...list].sort((a, b) => a - b);
    if (sorted.some((seq, index) => seq !== index + 1)) fail(`${r.name}: device ${key.slice(0, 12)}…'s sequence numbers are not 1..${sorted.length}`);
  }
}

/** What two replicas holding the same history agree on, as one line. */
function replicaDigests(db: Responder['db'], incidentId: string): { hashes: string; heads: string; projection: string } {
  const hashes = db.prepare<[], string>('SELECT hash FROM events ORDER BY hash').pluck().all();
  return { hashes: sha256(hashes.join('\n')), heads: sha256(headsOf(db, incidentId).join('\n')), projection: projectionDigest(db, incidentId) };
}

/**
 * The invariants of TEAM-SYNC §4.2 after the network healed and everyone synced: no loss, no
 * duplicates, convergence of hash sets, heads and projections, verification ok, causality,
 * idempotence under re-delivery and independence of the arrival order. Returns trace lines.
 */
export function checkFinalInvariants(world: SimWorld, rng: Rng, permutations: number, progress?: (line: string) => void): string[] {
  const { incidentId, responders, hub, oracle } = world;
  const expected = [...oracle.keys()].sort();
  const expectedText = expected.join('\n');
  const lines: string[] = [];

  // 1. No loss (and nothing extra), on the hub and every replica.
  const hubHashes = hub.hashes();
  if (new Set(hubHashes).size !== hubHashes.length) fail('the hub holds an event twice');
  if ([...hubHashes].sort().join('\n') !== expectedText) fail(`the hub holds ${hubHashes.length} events; ${expected.length} were created`);
  for (const r of responders) {
    const held = r.hashes();
    if (held.join('\n') !== expectedText) {
      const missing = expected.filter((hash) => !held.includes(hash));
      fail(`${r.name} holds ${held.length} events of ${expected.length}; first missing ${missing[0] ?? 'none'}`);
    }
    // 2. No duplicates: per hash and per device sequence.
    const counts = r.db.prepare<[], { n: number; hashes: number; slots: number; v2: number }>(
      "SELECT count(*) AS n, count(DISTINCT hash) AS hashes, count(DISTINCT actor_key || ' ' || actor_seq) AS slots, count(actor_key) AS v2 FROM events",
    ).get()!;
    if (counts.n !== counts.hashes || counts.slots !== counts.v2) fail(`${r.name} holds a duplicate: ${counts.n} rows, ${counts.hashes} hashes, ${counts.slots} device sequences of ${counts.v2}`);
    if (r.pendingCount() !== 0) fail(`${r.name} still has ${r.pendingCount()} events waiting for parents`);
  }

  // 3. Convergence. 4. Verification. 5. Causality.
  const reference = replicaDigests(responders[0]!.db, incidentId);
  for (const r of responders) {
    const digests = replicaDigests(r.db, incidentId);
    for (const part of ['hashes', 'heads', 'projection'] as const) {
      if (digests[part] !== reference[part]) fail(`${r.name}'s ${part} digest differs from ${responders[0]!.name}'s after the network healed`);
    }
    const verdict = r.verify(incidentId);
    if (verdict.verdict !== 'ok') fail(`${r.name} verifies ${verdict.verdict} after the network healed: ${verdict.problems[0]?.message ?? verdict.missing.join(', ')}`);
    checkCausality(r, incidentId);
  }
  lines.push(`converged events=${expected.length} hashes=${reference.hashes} heads=${reference.heads} projection=${reference.projection}`);

  // 6a. Idempotence: every event delivered again, in another order, changes nothing.
  const all = [...oracle.values()];
  for (const r of responders) {
    const outcome = importEventSet(r.db, rng.shuffle(all), world.now());
    if (outcome.applied.length > 0 || outcome.refused.length > 0 || outcome.duplicates !== all.length) fail(`${r.name}: re-delivering every event applied ${outcome.applied.length} and refused ${outcome.refused.length}`);
    const again = replicaDigests(r.db, incidentId);
    if (JSON.stringify(again) !== JSON.stringify(reference)) fail(`${r.name}: re-delivering every event changed a digest`);
  }

  // 6b. Order independence: a fresh replica fed every event in a random order reaches the same state.
  for (let p = 0; p < permutations; p++) {
    progress?.(`permutation ${p + 1} of ${permutations}`);
    const db = freshMemoryDatabase();
    try {
      const outcome = importEventSet(db, rng.shuffle(all), world.now());
      if (outcome.refused.length > 0) fail(`permutation ${p}: a fresh replica refused ${outcome.refused[0]!.hash}: ${outcome.refused[0]!.reason}`);
      const digests = replicaDigests(db, incidentId);
      if (JSON.stringify(digests) !== JSON.stringify(reference)) fail(`permutation ${p}: a fresh replica fed the events in another order reached a different ${(['hashes', 'heads', 'projection'] as const).find((part) => digests[part] !== reference[part])} digest`);
      if (p === 0) {
        const verdict = verifyDag({ incidentId, nodes: dagNodes(db, incidentId) });
        if (verdict.verdict !== 'ok') fail(`permutation ${p}: the fresh replica verifies ${verdict.verdict}`);
      }
    } finally {
      db.close();
    }
  }
  lines.push(`permutations=${permutations} ok`);
  return lines;
}
