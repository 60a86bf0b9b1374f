import { describe, expect, it } from 'vitest';
import type { DepsFinding } from '../../../src-main/contract';
import { integrityRows } from '../../../src-renderer/components/supply/IntegrityResult';
import { shortPath } from '../../../src-renderer/components/supply/PastChecks';
import { advisoryStatusText, advisoryText, changeText, driftRows, fixedText, groupBySeverity, pathsText, severityCounts } from '../../../src-renderer/components/supply/supplyText';

function finding(pkg: string, severity: DepsFinding['severity'], fixed: string | null = '4.17.21'): DepsFinding {
  return { ecosystem: 'npm', package: pkg, version: '4.17.15', advisory: `GHSA-${pkg}`, aliases: [`CVE-2020-${pkg.length}`, `GHSA-${pkg}`], severity, summary: `${pkg} is bad`, fixed, paths: [[pkg]], files: ['/srv/app/package-lock.json'] };
}

describe('the supply-chain tab text', () => {
  it('groups findings by severity, most severe first, keeping each group in the server order and leaving empty groups out', () => {
    const groups = groupBySeverity([finding('a', 'low'), finding('b', 'critical'), finding('c', 'unknown'), finding('d', 'critical'), finding('e', 'medium')]);
    expect(groups.map((group) => group.severity)).toEqual(['critical', 'medium', 'low', 'unknown']);
    expect(groups[0]!.findings.map((item) => item.package)).toEqual(['b', 'd']);
    expect(severityCounts(groups)).toBe('2 critical · 1 medium · 1 low · 1 unknown');
    expect(groupBySeverity([])).toEqual([]);
  });

  it('says "no fix yet" when no version fixes it, and names the advisory with its other ids', () => {
    expect(fixedText(null)).toBe('no fix yet');
    expect(fixedText('4.17.21')).toBe('4.17.21');
    // The OSV id is not repeated among its aliases.
    expect(advisoryText(finding('lodash', 'high'))).toBe('GHSA-lodash (CVE-2020-6)');
    expect(advisoryText({ advisory: 'RUSTSEC-2024-0001', aliases: [] })).toBe('RUSTSEC-2024-0001');
  });

  it('writes dependency chains from the direct dependency down, and says when the lockfile has none', () => {
    expect(pathsText([['express', 'body-parser', 'qs'], ['qs']])).toEqual(['express › body-parser › qs', 'qs']);
    expect(pathsText([])).toEqual(['(the lockfile does not record what pulls it in)']);
  });

  it('describes the advisory database, and what to do when it is empty', () => {
    expect(advisoryStatusText({ advisories: 0, withdrawn: 0, byEcosystem: {}, lastImport: null, newestModified: null })).toBe('No advisories imported: import an OSV all.zip or folder.');
    expect(advisoryStatusText({ advisories: 1234, withdrawn: 2, byEcosystem: { npm: 1000, PyPI: 234 }, lastImport: { at: '2026-11-30T10:00:00Z', source: '/media/usb/all.zip', imported: 1234 }, newestModified: '2026-11-29T08:00:00Z' })).toBe(
      '1,234 advisories (npm 1,000, PyPI 234), 2 withdrawn (never matched). Last import 2026-11-30 from /media/usb/all.zip. Newest record 2026-11-29.',
    );
  });

  it('puts suspected packages first in the drift changes, and writes versions as a change', () => {
    const changes = [
      { kind: 'changed' as const, ecosystem: 'npm' as const, name: 'axios', from: '1.6.0', to: '1.6.2' },
      { kind: 'added' as const, ecosystem: 'npm' as const, name: 'lodahs', from: null, to: '1.0.0' },
      { kind: 'removed' as const, ecosystem: 'npm' as const, name: 'left-pad', from: '1.3.0', to: null },
    ];
    const rows = driftRows({ changes, suspicions: [{ kind: 'typosquat', ecosystem: 'npm', name: 'lodahs', version: '1.0.0', reason: 'one edit from lodash' }] });
    expect(rows.changes.map((change) => change.name)).toEqual(['lodahs', 'axios', 'left-pad']);
    expect(changes.map(changeText)).toEqual(['1.6.0 → 1.6.2', 'new 1.0.0', 'was 1.3.0']);
  });

  it('lists changed files before added, removed and unreadable ones', () => {
    const hash = (char: string) => char.repeat(64);
    const rows = integrityRows({ root: '/srv/app', baselineCreatedAt: '2026-11-01T00:00:00Z', changed: [{ path: 'bin/app', before: hash('a'), after: hash('b') }], added: [{ path: 'bin/evil', sha256: hash('c') }], removed: [{ path: 'README', sha256: hash('d') }], unchanged: 10, skipped: [{ path: 'secret', reason: 'permission denied' }] });
    expect(rows.map((row) => `${row.kind} ${row.path}`)).toEqual(['changed bin/app', 'added bin/evil', 'removed README', 'skipped secret']);
    expect(rows[0]!.detail).toBe('aaaaaaaaaaaa… → bbbbbbbbbbbb…');
  });

  it('says where a link points and which mode bits changed, instead of an empty hash', () => {
    const rows = integrityRows({
      root: '/srv/app',
      baselineCreatedAt: '2026-11-01T00:00:00Z',
      changed: [
        { path: 'node_modules/.bin/tsc', before: '../typescript/bin/tsc', after: '/tmp/payload', what: 'link-target' },
        { path: 'bin/app', before: '0755', after: '4755', what: 'mode' },
      ],
      added: [{ path: 'node_modules/.bin/postinstall', sha256: '', linkTarget: '/tmp/payload' }],
      removed: [],
      unchanged: 3,
      skipped: [],
    });
    expect(rows.map((row) => row.detail)).toEqual(['link target ../typescript/bin/tsc → /tmp/payload', 'mode 0755 → 4755', 'link → /tmp/payload']);
  });

  it('names a past check by the folder and file of each input, so a baseline and a current lockfile stay apart', () => {
    expect(['/media/usb/baseline/package-lock.json', '/srv/app/package-lock.json'].map(shortPath)).toEqual(['baseline/package-lock.json', 'app/package-lock.json']);
    expect(shortPath('C:\\work\\dist')).toBe('work/dist');
    expect(shortPath('Cargo.lock')).toBe('Cargo.lock');
  });
});
