import { describe, expect, it } from 'vitest';
import { mergeAliasedHits, type AdvisoryHit } from '../../../../../src-main/domain/supply/osv/osvAliases';
import { pep440Order } from '../../../../../src-main/domain/supply/osv/versionOrder';

const hit = (id: string, aliases: string[], extra: Partial<AdvisoryHit> = {}): AdvisoryHit => ({ id, aliases, severity: 'unknown', summary: '', fixed: null, ...extra });

describe('one vulnerability under several OSV ids', () => {
  it('reports the PYSEC and GHSA copies once, under the GHSA id, with their CVE and GHSA aliases merged', () => {
    const merged = mergeAliasedHits(
      [
        hit('PYSEC-2021-1', ['CVE-2021-1111', 'GHSA-aaaa-bbbb-cccc'], { summary: 'from PyPA', fixed: '3.2.1' }),
        hit('GHSA-aaaa-bbbb-cccc', ['CVE-2021-1111', 'CVE-2021-2222'], { severity: 'high', summary: 'from GitHub', fixed: '3.2.1' }),
      ],
      pep440Order,
    );
    expect(merged).toEqual([{ id: 'GHSA-aaaa-bbbb-cccc', aliases: ['CVE-2021-1111', 'CVE-2021-2222'], severity: 'high', summary: 'from GitHub', fixed: '3.2.1' }]);
  });

  it('links records named from one side only, and through a chain of aliases', () => {
    const merged = mergeAliasedHits([hit('PYSEC-1', []), hit('GO-1', ['CVE-9']), hit('GHSA-x', ['PYSEC-1', 'CVE-9'])], pep440Order);
    expect(merged.map((item) => [item.id, item.aliases])).toEqual([['GHSA-x', ['CVE-9']]]);
  });

  it('keeps unrelated advisories apart and picks the id the same way whatever the order', () => {
    const hits = [hit('PYSEC-2', ['CVE-2']), hit('GHSA-b', ['CVE-2']), hit('PYSEC-3', []), hit('CVE-7', ['PYSEC-7']), hit('PYSEC-7', ['CVE-7'])];
    const ids = (list: AdvisoryHit[]) => mergeAliasedHits(list, pep440Order).map((item) => item.id).sort();
    expect(ids(hits)).toEqual(['CVE-7', 'GHSA-b', 'PYSEC-3']);
    expect(ids([...hits].reverse())).toEqual(['CVE-7', 'GHSA-b', 'PYSEC-3']);
  });

  it('fills a missing severity and summary from the other copies and names the fix that clears them all', () => {
    const merged = mergeAliasedHits([hit('GHSA-x', ['PYSEC-1'], { fixed: '2.0' }), hit('PYSEC-1', [], { severity: 'medium', summary: 'bad', fixed: '2.0.post1' }), hit('PYSEC-2', ['GHSA-x'], { severity: 'critical' })], pep440Order);
    expect(merged).toEqual([{ id: 'GHSA-x', aliases: [], severity: 'critical', summary: 'bad', fixed: '2.0.post1' }]);
  });
});
