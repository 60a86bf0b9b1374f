import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportedBundle, IncidentDetail, VerifyResult } from '../../../src-main/contract';
import { bundleTableNames, columnsOf } from '../../../src-main/domain/bundle/bundleTables';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { publicKeyFingerprint } from '../../../src-main/services/evidence/evidenceSigning';
import { createPublicKey } from 'node:crypto';
import { addLocalFinding, finding, otherKey, readBundle, scriptedIncident, stats, writeBundle } from '../../support/bundleIncident';
import type { TestBundle } from '../../support/bundleIncident';
import { recordScan } from '../../../src-main/services/scans/scans';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let a: TestContext;
let id: string;
let exported: ExportedBundle;
let work: string;
const fresh: TestContext[] = [];

const asyncCall = async (t: TestContext, name: string, input: unknown) => dispatchAsync(t.ctx, name, input);
const importInto = (t: TestContext, file: string, trustedKeys = [exported.keyFingerprint]) => asyncCall(t, 'incident.import', { file, trustedKeys });
function newDataDir(): TestContext {
  // The same moment as A's clock: the SLA and escalation figures are computed against it.
  const t = makeTestContext(a.ctx.clock().toISOString());
  fresh.push(t);
  return t;
}
/** What B holds about the incident: nothing at all after a refusal. */
const eventsIn = (t: TestContext) => t.ctx.db.prepare('SELECT count(*) FROM events').pluck().get();
const bundleFile = (name: string) => path.join(work, name);

beforeAll(async () => {
  a = makeTestContext();
  work = fs.mkdtempSync(path.join(a.dataDir, 'work-'));
  id = await scriptedIncident(a, work);
  const envelope = await asyncCall(a, 'incident.export', { id, file: bundleFile('clean.json') });
  if (!envelope.ok) throw new Error(envelope.error.message);
  exported = envelope.value as ExportedBundle;
});
afterAll(() => {
  for (const t of fresh) t.close();
  a.close();
});

