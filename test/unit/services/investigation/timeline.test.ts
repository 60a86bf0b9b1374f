import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, InvestigationEntry, InvestigationTimeline, TimelineExport, TimelineImport, VerifyResult } from '../../../../src-main/contract';
import { parseCsv } from '../../../../src-main/domain/investigation/timeline/csv';
import { dispatch } from '../../../../src-main/services/dispatch';
import { listTimelineEvents } from '../../../../src-main/store/timelineEvents';
import { callOk, makeTestContext, type TestContext } from '../../../support/serviceContext';
import { callLongOk, seedAsset, seedEntries, seedIndicator, writeTemp } from './timelineSeed';

let t: TestContext;
let id: string;

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const failure = (name: string, input: unknown) => {
  const result = dispatch(t.ctx, name, input);
  if (result.ok) throw new Error(`${name} succeeded`);
  return result.error;
};
const declare = (title: string) => call<Incident>('incident.declare', { title, severity: 'P2' }).id;
const add = (input: Record<string, unknown>) => call<InvestigationEntry>('timeline.add', { incidentId: id, ...input });
const list = (input: Record<string, unknown> = {}, incidentId = id) => call<InvestigationTimeline>('timeline.list', { incidentId, ...input });
const entryTexts = (input: Record<string, unknown> = {}, incidentId = id) => list({ types: ['timeline.entry'], ...input }, incidentId).entries.map((entry) => entry.summary);
const rowsOf = (csv: string) => {
  const parsed = parseCsv(csv);
  if (!parsed.ok) throw new Error(parsed.reason);
  const [header, ...rows] = parsed.records.map((record) => record.fields);
  return rows.map((row) => Object.fromEntries(header!.map((name, index) => [name, row[index]!])));
};

beforeEach(() => {
  t = makeTestContext('2026-12-01T10:00:00.000Z');
  id = declare('Invoice phishing');
  seedIndicator(t, id, 'ip', '203.0.113.7');
  seedIndicator(t, id, 'domain', 'evil.example');
  seedAsset(t, id, 'host', 'web-01');
  seedAsset(t, id, 'account', 'dana');
});
afterEach(() => t.close());

/** Entries in four zones, added out of order, one tagged afterwards. */
function addInvestigation() {
  add({ text: 'Beacon to evil.example seen in the proxy log, "every 60 s", from web-01', at: '2026-11-29T20:40:00-05:00', category: 'command-and-control', links: { indicators: ['I2'], assets: ['S1'], techniques: ['T1071'] } });
  t.advance(60_000);
  const opened = add({ text: 'Dana opened the invoice mail\nand enabled macros', at: '2026-11-30T05:10:00+0200', category: 'initial-access', links: { indicators: ['I1'], tags: ['phishing'] } });
  t.advance(60_000);
  add({ text: '=HYPERLINK("http://evil.example") pasted by the attacker into the wiki', at: '2026-11-30T09:05:00+05:30', links: { assets: ['S2'], techniques: ['T1059.001'] } });
  t.advance(60_000);
  add({ text: '-1 day: the mail gateway quarantined the second wave', at: '2026-11-30T12:00:00Z', links: { tags: ['containment'] } });
  t.advance(60_000);
  call('timeline.tag', { incidentId: id, hash: opened.hash, add: { assets: ['S2'], techniques: ['T1566.001'] } });
  return opened;
}

