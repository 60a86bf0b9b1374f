import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportedBundle, IncidentDetail, VerifyResult } from '../../../src-main/contract';
import { actorKeyOf } from '../../../src-main/domain/sync/eventV2';
import { dispatch, dispatchAsync } from '../../../src-main/services/dispatch';
import { loadDeviceKey } from '../../../src-main/services/vault/vaultKeys';
import { appendV2 } from '../../../src-main/store/dagStore';
import { readBundleTables } from '../../../src-main/store/bundleRows';
import { finding, scriptedIncident, stats } from '../../support/bundleIncident';
import { recordScan } from '../../../src-main/services/scans/scans';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

// Importing a bundle of an incident already here merges the events it lacks (a set union).
let a: TestContext;
let id: string;
let work: string;
let cleanFingerprint: string;
const fresh: TestContext[] = [];

const asyncCall = async (t: TestContext, name: string, input: unknown) => dispatchAsync(t.ctx, name, input);
const importInto = (t: TestContext, file: string, trustedKeys: string[] = [cleanFingerprint]) => asyncCall(t, 'incident.import', { file, trustedKeys });
function newDataDir(): TestContext {
  const t = makeTestContext(a.ctx.clock().toISOString());
  fresh.push(t);
  return t;
}
const eventsIn = (t: TestContext) => t.ctx.db.prepare('SELECT count(*) FROM events').pluck().get();
const bundleFile = (name: string) => path.join(work, name);

beforeAll(async () => {
  a = makeTestContext();
  work = fs.mkdtempSync(path.join(a.dataDir, 'work-'));
  id = await scriptedIncident(a, work);
  const envelope = await asyncCall(a, 'incident.export', { id, file: bundleFile('clean.json') });
  if (!envelope.ok) throw new Error(envelope.error.message);
  cleanFingerprint = (envelope.value as ExportedBundle).keyFingerprint;
});
afterAll(() => {
  for (const t of fresh) t.close();
  a.close();
});

/** The commander's laptop works an incident, admits B's device key (made by B's vault) and hands it over in a bundle. */
async function sharedIncident(prefix: string) {
  const origin = newDataDir();
  const incident = await scriptedIncident(origin, fs.mkdtempSync(path.join(origin.dataDir, 'work-')));
  const exportFrom = async (t: TestContext, name: string) => {
    const envelope = await asyncCall(t, 'incident.export', { id: incident, file: bundleFile(name) });
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.value as ExportedBundle;
  };
  await loadDeviceKey(origin.ctx);
  const b = newDataDir();
  const { actorKey } = await loadDeviceKey(b.ctx);
  callOk(origin, 'incident.addMember', { id: incident, actorKey, name: 'Bo' });
  const first = await exportFrom(origin, `${prefix}-1.json`);
  expect(await importInto(b, bundleFile(`${prefix}-1.json`), [first.keyFingerprint])).toMatchObject({ ok: true, value: { imported: true, newEvents: first.events } });
  return { origin, b, incident, first, exportFrom };
}