describe('incident bundle round trip', () => {
  it('exports the events as stored, every table the events describe, and the manifest, signed', () => {
    const bundle = readBundle(bundleFile('clean.json'));
    expect(bundle).toMatchObject({ format: 'firebreak-incident-bundle', version: 2, incidentId: id, eventCount: exported.events, headHash: exported.headHash });
    expect(bundle.events).toHaveLength(exported.events);
    const counts = Object.fromEntries(Object.entries(bundle.tables).map(([table, rows]) => [table, rows.length]));
    expect(counts).toMatchObject({ incidents: 1, checklist_notes: 1, scan_runs: 1, scan_findings: 2, evidence_items: 1, custody_entries: 2, quarantine: 1, rotation_items: 2, action_items: 2 });
    expect(bundle.manifests).toEqual([{ evidenceId: bundle.tables.evidence_items[0]!.id, content: expect.objectContaining({ entries: expect.any(Array), signature: expect.any(Object) }), problem: null }]);
  });

  it('imports into another data dir, which then verifies it intact and shows the same incident', async () => {
    const b = newDataDir();
    const first = await importInto(b, bundleFile('clean.json'));
    if (!first.ok) throw new Error(first.error.message);
    expect(first).toMatchObject({ ok: true, value: { incidentId: id, imported: true, events: exported.events, signer: 'the key you gave by its fingerprint' } });
    expect(callOk<VerifyResult>(b, 'incident.verify', { id })).toMatchObject({ intact: true, mismatches: [], events: exported.events, headHash: exported.headHash });
    const there = callOk<IncidentDetail>(a, 'incident.get', { id });
    const here = callOk<IncidentDetail>(b, 'incident.get', { id });
    expect(here.timeline).toEqual(there.timeline);
    expect(here.incident).toEqual(there.incident);
    expect(callOk(b, 'action.list', { incidentId: id, status: 'all' })).toEqual(callOk(a, 'action.list', { incidentId: id, status: 'all' }));
    const manifest = path.join(b.dataDir, 'imports', id, `${readBundle(bundleFile('clean.json')).tables.evidence_items[0]!.id}.manifest.json`);
    expect(JSON.parse(fs.readFileSync(manifest, 'utf8'))).toEqual(readBundle(bundleFile('clean.json')).manifests[0]!.content);
    expect(b.ctx.db.prepare('SELECT state FROM quarantine').pluck().all()).toEqual(['missing']);

    // Again: nothing changes.
    const before = eventsIn(b);
    expect(await importInto(b, bundleFile('clean.json'))).toMatchObject({ ok: true, value: { imported: false } });
    expect(eventsIn(b)).toBe(before);

    // Exported again from here, it still verifies elsewhere: finding ids go back to the bundle's.
    const again = await asyncCall(b, 'incident.export', { id, file: bundleFile('from-b.json') });
    expect(again).toMatchObject({ ok: true, value: { headHash: exported.headHash } });
    const c = newDataDir();
    addLocalFinding(c);
    addLocalFinding(c);
    expect(await importInto(c, bundleFile('from-b.json'), [(again as { value: ExportedBundle }).value.keyFingerprint])).toMatchObject({ ok: true, value: { imported: true } });
    expect(callOk<VerifyResult>(c, 'incident.verify', { id })).toMatchObject({ intact: true });
  });

  it('imports into a data dir with findings of its own (ids renumbered) and verifies intact', async () => {
    const b = newDataDir();
    expect(addLocalFinding(b)).toBe(1);
    expect(await importInto(b, bundleFile('clean.json'))).toMatchObject({ ok: true });
    expect(callOk<VerifyResult>(b, 'incident.verify', { id })).toMatchObject({ intact: true, mismatches: [] });
    expect(callOk<{ intact: boolean }>(b, 'verify.all', {})).toMatchObject({ intact: true });
  });

  it('lets findings of an imported incident, and ones found here later, be marked there; the incident verifies there and on the next laptop', async () => {
    const origin = newDataDir();
    // Three incidents with a finding each, later than B's own: the last one's finding is #3 in its history.
    for (let n = 0; n < 3; n++) {
      origin.advance(3_600_000);
      addLocalFinding(origin);
    }
    const incident = callOk<{ incidents: { id: string }[] }>(origin, 'incident.list', { scope: 'all' }).incidents.map((row) => row.id).sort().at(-1)!;
    const fromOrigin = await asyncCall(origin, 'incident.export', { id: incident, file: bundleFile('origin.json') });
    if (!fromOrigin.ok) throw new Error(fromOrigin.error.message);
    const b = newDataDir();
    expect(addLocalFinding(b)).toBe(1);
    const intoB = await importInto(b, bundleFile('origin.json'), [(fromOrigin.value as ExportedBundle).keyFingerprint]);
    expect(intoB, JSON.stringify(intoB)).toMatchObject({ ok: true });
    // On B the imported finding is #2, and a finding scanned here next is #3: the number the history gives the imported one.
    const local = recordScan(b.ctx, incident, { root: '/srv/b', findings: [finding('generic-api-key', 'b.env', 2, '1111222233334444')], stats } as never, false, b.ctx.clock().toISOString());
    expect(local.findings.map((row) => row.id)).toEqual([3]);
    callOk(b, 'scan.markFinding', { findingId: 2, status: 'rotation', note: 'rotated on B' });
    callOk(b, 'scan.markFinding', { findingId: 3, status: 'false-positive', note: 'a test value' });
    expect(callOk<VerifyResult>(b, 'incident.verify', { id: incident })).toMatchObject({ intact: true, mismatches: [] });

    const fromB = await asyncCall(b, 'incident.export', { id: incident, file: bundleFile('marked-on-b.json') });
    if (!fromB.ok) throw new Error(fromB.error.message);
    const c = newDataDir();
    expect(await importInto(c, bundleFile('marked-on-b.json'), [(fromB.value as ExportedBundle).keyFingerprint])).toMatchObject({ ok: true });
    expect(callOk<VerifyResult>(c, 'incident.verify', { id: incident })).toMatchObject({ intact: true, mismatches: [] });
    const statuses = callOk<{ runs: { findings: { status: string }[] }[] }>(c, 'scan.list', { incidentId: incident }).runs.flatMap((run) => run.findings.map((row) => row.status));
    expect(statuses.sort()).toEqual(['false-positive', 'rotation']);
  });

  it('refuses a bundle from an unknown signer, naming its fingerprint and how to trust it', async () => {
    const b = newDataDir();
    const result = await asyncCall(b, 'incident.import', { file: bundleFile('clean.json') });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining(`--trusted-key ${exported.keyFingerprint}`) } });
    expect(eventsIn(b)).toBe(0);
  });

});