describe('timeline.add', () => {
  it('keeps when it happened in the offset given, stores UTC, and records it now', () => {
    const entry = add({ text: 'Mail opened', at: '2026-11-30T09:15:00+0200', links: { indicators: ['I1'], assets: ['s1'], techniques: ['T1566'], tags: ['phishing'] } });
    expect(entry).toMatchObject({
      type: 'timeline.entry',
      summary: 'Mail opened',
      occurredAt: '2026-11-30T07:15:00.000Z',
      occurredOffset: '+02:00',
      recordedAt: '2026-12-01T10:00:00.000Z',
      retroactive: true,
      links: { indicators: ['I1'], assets: ['S1'], techniques: ['T1566'], tags: ['phishing'] },
    });
    expect(add({ text: 'Noted as it happens' })).toMatchObject({ occurredAt: '2026-12-01T10:00:00.000Z', occurredOffset: null, retroactive: false });
  });

  it('refuses a time in the future, an id the incident does not hold, and a time that is no moment', () => {
    expect(failure('timeline.add', { incidentId: id, text: 'x', at: '2026-12-01T15:00:00+02:00' }).message).toBe(
      'at: 2026-12-01T15:00:00+02:00 is in the future by 3 h: an entry records what already happened (check the date and the offset)',
    );
    expect(add({ text: 'clock a little fast', at: '2026-12-01T10:04:00Z' }).retroactive).toBe(false);
    expect(failure('timeline.add', { incidentId: id, text: 'x', links: { indicators: ['I1', 'I9'] } })).toMatchObject({ code: 'not-found', message: 'links.indicators: no indicator I9 in this incident; the incident holds I1, I2' });
    expect(failure('timeline.add', { incidentId: id, text: 'x', links: { assets: ['S7'] } }).message).toBe('links.assets: no asset S7 in this incident; the incident holds S1, S2');
    expect(failure('timeline.add', { incidentId: id, text: 'x', at: '2026-02-30T10:00:00+02:00' }).code).toBe('invalid-input');
  });

  it('reads --at by the same rule as the timeline files, with their precise reasons', () => {
    // What a CSV import accepts, timeline.add and clock.start accept, keeping the offset as given.
    expect(add({ text: 'space and short offset', at: '2026-12-01 10:00:00+05' })).toMatchObject({ occurredAt: '2026-12-01T05:00:00.000Z', occurredOffset: '+05:00' });
    expect(add({ text: 'no seconds, lowercase z', at: '2026-12-01T09:30z' })).toMatchObject({ occurredAt: '2026-12-01T09:30:00.000Z', occurredOffset: 'Z' });
    expect(add({ text: 'Nepal', at: '2026-12-01 10:00:00+05:45' })).toMatchObject({ occurredAt: '2026-12-01T04:15:00.000Z', occurredOffset: '+05:45' });
    const reason = (at: string) => failure('timeline.add', { incidentId: id, text: 'x', at }).message;
    expect(reason('2026-02-30T10:00:00+02:00')).toBe('at 2026-02-30 is not a date: February 2026 has 28 days');
    expect(reason('2026-11-30T10:00:00+25:00')).toBe('at the offset +25:00 is not a time zone offset: they run from -12:00 to +14:00');
    expect(reason('0026-11-30T09:15:00+01:00')).toBe('at year 0026 is before 1970: give the full year');
    const clock = callOk<{ clocks: { startedAt: string }[] }>(t, 'clock.start', { incidentId: id, name: 'gdpr-authority', startedAt: '2026-12-01 08:00+01' });
    expect(clock.clocks.map((held) => held.startedAt)).toEqual(['2026-12-01T07:00:00.000Z']);
    expect(failure('clock.start', { incidentId: id, name: 'gdpr-authority', startedAt: '2026-02-30T10:00:00Z' }).message).toBe('startedAt 2026-02-30 is not a date: February 2026 has 28 days');
  });
});

describe('timeline.tag', () => {
  it('links an entry, says so on the timeline with values defanged, and refuses what changes nothing', () => {
    const opened = addInvestigation();
    const tagged = call<InvestigationEntry>('timeline.tag', { incidentId: id, hash: opened.hash, add: { indicators: ['I2'] }, remove: { tags: ['phishing'] } });
    expect(tagged.links).toEqual({ indicators: ['I1', 'I2'], assets: ['S2'], techniques: ['T1566.001'], tags: [] });
    const lines = list({ types: ['timeline.tagged'], sort: 'recorded' }).entries.map((entry) => entry.summary);
    expect(lines).toEqual([
      'Linked the entry of 2026-11-30 05:10 +02:00 “Dana opened the invoice mail\nand enabled macros” to T1566.001, account dana',
      'Linked the entry of 2026-11-30 05:10 +02:00 “Dana opened the invoice mail\nand enabled macros” to indicator evil[.]example; unlinked tag phishing',
    ]);
    expect(failure('timeline.tag', { incidentId: id, hash: opened.hash, add: { indicators: ['I2'] } }).message).toBe('nothing changes: the entry already has every link to add, and none of those to remove');
    expect(failure('timeline.tag', { incidentId: id, hash: opened.hash }).message).toBe('nothing to link or unlink: give indicators, assets, techniques or tags to add (or to remove)');
    const other = declare('Another one');
    expect(failure('timeline.tag', { incidentId: other, hash: opened.hash, add: { tags: ['x'] } })).toMatchObject({ code: 'not-found' });
  });
});

