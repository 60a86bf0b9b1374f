import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, InvestigationTimeline, TimelineImport } from '../../../../src-main/contract';
import { callOk, makeTestContext, type TestContext } from '../../../support/serviceContext';
import { callLongEnvelope, callLongOk, seedIndicator, writeTemp } from './timelineSeed';

let t: TestContext;
let id: string;

const header = 'occurred_at,occurred_at_utc,recorded_at_utc,actor,type,category,text,indicators,assets,techniques,tags,hash';
const good = '2026-11-30T09:15:00+02:00,,,dana,timeline.entry,initial-access,Mail opened,,,,,';
const total = () => callOk<InvestigationTimeline>(t, 'timeline.list', { incidentId: id }).total;
const importFile = (name: string, content: string | Buffer) => callLongEnvelope<TimelineImport>(t, 'timeline.import', { incidentId: id, path: writeTemp(t, name, content) });
const rejected = async (content: string) => {
  const before = total();
  const result = await importFile('hostile.csv', content);
  if (!result.ok) throw new Error(result.error.message);
  expect(result.value.imported).toBe(0);
  expect(total()).toBe(before);
  return result.value.rejected;
};
const refused = async (name: string, content: string | Buffer) => {
  const before = total();
  const result = await importFile(name, content);
  if (result.ok) throw new Error('imported');
  expect(total()).toBe(before);
  return result.error;
};

beforeEach(() => {
  t = makeTestContext('2026-12-01T10:00:00.000Z');
  id = callOk<Incident>(t, 'incident.declare', { title: 'Imported timeline', severity: 'P2' }).id;
  seedIndicator(t, id, 'ip', '203.0.113.7');
});
afterEach(() => t.close());