describe('export', () => {
  it('says in the bundle that a manifest is gone, rather than fail; the import does not keep the other laptop\'s path', async () => {
    const c = newDataDir();
    const incident = await scriptedIncident(c, fs.mkdtempSync(path.join(c.dataDir, 'work-')));
    const manifestFile = c.ctx.db.prepare('SELECT manifest_file FROM evidence_items').pluck().get() as string;
    fs.rmSync(manifestFile);
    const file = bundleFile('no-manifest.json');
    const envelope = await asyncCall(c, 'incident.export', { id: incident, file });
    expect(envelope).toMatchObject({ ok: true });
    expect(readBundle(file).manifests).toEqual([{ evidenceId: expect.stringMatching(/^EV-/), content: null, problem: `${manifestFile}: the manifest file is gone` }]);
    const b = newDataDir();
    expect(await importInto(b, file, [(envelope as { value: ExportedBundle }).value.keyFingerprint])).toMatchObject({ ok: true });
    // The other laptop's path names nothing here: the row points where an imported manifest would be, and nothing is.
    expect(b.ctx.db.prepare('SELECT manifest_file FROM evidence_items').pluck().get()).toMatch(/[/]imports[/]INC-[0-9-]+[/]EV-[0-9a-f]{8}[.]manifest[.]json$/);
  });

  it('with the vault locked, is refused as collecting evidence is, and writes nothing', async () => {
    const c = newDataDir();
    const incident = callOk<{ id: string }>(c, 'incident.declare', { title: 'Locked', severity: 'P3' }).id;
    expect(await asyncCall(c, 'vault.lock', {})).toMatchObject({ ok: true });
    const file = bundleFile('locked.json');
    const collect = await asyncCall(c, 'evidence.collect', { paths: [work], output: bundleFile('locked.tar.gz'), incidentId: incident });
    const exported = await asyncCall(c, 'incident.export', { id: incident, file });
    expect(collect).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(exported).toEqual(collect);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('imports a quarantine move that had not finished as not moved, which the importing laptop never tries to finish', async () => {
    const c = newDataDir();
    const incident = await scriptedIncident(c, fs.mkdtempSync(path.join(c.dataDir, 'work-')));
    // As a crash between recording the intent and moving the file leaves it.
    c.ctx.db.prepare("INSERT INTO quarantine (id, incident_id, original_path, stored_path, sha256, size, mode, quarantined_at, quarantined_by, state, mover_pid) VALUES ('Q-00000000', ?, '/tmp/x', '/tmp/y', ?, 1, 420, '2026-11-23T14:20:00.000Z', 'y', 'moving-in', 1)").run(incident, 'a'.repeat(64));
    const file = bundleFile('moving-in.json');
    const envelope = await asyncCall(c, 'incident.export', { id: incident, file });
    const b = newDataDir();
    expect(await importInto(b, file, [(envelope as { value: ExportedBundle }).value.keyFingerprint])).toMatchObject({ ok: true });
    expect(b.ctx.db.prepare('SELECT state, mover_pid FROM quarantine ORDER BY id').all()).toEqual([{ state: 'not-moved', mover_pid: null }, { state: 'missing', mover_pid: null }]);
    expect(callOk<VerifyResult>(b, 'incident.verify', { id: incident })).toMatchObject({ intact: true });
  });

  it('reads and writes exactly the columns each table has, so a new column is never left out silently', () => {
    // An incident's kind travels in its declaration, not as a column: older releases read the bundle.
    const skipped: Record<string, string[]> = { incidents: ['kind'], checklist_notes: ['id'], custody_entries: ['id'], log_scans: ['finding_id_offset'] };
    for (const table of bundleTableNames) {
      const columns = (a.ctx.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name).filter((name) => !skipped[table]?.includes(name));
      expect(columnsOf(table).sort(), table).toEqual(columns.sort());
    }
  });
});

describe('a bundle that fails verification is refused, naming the first problem, writing nothing', () => {
  const key = otherKey();
  const trusted = () => publicKeyFingerprint(createPublicKey(key));
  const cases: [string, (bundle: TestBundle) => TestBundle, RegExp][] = [
    ['one event altered', (b) => ({ ...b, events: b.events.map((e) => (e.seq === 7 ? { ...e, payload: { ...e.payload, text: 'rewritten' } } : e)) }), /event #7 \(.+\) at .+ was altered after it was recorded/],
    ['one event removed (count fixed)', (b) => ({ ...b, events: b.events.filter((e) => e.seq !== 5), eventCount: b.eventCount - 1 }), /event 5 is missing: the next stored event is #6/],
    ['one event removed', (b) => ({ ...b, events: b.events.filter((e) => e.seq !== 5) }), /states \d+ events but holds \d+: an event was removed/],
    ['the last event removed', (b) => ({ ...b, events: b.events.slice(0, -1) }), /states (\d+) events but holds \d+: the last event was removed/],
    ['the count edited', (b) => ({ ...b, eventCount: b.eventCount + 1 }), /states \d+ events but holds/],
    ['the head hash edited', (b) => ({ ...b, headHash: 'f'.repeat(64) }), /head hash ffffffffffffffff… but its last event's hash/],
    ['a row altered', (b) => ({ ...b, tables: { ...b.tables, action_items: b.tables.action_items.map((row) => ({ ...row, owner: 'mallory' })) } }), /rows are not what its events describe: action item A1: owner is "mallory"/],
    ['a row naming another incident', (b) => ({ ...b, tables: { ...b.tables, action_items: [{ ...b.tables.action_items[0]!, incident_id: 'INC-20200101-000000' }] } }), /tables\.action_items\[0\] names incident INC-20200101-000000/],
    ['duplicated events', (b) => ({ ...b, events: [...b.events.slice(0, 4), b.events[3]!, ...b.events.slice(5)] }), /event 5 is missing: the next stored event is #4/],
    ['an event of another incident', (b) => ({ ...b, events: b.events.map((e) => (e.seq === 3 ? { ...e, incidentId: 'INC-20200101-000000' } : e)) }), /event #3 \(.+\) belongs to incident INC-20200101-000000/],
    ['an evidence id that is a path', (b) => ({ ...b, tables: { ...b.tables, evidence_items: [{ ...b.tables.evidence_items[0]!, id: '../../escape' }], custody_entries: [], }, manifests: [] }), /is not an evidence id/],
  ];
  it.each(cases)('%s (re-signed by a trusted key)', async (_name, edit, reason) => {
    const b = newDataDir();
    const file = bundleFile(`edited-${fresh.length}.json`);
    writeBundle(file, edit(readBundle(bundleFile('clean.json'))), key);
    const result = await importInto(b, file, [trusted()]);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((result as { error: { message: string } }).error.message).toMatch(reason);
    expect(eventsIn(b)).toBe(0);
    expect(fs.existsSync(path.join(b.dataDir, 'imports'))).toBe(false);
  });

  it('a forged signature (one byte flipped), whoever is trusted', async () => {
    const b = newDataDir();
    const bundle = readBundle(bundleFile('clean.json'));
    const value = Buffer.from(bundle.signature.value, 'base64');
    value[10] = value[10]! ^ 1;
    writeBundle(bundleFile('forged.json'), { ...bundle, signature: { ...bundle.signature, value: value.toString('base64') } });
    expect(await importInto(b, bundleFile('forged.json'))).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('signature does not verify') } });
    // The content changed under an intact signature: the same refusal.
    writeBundle(bundleFile('forged2.json'), { ...bundle, tables: { ...bundle.tables, action_items: [] } });
    expect(await importInto(b, bundleFile('forged2.json'))).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('signature does not verify') } });
    expect(eventsIn(b)).toBe(0);
  });

  it('a bundle re-signed with another key is untrusted unless that key is given', async () => {
    const b = newDataDir();
    writeBundle(bundleFile('resigned.json'), readBundle(bundleFile('clean.json')), key);
    expect(await importInto(b, bundleFile('resigned.json'))).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining(`signed by key ${trusted()}`) } });
    expect(await importInto(b, bundleFile('resigned.json'), [trusted()])).toMatchObject({ ok: true, value: { imported: true } });
  });

  it('a bundle in the previous format (1: chain events only) still imports and verifies', async () => {
    const b = newDataDir();
    const old = readBundle(bundleFile('clean.json'));
    // The scripted incident was written before this laptop had a device key: all chain events, as format 1 carried them.
    expect(old.events.every((event) => typeof event.seq === 'number')).toBe(true);
    writeBundle(bundleFile('format-1.json'), { ...old, version: 1 }, key);
    expect(await importInto(b, bundleFile('format-1.json'), [trusted()])).toMatchObject({ ok: true, value: { imported: true, newEvents: old.events.length } });
    expect(callOk<VerifyResult>(b, 'incident.verify', { id })).toMatchObject({ verdict: 'ok', intact: true });
  });
});