describe('timeline.tag by a prefix of the hash', () => {
  it('finds the entry among all the events of the incident, and says when a prefix names none or several', () => {
    seedEntries(t, id, 1_100);
    const hashes = listTimelineEvents(t.ctx.db, id).map((event) => event.hash);
    const last = { hash: hashes.at(-1)! };
    expect(list({ sort: 'recorded', limit: 1_000 }).entries.some((entry) => entry.hash === last.hash)).toBe(false);
    expect(call<InvestigationEntry>('timeline.tag', { incidentId: id, hash: last.hash.slice(0, 10).toUpperCase(), add: { tags: ['late'] } })).toMatchObject({ hash: last.hash, links: { tags: ['late'] } });
    // 1,100 hashes share some 4-hex prefixes.
    const prefixes = new Map<string, number>();
    for (const hash of hashes) prefixes.set(hash.slice(0, 4), (prefixes.get(hash.slice(0, 4)) ?? 0) + 1);
    const [shared, count] = [...prefixes].find(([, n]) => n > 1)!;
    expect(failure('timeline.tag', { incidentId: id, hash: shared, add: { tags: ['x'] } })).toMatchObject({ code: 'invalid-input', message: `${shared} names ${count} entries of ${id}: give more characters` });
    const unused = ['0000', '1111', 'ffff', 'abcd', '4242'].find((prefix) => !prefixes.has(prefix))!;
    expect(failure('timeline.tag', { incidentId: id, hash: unused, add: { tags: ['x'] } })).toMatchObject({ code: 'not-found', message: `no entry of ${id} starts with ${unused}: timeline list ${id} shows the hashes` });
    expect(failure('timeline.tag', { incidentId: id, hash: 'abc', add: { tags: ['x'] } }).message).toMatch(/its first 4 or more hex characters/);
  });
});

describe('timeline.list', () => {
  it('sorts by when things happened or by when they were recorded, both clocks on every entry', () => {
    addInvestigation();
    expect(entryTexts()).toEqual([
      'Beacon to evil.example seen in the proxy log, "every 60 s", from web-01',
      'Dana opened the invoice mail\nand enabled macros',
      '=HYPERLINK("http://evil.example") pasted by the attacker into the wiki',
      '-1 day: the mail gateway quarantined the second wave',
    ]);
    const all = list();
    expect(all.total).toBe(11);
    // Everything recorded as it happened (declared, indicators, assets, the tag) comes after the retroactive entries.
    expect(all.entries.map((entry) => entry.type).slice(0, 4)).toEqual(['timeline.entry', 'timeline.entry', 'timeline.entry', 'timeline.entry']);
    expect(list({ sort: 'recorded' }).entries.map((entry) => entry.type)).toEqual(['incident.declared', 'checklist.snapshotted', 'indicator.added', 'indicator.added', 'asset.added', 'asset.added', 'timeline.entry', 'timeline.entry', 'timeline.entry', 'timeline.entry', 'timeline.tagged']);
    expect(all.entries[0]).toMatchObject({ occurredAt: '2026-11-30T01:40:00.000Z', occurredOffset: '-05:00', recordedAt: '2026-12-01T10:00:00.000Z', retroactive: true });
  });

  it('filters by indicator, asset, technique, tag, actor and type, counting what matched', () => {
    addInvestigation();
    expect(entryTexts({ indicator: 'I1' })).toEqual(['Dana opened the invoice mail\nand enabled macros']);
    expect(list({ indicator: 'I2' }).entries.map((entry) => entry.type)).toEqual(['timeline.entry', 'indicator.added']);
    expect(entryTexts({ asset: 'S2' })).toEqual(['Dana opened the invoice mail\nand enabled macros', '=HYPERLINK("http://evil.example") pasted by the attacker into the wiki']);
    expect(entryTexts({ technique: 't1059' })).toEqual(['=HYPERLINK("http://evil.example") pasted by the attacker into the wiki']);
    expect(entryTexts({ technique: 'T1566' })).toEqual(['Dana opened the invoice mail\nand enabled macros']);
    expect(entryTexts({ tag: 'containment' })).toEqual(['-1 day: the mail gateway quarantined the second wave']);
    call('settings.update', { responderName: 'Lee' });
    add({ text: 'Lee took over the containment' });
    expect(list({ actor: 'lee' }).entries.map((entry) => entry.summary)).toEqual(['Lee took over the containment']);
    const page = list({ types: ['timeline.entry'], limit: 2 });
    expect([page.entries.length, page.matched, page.total]).toEqual([2, 5, 12]);
    expect(failure('timeline.list', { incidentId: id, indicator: 'I8' })).toMatchObject({ code: 'not-found' });
  });

  // How fast is measured by `npm run bench -- investigation`.
  it('lists and filters a timeline of 10,000 events', () => {
    seedEntries(t, id, 10_000);
    const all = list({ limit: 1000 });
    const byIndicator = list({ indicator: 'I1' });
    expect(all.entries).toHaveLength(1_000);
    expect(all.total).toBe(10_006);
    expect(byIndicator.matched).toBe(3_334 + 1);
  }, 120_000);
});

