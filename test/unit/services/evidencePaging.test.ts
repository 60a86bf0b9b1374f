import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvidenceItem, EvidencePage, Incident } from '../../../src-main/contract';
import type { CollectSummary } from '../../../src-main/jobs/evidence/evidenceCollector';
import { dispatch } from '../../../src-main/services/dispatch';
import { registerEvidence } from '../../../src-main/services/evidence/evidenceRegister';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => (t = makeTestContext()));
afterEach(() => t.close());

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);

/** A register of 40 items over two incidents and none, several collected in the same millisecond. */
function seed(): { incidents: string[] } {
  const incidents = [call<Incident>('incident.declare', { title: 'Laptop stolen', severity: 'P2' }).id, call<Incident>('incident.declare', { title: 'Phishing', severity: 'P1' }).id];
  const manifest = path.join(t.dataDir, 'case.manifest.json');
  fs.writeFileSync(manifest, '{"entries":[]}');
  for (let i = 0; i < 40; i += 1) {
    const finishedAt = new Date(Date.parse('2026-11-30T04:00:00.000Z') + Math.floor(i / 3) * 1_000).toISOString();
    const summary = { incidentId: i % 4 === 3 ? null : incidents[i % 2], archiveSha256: '', totals: { files: i, bytes: i, problems: 0 }, finishedAt, collector: 'ana', roots: ['/var/log'], host: 'laptop' };
    registerEvidence(t.ctx, summary as unknown as CollectSummary, `/cases/case-${i}.tar.gz`, manifest);
  }
  return { incidents };
}

function walk(input: Record<string, unknown>, limit: number): { items: EvidenceItem[]; totals: number[] } {
  const items: EvidenceItem[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  do {
    const page: EvidencePage = call<EvidencePage>('evidence.list', { ...input, limit, ...(cursor && { cursor }) });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    totals.push(page.total);
    cursor = page.nextCursor;
  } while (cursor);
  return { items, totals };
}

describe('paging the evidence register', () => {
  it('returns every item once, in the unpaged order (oldest first, ties by id), for an incident and for all', () => {
    const { incidents } = seed();
    for (const input of [{}, { incidentId: incidents[0] }, { incidentId: incidents[1] }]) {
      const whole = call<EvidencePage>('evidence.list', input);
      expect(whole.nextCursor).toBeNull();
      expect(whole.total).toBe(whole.items.length);
      const keys = whole.items.map((item) => `${item.collectedAt} ${item.id}`);
      expect(keys).toEqual([...keys].sort());
      for (const limit of [1, 4, 1000]) {
        const paged = walk(input, limit);
        expect(paged.items, `${JSON.stringify(input)} in pages of ${limit}`).toEqual(whole.items);
        expect(new Set(paged.totals)).toEqual(new Set([whole.total]));
      }
    }
    expect(call<EvidencePage>('evidence.list', {}).total).toBe(40);
    expect(call<EvidencePage>('evidence.list', { incidentId: incidents[0] }).total).toBe(20);
  });

  it('refuses a cursor of another list or one that was edited, naming the field', () => {
    seed();
    const page = call<EvidencePage>('evidence.list', { limit: 3 });
    const incidentCursor = call<{ nextCursor: string }>('incident.list', { scope: 'all', limit: 1 }).nextCursor;
    const edited = Buffer.from(JSON.stringify({ k: 'evidence', a: 'yesterday', i: 'EV-00000000' })).toString('base64url');
    for (const cursor of [incidentCursor, edited, page.nextCursor!.slice(3)]) {
      const result = dispatch(t.ctx, 'evidence.list', { limit: 3, cursor });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ field: 'cursor' }] } });
    }
  });
});