describe('bad input is refused before anything is checked', () => {
  const shapes: [string, (file: string) => void, RegExp][] = [
    ['not JSON', (file) => fs.writeFileSync(file, 'hello'), /is not JSON/],
    ['truncated', (file) => fs.writeFileSync(file, fs.readFileSync(bundleFile('clean.json')).subarray(0, 5000)), /is not JSON: it ends early/],
    ['a column name that is SQL', (file) => {
      const bundle = readBundle(bundleFile('clean.json'));
      (bundle.tables.action_items[0] as Record<string, unknown>)['owner) VALUES (1); DROP TABLE events; --'] = 'x';
      writeBundle(file, bundle);
    }, /tables\.action_items\[0\] has a field this format does not have: "owner\) VALUES/],
    ['a proto key', (file) => fs.writeFileSync(file, fs.readFileSync(bundleFile('clean.json'), 'utf8').replace('"tables": {', '"tables": {"__proto__": {"polluted": true}, ')), /tables has a field this format does not have: "__proto__"/],
    ['a wrong type deep inside', (file) => {
      const bundle = readBundle(bundleFile('clean.json'));
      (bundle.events[2] as Record<string, unknown>).seq = 'three';
      writeBundle(file, bundle);
    }, /events\[2\]\.seq/],
    ['a folder', (file) => fs.mkdirSync(file), /is a folder/],
    ['over the cap (a 2 GB sparse file)', (file) => fs.truncateSync((fs.writeFileSync(file, ''), file), 2 * 1024 ** 3), /2048 MiB, over the 128 MiB a bundle may hold/],
  ];
  it.each(shapes)('%s', async (_name, make, reason) => {
    const b = newDataDir();
    const file = bundleFile(`bad-${fresh.length}`);
    make(file);
    const result = await importInto(b, file);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((result as { error: { message: string } }).error.message).toMatch(reason);
    expect(eventsIn(b)).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