describe('importing an incident already here', () => {
  it('merges what each laptop added to an incident both hold: set union, verified on both, and the same bundle again changes nothing', async () => {
    const { origin, b, incident, first, exportFrom } = await sharedIncident('merge');
    // A laptop nobody admitted holds the incident but cannot write to it.
    const c = newDataDir();
    expect(await importInto(c, bundleFile('merge-1.json'), [first.keyFingerprint])).toMatchObject({ ok: true });
    const cKey = (await loadDeviceKey(c.ctx)).actorKey;
    expect(dispatch(c.ctx, 'incident.addNote', { id: incident, text: 'not a member' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining(`firebreak incident member add ${incident} -- ${cKey}`) } });

    // Apart: both change severity, B adds a note, the commander an action item.
    callOk(origin, 'incident.setSeverity', { id: incident, severity: 'P0', reason: 'exfiltration seen' });
    callOk(origin, 'action.add', { incidentId: incident, title: 'Revoke the leaked deploy key' });
    callOk(b, 'incident.setSeverity', { id: incident, severity: 'P3', reason: 'key was read-only' });
    callOk(b, 'incident.addNote', { id: incident, text: 'Checked from B' });
    // Ticks and step notes on both sides, one step changed on both.
    const steps = callOk<{ steps: { id: string }[] }>(origin, 'checklist.get', { id: incident }).steps.map((step) => step.id);
    const change = (t: TestContext, stepId: string, input: Record<string, unknown>) => callOk(t, 'checklist.change', { id: incident, stepId, ...input });
    change(origin, steps[3]!, { change: 'done' });
    change(origin, steps[4]!, { change: 'note', text: 'note from the commander' });
    change(origin, steps[6]!, { change: 'done' });
    change(b, steps[5]!, { change: 'skip', reason: 'not here' });
    change(b, steps[4]!, { change: 'note', text: 'note from B' });
    change(b, steps[6]!, { change: 'skip', reason: 'B thinks not' });
    await exportFrom(b, 'merge-from-b.json');
    await exportFrom(origin, 'merge-3.json');
    // B's bundle is signed by a key origin does not trust: its events' own signatures are the trust.
    expect(await importInto(origin, bundleFile('merge-from-b.json'), [])).toMatchObject({ ok: true, value: { imported: true, newEvents: 5 } });
    expect(await importInto(b, bundleFile('merge-3.json'), [])).toMatchObject({ ok: true, value: { imported: true, newEvents: 5 } });

    const verified = [origin, b].map((t) => callOk<VerifyResult>(t, 'incident.verify', { id: incident }));
    for (const result of verified) expect(result).toMatchObject({ verdict: 'ok', intact: true, mismatches: [], missing: [] });
    expect(verified[1]!.heads).toEqual(verified[0]!.heads);
    const [there, here] = [origin, b].map((t) => callOk<IncidentDetail>(t, 'incident.get', { id: incident }));
    expect(here!.incident).toEqual(there!.incident);
    expect(here!.conflicts).toEqual(there!.conflicts);
    expect(here!.conflicts).toEqual([expect.objectContaining({ field: 'severity' })]);
    expect(callOk(b, 'action.list', { incidentId: incident, status: 'all' })).toEqual(callOk(origin, 'action.list', { incidentId: incident, status: 'all' }));
    expect((callOk(b, 'action.list', { incidentId: incident, status: 'all' }) as { items: unknown[] }).items).toHaveLength(3);
    // Every table the events describe holds the same rows on both laptops (evidence and quarantine rows
    // differ on purpose: the file and its manifest are where they were collected).
    const described = ['incidents', 'checklist_steps', 'checklist_notes', 'reminders', 'rotation_items', 'rotation_checks', 'action_items'] as const;
    const rows = (t: TestContext) => Object.fromEntries(described.map((table) => [table, readBundleTables(t.ctx.db, incident)[table]]));
    expect(rows(b)).toEqual(rows(origin));
    const checklist = (t: TestContext) => callOk<{ steps: { id: string; status: string; notes: { text: string }[] }[] }>(t, 'checklist.get', { id: incident });
    expect(checklist(b)).toEqual(checklist(origin));
    const merged = checklist(b).steps;
    expect(merged.find((step) => step.id === steps[3])).toMatchObject({ status: 'done' });
    expect(merged.find((step) => step.id === steps[5])).toMatchObject({ status: 'skipped' });
    expect(merged.find((step) => step.id === steps[4])!.notes.map((note) => note.text).sort()).toEqual(['note from B', 'note from the commander']);

    // Again: nothing changes.
    const before = eventsIn(b);
    expect(await importInto(b, bundleFile('merge-3.json'), [])).toMatchObject({ ok: true, value: { imported: false, newEvents: 0 } });
    expect(eventsIn(b)).toBe(before);

    // An event signed by a key nobody admitted (written around the membership check) is refused by name; nothing is written.
    const mallory = generateKeyPairSync('ed25519').privateKey;
    const forger = { actorKey: actorKeyOf(mallory), privateKey: mallory, newId: randomUUID };
    const forged = c.ctx.db.transaction(() => appendV2(c.ctx.db, forger, { incidentId: incident, type: 'incident.noteAdded', at: c.ctx.clock().toISOString(), actor: 'Mallory', deviceId: 'x', payload: { text: 'forged' } }))();
    await exportFrom(c, 'merge-forged.json');
    const held = eventsIn(origin);
    const refusedForged = await importInto(origin, bundleFile('merge-forged.json'), []);
    expect(refusedForged).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining(forged.hash.slice(0, 12)) } });
    expect((refusedForged as { error: { message: string } }).error.message).toMatch(/signed by key .*, which no member\.added of incident .* admits; nothing was imported/);
    expect(eventsIn(origin)).toBe(held);
  });

  it('refuses an incident of the same id whose first event differs: two incidents, not two copies of one', async () => {
    // Declared at the same second on another laptop: the same id.
    const other = makeTestContext();
    fresh.push(other);
    expect(callOk<{ id: string }>(other, 'incident.declare', { title: 'Something else', severity: 'P3' }).id).toBe(id);
    const result = await importInto(other, bundleFile('clean.json'));
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('these are two different incidents that were given one id') } });
    expect(callOk<IncidentDetail>(other, 'incident.get', { id }).incident.title).toBe('Something else');
  });

  it('refuses, naming both events, a merge of two different action items made apart under one id, and writes nothing', async () => {
    const { origin, b, incident, exportFrom } = await sharedIncident('clash');
    callOk(origin, 'action.add', { incidentId: incident, title: 'From the commander' });
    callOk(b, 'action.add', { incidentId: incident, title: 'From B' });
    await exportFrom(b, 'clash-from-b.json');
    const held = eventsIn(origin);
    const result = await importInto(origin, bundleFile('clash-from-b.json'), []);
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/action item A3 was created on two laptops apart \(events [0-9a-f]{12}… and [0-9a-f]{12}…, action\.added\); merging two different items under one id is not supported yet/) } });
    expect(eventsIn(origin)).toBe(held);
    expect(callOk<{ items: { title: string }[] }>(origin, 'action.list', { incidentId: incident, status: 'all' }).items.map((item) => item.title)).toContain('From the commander');
  });

  it('brings the scans, findings, evidence and custody one laptop recorded apart to the other, with their marks', async () => {
    const { origin, b, incident, exportFrom } = await sharedIncident('rows');
    const scanned = recordScan(b.ctx, incident, { root: '/srv/b', findings: [finding('generic-api-key', 'b.env', 2, '1111222233334444')], stats } as never, false, b.ctx.clock().toISOString());
    callOk(b, 'scan.markFinding', { findingId: scanned.findings[0]!.id, status: 'false-positive', note: 'a test value on B' });
    const folder = fs.mkdtempSync(path.join(b.dataDir, 'logs-'));
    fs.writeFileSync(path.join(folder, 'b.log'), 'seen on B\n');
    const collected = await asyncCall(b, 'evidence.collect', { paths: [folder], output: path.join(b.dataDir, 'b-evidence.tar.gz'), incidentId: incident });
    if (!collected.ok) throw new Error(collected.error.message);
    const evidenceId = (collected.value as { evidenceId: string }).evidenceId;
    callOk(b, 'evidence.addCustody', { evidenceId, action: 'handed-over', detail: 'to the commander' });
    await exportFrom(b, 'rows-from-b.json');
    expect(await importInto(origin, bundleFile('rows-from-b.json'), [])).toMatchObject({ ok: true, value: { imported: true } });
    expect(callOk<VerifyResult>(origin, 'incident.verify', { id: incident })).toMatchObject({ verdict: 'ok', intact: true, mismatches: [] });
    const findings = callOk<{ runs: { root: string; findings: { status: string; statusNote: string }[] }[] }>(origin, 'scan.list', { incidentId: incident }).runs.find((run) => run.root === '/srv/b');
    expect(findings?.findings).toEqual([expect.objectContaining({ status: 'false-positive', statusNote: 'a test value on B' })]);
    const custody = origin.ctx.db.prepare('SELECT action, detail FROM custody_entries WHERE evidence_id = ? ORDER BY id').all(evidenceId);
    expect(custody).toEqual([expect.objectContaining({ action: 'collected' }), { action: 'handed-over', detail: 'to the commander' }]);
    // Its manifest came with it, kept where imports keep them.
    expect(fs.existsSync(path.join(origin.dataDir, 'imports', incident, `${evidenceId}.manifest.json`))).toBe(true);
  });
});