describe('the round trip', () => {
  it('CSV: entries in four zones come back into a fresh incident with the same order, UTC times, texts and links', async () => {
    addInvestigation();
    const exported = await callLongOk<TimelineExport>(t, 'timeline.export', { incidentId: id, format: 'csv' });
    expect(exported).toMatchObject({ format: 'csv', entries: 11, path: null });
    const csv = exported.text!;
    expect(csv.split('\r\n')[0]).toBe('occurred_at,occurred_at_utc,recorded_at_utc,actor,type,category,text,indicators,assets,techniques,tags,hash');
    const rows = rowsOf(csv);
    expect(rows[0]).toMatchObject({ occurred_at: '2026-11-29T20:40:00-05:00', occurred_at_utc: '2026-11-30T01:40:00.000Z', indicators: 'domain:evil[.]example', assets: 'host:web-01', techniques: 'T1071' });
    expect(rows.map((row) => row.occurred_at).slice(0, 4)).toEqual(['2026-11-29T20:40:00-05:00', '2026-11-30T05:10:00+02:00', '2026-11-30T09:05:00+05:30', '2026-11-30T12:00:00Z']);
    expect(rows[2]!.text).toBe('\'=HYPERLINK("http://evil.example") pasted by the attacker into the wiki');
    expect(rows[1]).toMatchObject({ indicators: 'ip:203.0.113[.]7', assets: 'account:dana', techniques: 'T1566.001', tags: 'phishing' });

    const before = list({ types: ['timeline.entry'] }).entries;
    const fresh = declare('Fresh copy');
    t.advance(3_600_000);
    const imported = await callLongOk<TimelineImport>(t, 'timeline.import', { incidentId: fresh, path: writeTemp(t, 'timeline.csv', csv) });
    expect(imported).toEqual({ imported: 11, rejected: [] });
    // The links are identities: the indicators and assets added to the fresh incident (in the same order) give the same ids.
    seedIndicator(t, fresh, 'ip', '203.0.113.7');
    seedIndicator(t, fresh, 'domain', 'evil.example');
    seedAsset(t, fresh, 'host', 'web-01');
    seedAsset(t, fresh, 'account', 'dana');
    const after = list({ types: ['timeline.entry'] }, fresh).entries.filter((entry) => entry.imported?.recordedAt !== undefined && before.some((old) => old.summary === entry.summary));
    const shape = (entry: InvestigationEntry) => [entry.summary, entry.occurredAt, entry.occurredOffset, entry.links];
    expect(after.map(shape)).toEqual(before.map(shape));
    expect(after[1]!.imported).toEqual({ recordedAt: '2026-12-01T10:01:00.000Z', actor: before[1]!.actor });

    // Exported again: the same rows but for the hash, the type (every row is an entry now) and the category it keeps.
    const again = rowsOf((await callLongOk<TimelineExport>(t, 'timeline.export', { incidentId: fresh, format: 'csv' })).text!).filter((row) => row.type === 'timeline.entry' && rows.some((old) => old.text === row.text));
    const columns = (row: Record<string, string>) => [row.occurred_at, row.occurred_at_utc, row.recorded_at_utc, row.actor, row.text, row.indicators, row.assets, row.techniques, row.tags];
    expect(again.map(columns)).toEqual(rows.map(columns));
    for (const incident of [id, fresh]) expect((await callLongOk<VerifyResult>(t, 'incident.verify', { id: incident })).intact).toBe(true);
  });

  it('JSON: the export holds the entries with values defanged and reads back the same', async () => {
    addInvestigation();
    const exported = await callLongOk<TimelineExport>(t, 'timeline.export', { incidentId: id, format: 'json', output: writeTemp(t, 'placeholder', '') });
    expect(exported.path).toMatch(/placeholder$/);
    const document = JSON.parse(fs.readFileSync(exported.path!, 'utf8'));
    expect(document).toMatchObject({ incidentId: id, exportedAt: '2026-12-01T10:04:00.000Z' });
    expect(document.entries[1].links).toEqual({ indicators: ['ip:203.0.113[.]7'], assets: ['account:dana'], techniques: ['T1566.001'], tags: ['phishing'] });
    const fresh = declare('From JSON');
    expect(await callLongOk<TimelineImport>(t, 'timeline.import', { incidentId: fresh, path: exported.path })).toEqual({ imported: 11, rejected: [] });
    const shape = (entry: InvestigationEntry) => [entry.summary, entry.occurredAt, entry.occurredOffset];
    expect(list({ types: ['timeline.entry'] }, fresh).entries.slice(0, 4).map(shape)).toEqual(list({ types: ['timeline.entry'] }).entries.map(shape));
  });
});