describe('timeline.import of a hostile CSV', () => {
  it('rejects each bad row with its line and a precise reason, and stores nothing', async () => {
    const csv = [
      header,
      good,
      // A quoted field over three lines: the rows after it are counted from the file's real lines.
      '2026-11-30T09:16:00+02:00,,,dana,,,"first line\r\nsecond, with a comma\r\nthird ""quoted""",,,,,',
      '2026-02-30T10:00:00+02:00,,,dana,,,Bad date,,,,,',
      '2026-11-30T10:00:00+25:00,,,dana,,,Bad offset,,,,,',
      `2026-11-30T10:00:00Z,,,dana,,,${'A'.repeat(1024 * 1024)},,,,,`,
      '2026-11-30T10:00:00Z,,,dana,,,Too many,,,,,,extra',
      '2026-11-30T10:00:00Z,,,dana,,,Bad indicator,ip:300.1.2.3,,,,',
      '2026-11-30T10:00:00Z,,,dana,,,Bad technique,,,T99,,',
      '2026-11-30T10:00:00Z,,,dana,,,"closed"early,,,,,',
      '2026-12-02T10:00:00Z,,,dana,,,From the future,,,,,',
      ',,,dana,,,No time,,,,,',
    ].join('\r\n');
    const rows = await rejected(`\uFEFF${csv}\r\n`);
    expect(rows.map((row) => row.line)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(rows[0]).toEqual({ line: 6, reason: 'occurred_at: 2026-02-30 is not a date: February 2026 has 28 days' });
    expect(rows[1]).toEqual({ line: 7, reason: 'occurred_at: the offset +25:00 is not a time zone offset: they run from -12:00 to +14:00' });
    expect(rows[2]).toEqual({ line: 8, reason: 'text is 1,048,576 characters long: at most 4,000' });
    expect(rows[3]).toEqual({ line: 9, reason: 'has 13 fields, the header has 12 (an unquoted comma?)' });
    expect(rows[4]!.reason).toMatch(/^indicators: ip "300\.1\.2\.3": .+/);
    expect(rows[5]).toEqual({ line: 11, reason: 'techniques: "T99" must be an ATT&CK technique id like T1059 or T1059.001' });
    expect(rows[6]).toEqual({ line: 12, reason: 'field 7 has text after its closing quote' });
    expect(rows[7]).toEqual({ line: 13, reason: 'occurred_at 2026-12-02T10:00:00Z is in the future' });
    expect(rows[8]).toEqual({ line: 14, reason: 'occurred_at is empty: every entry needs when it happened' });
  });

  it('reads a BOM, CRLF, quoted newlines and formula cells, and links what the incident holds', async () => {
    const csv = [
      header,
      `2026-11-30T09:15:00+0200,2026-11-30T07:15:00.000Z,2026-11-30T08:00:00Z,dana,timeline.entry,initial-access,"'=HYPERLINK(""http://evil"")",ip:203.0.113[.]7 | domain:evil[.]example,host:web-01,T1566,phishing,abc`,
      '2026-11-30T09:16:00-05:00,,,,indicator.added,,"two\r\nlines",,,,,',
    ].join('\r\n');
    const result = await callLongOk<TimelineImport>(t, 'timeline.import', { incidentId: id, path: writeTemp(t, 'bom.csv', `\uFEFF${csv}\r\n`) });
    expect(result).toEqual({ imported: 2, rejected: [] });
    const entries = callOk<InvestigationTimeline>(t, 'timeline.list', { incidentId: id, types: ['timeline.entry'] }).entries;
    expect(entries.map((entry) => [entry.summary, entry.occurredAt, entry.occurredOffset, entry.category])).toEqual([
      ['=HYPERLINK("http://evil")', '2026-11-30T07:15:00.000Z', '+02:00', 'initial-access'],
      ['two\nlines', '2026-11-30T14:16:00.000Z', '-05:00', 'indicator.added'],
    ]);
    // Only the indicator the incident holds has an id; the others stay on the entry by identity.
    expect(entries[0]!.links).toEqual({ indicators: ['I1'], assets: [], techniques: ['T1566'], tags: ['phishing'] });
    expect(entries[0]!.imported).toEqual({ recordedAt: '2026-11-30T08:00:00.000Z', actor: 'dana' });
    seedIndicator(t, id, 'domain', 'evil.example');
    expect(callOk<InvestigationTimeline>(t, 'timeline.list', { incidentId: id, indicator: 'I2', types: ['timeline.entry'] }).entries.map((entry) => entry.summary)).toEqual(['=HYPERLINK("http://evil")']);
  });

  it('takes secrets out of the texts it stores', async () => {
    const token = `ghp_${'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'}`;
    const result = await callLongOk<TimelineImport>(t, 'timeline.import', { incidentId: id, path: writeTemp(t, 'secret.csv', `${header}\n2026-11-30T09:15:00Z,,,dana,,,pushed ${token} to the repo,,,,,\n`) });
    expect(result).toMatchObject({ imported: 1, redacted: 1 });
    const [entry] = callOk<InvestigationTimeline>(t, 'timeline.list', { incidentId: id, types: ['timeline.entry'] }).entries;
    expect(entry!.summary).not.toContain(token);
    expect(entry!.summary).toMatch(/^pushed .+ to the repo$/);
  });

  it('names every misplaced quote on the line its row starts, with LF ends and blank lines', async () => {
    const csv = [
      header,
      '2026-11-30T09:15:00Z,,,dana,,,Mail "invoice" opened,,,,,',
      '',
      '2026-11-30T09:16:00Z,,,dana,,,"two\r\nlines"then text,,,,,',
      good,
      '',
      '',
      '2026-11-30T09:17:00Z,,,dana,,,"fine ""quoted""",,,,,',
      '2026-11-30T09:18:00Z,"z" ,,dana,,,Stray,,,,,',
    ].join('\n');
    expect(await rejected(`${csv}\n`)).toEqual([
      { line: 2, reason: 'field 7 holds a quote but is not quoted (quote it and double the quote)' },
      { line: 4, reason: 'field 7 has text after its closing quote' },
      { line: 10, reason: 'field 2 has text after its closing quote' },
    ]);
  });

  it('names the line an unclosed quote opened on, past the quoted lines before it', async () => {
    const csv = `${header}\n${good}\n2026-11-30T09:15:00Z,,,dana,,,"one\r\ntwo",,,,,"opened here\n${good}\n`;
    expect((await refused('late-quote.csv', csv)).message).toMatch(/late-quote\.csv: line 4: a quoted field opened on line 4 is never closed; nothing was imported$/);
  });

  it('refuses a whole file that is not a timeline CSV, naming it', async () => {
    expect((await refused('bad-utf8.csv', Buffer.concat([Buffer.from(`${header}\n2026-11-30T09:15:00Z,,,dana,,,caf`), Buffer.from([0xc3, 0x28]), Buffer.from(',,,,,\n')]))).message).toMatch(
      /bad-utf8\.csv is not valid UTF-8 text \(binary data\?\) \(line 2\): nothing was imported$/,
    );
    expect((await refused('binary.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).message).toMatch(/binary\.csv holds a NUL byte: binary data, not a text file/);
    expect((await refused('huge.csv', Buffer.alloc(20 * 1024 * 1024 + 1, 0x41))).message).toMatch(/huge\.csv is 20\.0 MB, larger than the 20\.0 MB limit: refused without reading it/);
    expect((await refused('many.csv', `${header}\n${`${good}\n`.repeat(50_001)}`)).message).toMatch(/many\.csv holds more than 50,000 entries: split the file; nothing was imported$/);
    expect((await refused('no-header.csv', `${good}\n`)).message).toMatch(/no-header\.csv: line 1: the header must name the columns occurred_at and text/);
    expect((await refused('open-quote.csv', `${header}\n2026-11-30T09:15:00Z,,,dana,,,"never closed\n`)).message).toMatch(/open-quote\.csv: line 2: a quoted field opened on line 2 is never closed/);
    expect(await refused('missing.csv', '').then(() => callLongEnvelope(t, 'timeline.import', { incidentId: id, path: '/nonexistent/timeline.csv' }))).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
