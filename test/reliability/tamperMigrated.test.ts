import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../src-main/contract';
import { actorKeyOf } from '../../src-main/domain/sync/eventV2';
import { createServiceContext } from '../../src-main/services/context';
import { dispatch } from '../../src-main/services/dispatch';
import { verifyOne } from '../../src-main/services/incidents/verify';
import { listDagRows, setSyncIdentity, type DagRow, type SyncIdentity } from '../../src-main/store/dagStore';
import { recordWitness } from '../../src-main/store/dagNodes';
import { databaseFileName } from '../../src-main/store/database';
import { ed25519FromSeed, seededRng, type Rng } from '../support/dagReplica';
import { scaled } from '../support/torture';

/**
 * The adversarial arm on real data: the previous release's database (v1 chains, real domain
 * events), migrated, extended with signed v2 events through the services and witnessed at an
 * export. Each mutation hits a copy, and `verifyOne`, the function behind `incident verify`, must
 * call it tampered and name the event.
 */

const mutationCount = scaled(400, 5_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-tamper-migrated-'));
fs.copyFileSync(path.join(__dirname, '../fixtures/old-release/firebreak.sqlite'), path.join(dir, databaseFileName));
const ctx = createServiceContext({ dataDir: dir, transport: 'http', clock: () => new Date('2026-12-01T09:00:00.000Z'), emit: () => {} });
const key = ed25519FromSeed(Buffer.alloc(32, 9));
let ids = 0;
const identity: SyncIdentity = { actorKey: actorKeyOf(key), privateKey: key, newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}` };
setSyncIdentity(ctx.db, identity);
const call = (name: string, input: unknown) => {
  const result = dispatch(ctx, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`);
  return result.value;
};
const incidentId = (ctx.db.prepare<[], string>("SELECT incident_id FROM events WHERE type = 'incident.noteAdded' GROUP BY incident_id ORDER BY count(*) DESC LIMIT 1").pluck().get())!;
call('incident.addNote', { id: incidentId, text: 'Handed over on the new release' });
call('incident.setSeverity', { id: incidentId, severity: 'P0', reason: 'customer data confirmed' });
call('incident.addNote', { id: incidentId, text: 'Forensics image taken' });
recordWitness(ctx.db, incidentId, 'bundle export', '2026-12-01T09:05:00.000Z', identity);
// A WAL database's image cannot be opened from memory: the copy is taken in rollback-journal mode.
ctx.db.pragma('journal_mode = DELETE');
const image = ctx.db.serialize();

afterAll(() => {
  ctx.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function copy(): Database {
  const db = new BetterSqlite3(image);
  db.exec('DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;');
  return db;
}

const verifyCopy = (db: Database) => verifyOne({ ...ctx, db }, incidentId);

/** What the first break must name: the event's hash, or for a removed v1 event its place in the chain. */
type Target = { hash: string; v1Seq?: number };

const kinds: Record<string, (db: Database, rows: DagRow[], rng: Rng) => Target> = {
  'payload byte': (db, rows, rng) => {
    const row = rng.pick(rows);
    const at = rng.int(1, row.payload.length - 2);
    const flipped = row.payload.slice(0, at) + (row.payload[at] === 'x' ? 'y' : 'x') + row.payload.slice(at + 1);
    db.prepare('UPDATE events SET payload = ? WHERE hash = ?').run(flipped, row.hash);
    return { hash: row.hash };
  },
  'time, type or author': (db, rows, rng) => {
    const row = rng.pick(rows);
    const [column, value] = rng.pick([['at', '2026-11-30T00:00:00.000Z'], ['type', 'incident.noteAdded'], ['actor', 'mallory']] as const);
    if (row[column === 'at' ? 'at' : column] === value) db.prepare(`UPDATE events SET ${column} = ? || '!' WHERE hash = ?`).run(value, row.hash);
    else db.prepare(`UPDATE events SET ${column} = ? WHERE hash = ?`).run(value, row.hash);
    return { hash: row.hash };
  },
  'inner deletion': (db, rows, rng) => {
    const row = rng.pick(rows.slice(1, -1));
    db.prepare('DELETE FROM events WHERE hash = ?').run(row.hash);
    return { hash: row.hash, ...(row.format_version === 1 && { v1Seq: row.seq }) };
  },
  'tail deletion (witnessed)': (db, rows, rng) => {
    const removed = rows.slice(-rng.int(1, 3));
    for (const row of removed) db.prepare('DELETE FROM events WHERE hash = ?').run(row.hash);
    db.prepare('DELETE FROM heads').run();
    return { hash: removed.at(-1)!.hash };
  },
};

describe('tamper detection on a migrated v1 history extended with v2 events', () => {
  it('the extended history verifies ok', () => {
    const result = verifyCopy(copy());
    expect(result.firstBreak).toBeNull();
    expect(result.verdict).toBe('ok');
    const versions = listDagRows(ctx.db, incidentId).map((row) => row.format_version);
    expect(versions.filter((version) => version === 1).length).toBeGreaterThan(5);
    expect(versions.filter((version) => version === 2)).toHaveLength(3);
  });

  it(`detects ${mutationCount} seeded mutations through verifyOne, naming the event`, () => {
    const names = Object.keys(kinds);
    const failures: string[] = [];
    const counts: Record<string, number> = {};
    for (let i = 0; i < mutationCount; i++) {
      const rng = seededRng(7_000 + i);
      const kind = names[i % names.length]!;
      const db = copy();
      const target = kinds[kind]!(db, listDagRows(db, incidentId), rng);
      const result: VerifyResult = verifyCopy(db);
      db.close();
      counts[kind] = (counts[kind] ?? 0) + 1;
      const first = result.firstBreak;
      const named = first && (first.hash === target.hash || first.message.includes(target.hash.slice(0, 12)) || (target.v1Seq !== undefined && first.message.includes(`event ${target.v1Seq} is missing`)));
      if (result.verdict !== 'tampered' || !named) failures.push(`#${i} ${kind}: ${result.verdict}, "${first?.message}" for ${target.hash.slice(0, 12)}`);
    }
    console.log(`migrated history: ${names.map((name) => `${name} ${counts[name]}`).join(', ')}; ${failures.length} escaped or misnamed`);
    expect(failures.slice(0, 10)).toEqual([]);
  });
});
