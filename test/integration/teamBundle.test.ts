import { generateKeyPairSync, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorKeyOf } from '../../src-main/domain/sync/eventV2';
import { createServiceContext } from '../../src-main/services/context';
import { appendV2 } from '../../src-main/store/dagStore';
import { databaseFileName } from '../../src-main/store/database';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';

// Two responders' laptops, each its own data dir, exchanging bundles with the real CLI.
const work = tempDataDir('firebreak-team-');
const dir = (name: string) => {
  const folder = path.join(work, name);
  fs.mkdirSync(folder, { recursive: true });
  return folder;
};
const [dirA, dirB] = [dir('a'), dir('b')];
const bundle = (name: string) => path.join(work, `${name}.json`);
let id: string;
let fingerprintA: string;

const ok = (folder: string, args: string[]) => {
  const run = runCli(folder, args);
  if (run.status !== 0) throw new Error(`firebreak ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return run;
};
const json = (folder: string, args: string[]) => ok(folder, [...args, '--json']).json.value;
const exportTo = (folder: string, name: string) => json(folder, ['incident', 'export', id, '-o', bundle(name)]);
const importInto = (folder: string, name: string, extra: string[] = []) => runCli(folder, ['incident', 'import', bundle(name), ...extra, '--json']);
const verify = (folder: string) => runCli(folder, ['incident', 'verify', id, '--json']);
/** What a responder sees of the incident, but for what each run's own clock computes (SLA countdown, next escalation). */
const shown = (folder: string) => {
  const detail = json(folder, ['incident', 'show', id]);
  return { incident: { ...detail.incident, sla: undefined, nextEscalation: undefined }, conflicts: detail.conflicts };
};

beforeAll(() => {
  // The vault makes each laptop's device key; B reads its key to hand to the commander.
  ok(dirA, ['vault', 'status']);
  const statusB = ok(dirB, ['vault', 'status']);
  const keyB = /Device key to give a commander: (\S+)/.exec(statusB.stdout)?.[1];
  expect(keyB).toMatch(/^[A-Za-z0-9_-]{43}$/);
  id = json(dirA, ['incident', 'declare', '--title', 'Deploy key leaked', '--severity', 'P2']).id;
  expect(ok(dirA, ['incident', 'member', 'add', id, '--name', 'Bo', '--', keyB!]).stdout).toContain(`Bo (${keyB}) may now write to ${id}`);
  fingerprintA = exportTo(dirA, 'a1').keyFingerprint;
  expect(importInto(dirB, 'a1', ['--trusted-key', fingerprintA])).toMatchObject({ status: 0, json: { value: { imported: true } } });
}, 60_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('two responders share an incident by bundles', () => {
  it('both change severity and add notes apart; after the bundles cross, both verify ok, hold the same heads and state, and list the conflict', () => {
    ok(dirA, ['incident', 'severity', id, 'P1', '--reason', 'customer data']);
    ok(dirA, ['incident', 'note', id, 'Seen from A']);
    ok(dirB, ['incident', 'severity', id, 'P3', '--reason', 'read-only key']);
    ok(dirB, ['incident', 'note', id, 'Seen from B']);
    exportTo(dirA, 'a2');
    exportTo(dirB, 'b1');
    // B's bundle is signed by B's evidence key, which A never trusted: for an incident A holds, each event's signature is the trust.
    expect(importInto(dirA, 'b1')).toMatchObject({ status: 0, json: { value: { imported: true, newEvents: 2 } } });
    expect(importInto(dirB, 'a2')).toMatchObject({ status: 0, json: { value: { imported: true, newEvents: 2 } } });

    const [va, vb] = [verify(dirA), verify(dirB)];
    expect(va).toMatchObject({ status: 0, json: { value: { verdict: 'ok', intact: true, missing: [] } } });
    expect(vb).toMatchObject({ status: 0, json: { value: { verdict: 'ok', intact: true, missing: [] } } });
    expect(vb.json.value.heads).toEqual(va.json.value.heads);
    expect(va.json.value.heads).toHaveLength(2);
    expect(shown(dirB)).toEqual(shown(dirA));
    expect(shown(dirA).conflicts).toEqual([expect.objectContaining({ field: 'severity', writes: [expect.anything(), expect.anything()] })]);
    const human = ok(dirB, ['incident', 'show', id]).stdout;
    expect(human).toContain('Unsettled conflicts');
    expect(human).toMatch(/severity: P[13] by .*, P[13] by .*; P[13] stands for now/);
    expect(ok(dirA, ['incident', 'verify', id]).stdout).toMatch(/verdict: ok\n {2}heads: [0-9a-f]{64}, [0-9a-f]{64}/);
  });

  it('a later severity change settles the conflict on both after another exchange; the same bundle again changes nothing', () => {
    ok(dirA, ['incident', 'severity', id, 'P0', '--reason', 'settled: exfiltration seen']);
    exportTo(dirA, 'a3');
    expect(importInto(dirB, 'a3')).toMatchObject({ status: 0, json: { value: { imported: true, newEvents: 1 } } });
    for (const folder of [dirA, dirB]) expect(shown(folder)).toMatchObject({ incident: { severity: 'P0' }, conflicts: [] });
    expect(verify(dirB).json.value.heads).toEqual(verify(dirA).json.value.heads);
    expect(verify(dirB).json.value.heads).toHaveLength(1);
    const events = () => new BetterSqlite3(path.join(dirB, databaseFileName), { readonly: true }).prepare('SELECT count(*) FROM events').pluck().get();
    const before = events();
    const again = runCli(dirB, ['incident', 'import', bundle('a3')]);
    expect(again).toMatchObject({ status: 0, stdout: expect.stringContaining('nothing changed') });
    expect(events()).toBe(before);
  });

  it('a bundle carrying an event by a key nobody admitted is refused, naming the event, and nothing is written', () => {
    const dirC = dir('c');
    expect(importInto(dirC, 'a3', ['--trusted-key', fingerprintA])).toMatchObject({ status: 0 });
    // C is not a member: the CLI refuses to write, so the event is written around that check, as a forger would.
    ok(dirC, ['vault', 'status']);
    expect(runCli(dirC, ['incident', 'note', id, 'from C'])).toMatchObject({ status: 2, stderr: expect.stringContaining('is not a member of incident') });
    const ctx = createServiceContext({ dataDir: dirC, transport: 'cli' });
    const mallory = generateKeyPairSync('ed25519').privateKey;
    const forged = ctx.db.transaction(() =>
      appendV2(ctx.db, { actorKey: actorKeyOf(mallory), privateKey: mallory, newId: randomUUID }, { incidentId: id, type: 'incident.noteAdded', at: new Date().toISOString(), actor: 'Mallory', deviceId: 'c', payload: { text: 'forged' } }),
    )();
    ctx.db.close();
    exportTo(dirC, 'c1');
    const headsBefore = verify(dirA).json.value.heads;
    const refused = runCli(dirA, ['incident', 'import', bundle('c1')]);
    expect(refused).toMatchObject({ status: 1, stderr: expect.stringContaining(forged.hash.slice(0, 12)) });
    expect(refused.stderr).toMatch(/which no member\.added of incident .* admits; nothing was imported/);
    expect(verify(dirA).json.value.heads).toEqual(headsBefore);
  });

  it('a replica whose newest events were deleted after an export witnessed them verifies tampered', () => {
    ok(dirB, ['incident', 'note', id, 'B again']);
    exportTo(dirB, 'b2');
    const dirT = path.join(work, 'truncated');
    fs.cpSync(dirB, dirT, { recursive: true });
    const db = new BetterSqlite3(path.join(dirT, databaseFileName));
    // What someone with the file could do: the triggers dropped, the newest event deleted, its parent made the head again.
    db.exec('DROP TRIGGER events_append_only_delete');
    const newest = db.prepare<[string], { hash: string; parents: string }>('SELECT hash, parents FROM events WHERE incident_id = ? ORDER BY lamport DESC, hash DESC LIMIT 1').get(id)!;
    db.prepare('DELETE FROM events WHERE hash = ?').run(newest.hash);
    db.prepare('DELETE FROM heads WHERE hash = ?').run(newest.hash);
    db.prepare('DELETE FROM event_parents WHERE child = ?').run(newest.hash);
    for (const parent of JSON.parse(newest.parents) as string[]) db.prepare('INSERT OR IGNORE INTO heads (incident_id, hash) VALUES (?, ?)').run(id, parent);
    db.close();
    const result = runCli(dirT, ['incident', 'verify', id]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('verdict: tampered');
    expect(result.stdout).toContain(`event ${newest.hash.slice(0, 12)}…, a head when bundle export was witnessed`);
  });
});
