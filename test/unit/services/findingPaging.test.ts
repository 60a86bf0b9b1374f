import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FindingGroup, Incident, ScanList } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { recordScan } from '../../../src-main/services/scans/scans';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;
beforeEach(() => {
  t = makeTestContext();
  id = callOk<Incident>(t, 'incident.declare', { title: 'Keys in a repo', severity: 'P1' }).id;
});
afterEach(() => t.close());

const stats = { files: 1, bytes: 10, commits: 0, skipped: { binary: 0, tooLarge: 0, ignored: 0, unreadable: 0 } };
const fp = (n: number) => `${n.toString(16).padStart(4, '0')}${'ab'.repeat(6)}`;
const inFiles = (n: number, line = n) => ({ rule: 'generic-api-key', description: 'API key', file: `conf/${n % 5}.env`, line, column: 3, commit: null, author: null, date: null, redacted: 'sk_…', fingerprint: fp(n), inWorkingTree: null });
const inHistory = (n: number) => ({ ...inFiles(n), commit: `${n.toString(16).padStart(2, '0')}${'c'.repeat(38)}`, author: 'ana', date: '2026-11-20T10:00:00.000Z', inWorkingTree: false });
const record = (findings: unknown[], history: boolean) => recordScan(t.ctx, id, { root: '/srv/app', findings, stats } as never, history, '2026-11-23T14:00:00.000Z');

/** 20 credentials over three scans: history first, then two scans of the files finished in the same millisecond (ties by scan id). */
function seed(): void {
  record([9, 3, 17, 3, 12, 0, 5].map(inHistory), true);
  t.advance(60_000);
  // 12 is in the files and in history: one credential, two kinds of place.
  record([14, 12, 1, 8, 14, 19].map((n, i) => inFiles(n, 100 + i)), false);
  record([2, 6, 11, 16, 4, 7, 10, 13, 15, 18, 8].map((n) => inFiles(n)), false);
}

const list = (input: Record<string, unknown> = {}) => callOk<ScanList>(t, 'scan.list', { incidentId: id, ...input });

function walk(limit: number, between: (page: number) => void = () => {}): { pages: ScanList[]; groups: FindingGroup[] } {
  const pages: ScanList[] = [];
  let cursor: string | null = null;
  do {
    const page: ScanList = list({ limit, ...(cursor && { cursor }) });
    expect(page.groups.length).toBeLessThanOrEqual(limit);
    pages.push(page);
    cursor = page.nextCursor;
    between(pages.length);
  } while (cursor);
  return { pages, groups: pages.flatMap((page) => page.groups) };
}

describe('paging the credentials of scan.list', () => {
  it('walks every credential once in the unpaged order, with the runs holding only the page\'s findings', () => {
    seed();
    const whole = list();
    expect(whole).toMatchObject({ total: 20, nextCursor: null });
    expect(whole.groups).toHaveLength(20);
    const both = whole.groups.filter((group) => group.fingerprint === fp(12));
    expect(both).toHaveLength(1);
    expect(both[0]).toMatchObject({ inWorkingTree: true, inHistory: true });
    for (const limit of [1, 2, 7]) {
      const { pages, groups } = walk(limit);
      expect(groups, `pages of ${limit}`).toEqual(whole.groups);
      expect(pages).toHaveLength(Math.ceil(20 / limit));
      for (const page of pages) {
        expect(page.total).toBe(20);
        const shown = new Set(page.groups.map((group) => group.fingerprint));
        // Every scan is still listed with its stats; its findings are the page's credentials only.
        expect(page.runs.map(({ findings: _findings, ...run }) => run)).toEqual(whole.runs.map(({ findings: _findings, ...run }) => run));
        expect(page.runs.map((run) => run.findings)).toEqual(whole.runs.map((run) => run.findings.filter((finding) => shown.has(finding.fingerprint))));
      }
    }
  });

  it('refuses a malformed, edited or foreign cursor and a limit out of range, naming the field', () => {
    seed();
    const other = callOk<Incident>(t, 'incident.declare', { title: 'Other', severity: 'P3' }).id;
    recordScan(t.ctx, other, { root: '/srv/b', findings: [inFiles(1), inFiles(2)], stats } as never, false, '2026-11-23T14:00:00.000Z');
    const foreign = callOk<ScanList>(t, 'scan.list', { incidentId: other, limit: 1 }).nextCursor!;
    const incidentCursor = callOk<{ nextCursor: string }>(t, 'incident.list', { scope: 'all', limit: 1 }).nextCursor;
    const edited = Buffer.from(JSON.stringify({ k: 'findings', i: id, a: '2026-11-23T14:00:00.000Z', r: 'SC-00000000', f: 'one', s: 9 })).toString('base64url');
    for (const cursor of ['not a cursor!', 'bm90IGpzb24', edited, foreign, incidentCursor, list({ limit: 3 }).nextCursor!.slice(4)]) {
      expect(dispatch(t.ctx, 'scan.list', { incidentId: id, limit: 3, cursor }), cursor).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ field: 'cursor' }] } });
    }
    for (const limit of [0, 1001, 2.5]) expect(dispatch(t.ctx, 'scan.list', { incidentId: id, limit })).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ field: 'limit' }] } });
  });

  it('shows no credential twice and skips none when one is rotated and a rescan finds others between pages', () => {
    seed();
    const before = list().groups.map((group) => group.fingerprint);
    const { groups, pages } = walk(4, (page) => {
      if (page !== 2) return;
      // Between pages 2 and 3: the next unseen credential is sent to rotation, and a newer scan finds
      // one already shown, one not reached yet and a new one: all three would now sort first.
      callOk(t, 'scan.markFingerprint', { incidentId: id, fingerprint: before[8]!, status: 'rotation' });
      t.advance(60_000);
      record([Number.parseInt(before[0]!.slice(0, 4), 16), Number.parseInt(before[15]!.slice(0, 4), 16), 99].map((n) => inFiles(n, 500)), false);
    });
    const seen = groups.map((group) => group.fingerprint);
    expect(seen).toEqual(before);
    expect(groups[8]).toMatchObject({ status: 'rotation', open: 0 });
    // The rescan's places show on the credential reached after it; the new credential is counted, for the next walk.
    expect(groups[15]!.places.map((place) => place.line)).toContain(500);
    expect(pages.at(-1)!.total).toBe(21);
    expect(list().groups.map((group) => group.fingerprint)).toContain(fp(99));
  });
});
