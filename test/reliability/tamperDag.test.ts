import BetterSqlite3, { type Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyDag, type DagVerification } from '../../src-main/domain/sync/verifyDag';
import { listDagRows } from '../../src-main/store/dagStore';
import { dagNodes, listWitnesses } from '../../src-main/store/dagNodes';
import { dagMutations, deleteNewest, type Mutation } from '../support/dagMutations';
import { buildConvergedReplica, seededRng } from '../support/dagReplica';
import { scaled } from '../support/torture';

/**
 * The adversarial arm of the team-sync design (§4.3): a converged replica of three devices with
 * forks, merges and witnesses is copied, the copy's append-only triggers and unique indexes are
 * dropped, one seeded mutation is applied, and the verifier must call it tampered and name the
 * event that was changed, inserted or removed.
 */

const seed = Number(process.env.TAMPER_SEED ?? 20);
const mutationCount = scaled(1_080, 20_000);

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

const kinds = dagMutations(team);

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
    const removed = deleteNewest(db, incidentId, rng, 3);
    const result = verifyCopy(db);
    expect(result.verdict).toBe('ok');
    expect(result.heads).not.toContain(removed[0]);
    expect(verifyCopy(db, removed[0]).verdict).toBe('tampered');
    db.close();
  });
});
