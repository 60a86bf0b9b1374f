import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, TimelineImport } from '../../../../src-main/contract';
import { listEventsOfTypes } from '../../../../src-main/store/eventLog';
import { fillTemplate, seededRandom } from '../../../support/secretCorpus';
import { callOk, makeTestContext, type TestContext } from '../../../support/serviceContext';
import { callLongEnvelope, writeTemp } from './timelineSeed';

let t: TestContext;
let id: string;

const random = seededRandom(2222);
// In the providers' documented formats, generated so this file holds none.
const github = fillTemplate('ghp_{alnum:36}', random);
const aws = fillTemplate('AKIA{b32:16}', random);

const importFile = async (name: string, content: string) => {
  const result = await callLongEnvelope<TimelineImport>(t, 'timeline.import', { incidentId: id, path: writeTemp(t, name, content) });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};
/** Every event payload of the incident, as stored. */
const stored = () => JSON.stringify(listEventsOfTypes(t.ctx.db, id, ['timeline.entry']));
const json = (entries: unknown[]) => JSON.stringify({ entries });

beforeEach(() => {
  t = makeTestContext('2026-12-01T12:00:00.000Z');
  id = callOk<Incident>(t, 'incident.declare', { title: 'Checked import', severity: 'P2' }).id;
});
afterEach(() => t.close());

describe('timeline.import refuses secrets in links', () => {
  it('rejects a CSV row whose indicator or asset holds a credential, naming the rule and not the value', async () => {
    const result = await importFile('secrets.csv', `occurred_at,text,indicators,assets\n2026-12-01T10:00:00Z,row,text:${github},\n2026-12-01T10:00:00Z,row,,host:${aws}\n2026-12-01T10:00:00Z,fine,,host:web-01\n`);
    expect(result.imported).toBe(0);
    expect(result.rejected).toEqual([
      { line: 2, reason: expect.stringMatching(/^indicators: a text value looks like a GitHub personal access token/) },
      { line: 3, reason: expect.stringMatching(/^assets: a host name looks like an AWS access key ID: a credential does not belong on the timeline/) },
    ]);
    expect(JSON.stringify(result)).not.toContain(github);
    expect(JSON.stringify(result)).not.toContain(aws);
    expect(stored()).toBe('[]');
  });

  it('rejects a JSON entry whose links, category or actor hold a credential', async () => {
    const entry = (extra: Record<string, unknown>) => ({ occurredAt: '2026-12-01T10:00:00.000Z', summary: 'x', ...extra });
    const result = await importFile(
      'secrets.json',
      json([entry({ links: { indicators: [`text:${github}`] } }), entry({ links: { assets: [`account:${aws}`] } }), entry({ links: { tags: [aws] } }), entry({ category: github }), entry({ actor: aws })]),
    );
    expect(result.imported).toBe(0);
    expect(result.rejected.map((row) => row.reason.split(' looks like')[0])).toEqual(['links.indicators: a text value', 'links.assets: an account name', 'links.tags: a tag', 'category', 'actor']);
    expect(stored()).toBe('[]');
  });
});

describe('timeline.import of CSV headers', () => {
  it('refuses a header naming a column twice', async () => {
    const result = await callLongEnvelope<TimelineImport>(t, 'timeline.import', { incidentId: id, path: writeTemp(t, 'twice.csv', 'occurred_at,text,text\n2026-12-01T10:00:00Z,first,second\n') });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/twice\.csv: line 1: the header names the column text twice \(columns 2 and 3\)/) } });
    expect(stored()).toBe('[]');
  });
});

describe('timeline.import of JSON times and fields', () => {
  const reasons = async (entries: unknown[]) => (await importFile('times.json', json(entries))).rejected;

  it('reads times with the same rule as the CSV, whatever the machine zone', async () => {
    expect(
      await reasons([
        { occurredAt: '2026-12-01T10:00:00', summary: 'no offset' },
        { occurredAt: '2026-02-30T10:00:00Z', summary: 'no such day' },
        { occurredAt: '2026-12-01', summary: 'date only' },
        { occurredAt: 'Tue, 01 Dec 2026 10:00:00 GMT', summary: 'RFC 2822' },
        { occurredAt: '0026-11-30T09:15:00+01:00', summary: 'two-digit year' },
      ]),
    ).toEqual([
      { line: 1, entry: 1, reason: 'occurredAt: "2026-12-01T10:00:00" has no offset: add one, like +02:00 or Z, so the moment is not a guess' },
      { line: 2, entry: 2, reason: 'occurredAt: 2026-02-30 is not a date: February 2026 has 28 days' },
      { line: 3, entry: 3, reason: 'occurredAt: "2026-12-01" is not an ISO 8601 date-time with its offset, like 2026-11-30T09:15:00+02:00' },
      { line: 4, entry: 4, reason: 'occurredAt: "Tue, 01 Dec 2026 10:00:00 GMT" is not an ISO 8601 date-time with its offset, like 2026-11-30T09:15:00+02:00' },
      { line: 5, entry: 5, reason: 'occurredAt: year 0026 is before 1970: give the full year' },
    ]);
  });

  it('numbers rejections by entry and says a summary that is not a string is not text', async () => {
    expect((await reasons([{ occurredAt: '2026-12-01T10:00:00Z', summary: ['a'] }, { occurredAt: '2026-12-01T10:00:00Z', summary: 7 }])).map((row) => row.reason)).toEqual([
      'summary is a list, not text',
      'summary is a number, not text',
    ]);
  });

  it('keeps the offset an exported entry was given in', async () => {
    expect(await importFile('ok.json', json([{ occurredAt: '2026-12-01T08:00:00.000Z', occurredOffset: '+05:45', summary: 'kept' }]))).toEqual({ imported: 1, rejected: [] });
    expect(stored()).toContain('"occurredAt":"2026-12-01T08:00:00.000Z","offset":"+05:45"');
  });
});
