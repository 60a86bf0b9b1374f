import { describe, expect, it } from 'vitest';
import type { DepsAuditResult, DepsFinding, LockDiff, WithCheck } from '../../../src-main/contract';
import { formatDepsAudit, formatIntegrityReport, formatLockDiff } from '../../../src-main/cli/supplyFormat';
import { summarizeSupplyCheck } from '../../../src-main/services/supply/supplyChecksSummary';

const finding = (fields: Partial<DepsFinding>): DepsFinding => ({
  ecosystem: 'npm',
  package: 'lodash',
  version: '4.17.20',
  advisory: 'GHSA-35jh-r3h4-6jhm',
  aliases: ['CVE-2021-23337', 'GHSA-35jh-r3h4-6jhm'],
  severity: 'high',
  summary: 'Command injection in lodash',
  fixed: '4.17.21',
  paths: [['lodash']],
  files: ['/srv/app/package-lock.json'],
  ...fields,
});

const audit = (findings: DepsFinding[]): DepsAuditResult & WithCheck => ({
  findings,
  lockfiles: [{ file: '/srv/app/package-lock.json', kind: 'package-lock', packages: 412 }],
  database: { source: 'imported', advisories: 50_000, importedAt: '2026-11-20T09:30:00.000Z', path: null },
  packages: 412,
  durationMs: 240,
  checkId: 'SC-1a2b3c4d',
});

describe('the dependency audit as text', () => {
  it('groups findings by severity, most severe first, each row with the version that fixes it and the chain that pulls it in', () => {
    const text = formatDepsAudit(
      audit([
        finding({ package: 'minimist', version: '1.2.5', advisory: 'GHSA-xvch-5gv4-984h', aliases: ['CVE-2021-44906'], severity: 'critical', fixed: '1.2.6', paths: [['mkdirp', 'minimist']] }),
        finding({}),
        finding({ package: 'event-stream', version: '3.3.6', advisory: 'GHSA-mh6f-8j2x-4483', aliases: [], severity: 'critical', fixed: null, summary: 'Critical severity vulnerability that affects event-stream and flatmap-stream', paths: [['nodemon', 'ps-tree', 'event-stream'], ['gulp', 'event-stream']] }),
      ]),
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('3 ADVISORIES IN 3 PACKAGES');
    expect(text.indexOf('CRITICAL (2)')).toBeLessThan(text.indexOf('HIGH (1)'));
    expect(lines.find((line) => line.startsWith('npm minimist'))).toMatch(/^npm minimist\s+1\.2\.5\s+1\.2\.6\s+GHSA-xvch-5gv4-984h\s+CVE-2021-44906\s+mkdirp > minimist\s+Command injection/);
    expect(lines.find((line) => line.startsWith('npm event-stream'))).toMatch(/^npm event-stream\s+3\.3\.6\s+no fix\s+GHSA-mh6f-8j2x-4483\s+-\s+nodemon > ps-tree > event-stream \(\+1\)/);
    expect(lines.find((line) => line.startsWith('npm lodash'))).toMatch(/4\.17\.21\s+GHSA-35jh-r3h4-6jhm\s+CVE-2021-23337\s+direct\s+Command injection/);
    expect(text).toContain('Audited 412 packages in 1 lockfile against 50,000 advisories of the imported database (last import 2026-11-20 09:30 UTC)');
    expect(text).toContain('kept as SC-1a2b3c4d on the incident');
  });

  it('says plainly when no advisory applies', () => {
    expect(formatDepsAudit(audit([])).split('\n')[0]).toBe('No known advisories affect these packages.');
  });

  it('prints at most 200 rows and points to --json for the rest', () => {
    const many = Array.from({ length: 250 }, (_, index) => finding({ package: `pkg-${String(index).padStart(3, '0')}` }));
    const text = formatDepsAudit(audit(many));
    expect(text.split('\n').filter((line) => line.startsWith('npm pkg-'))).toHaveLength(200);
    expect(text).toContain('50 more: use --json');
  });

  it('shows control and bidi characters of a hostile package name instead of letting the terminal act on them', () => {
    const text = formatDepsAudit(audit([finding({ package: 'lod\u001b]0;owned\u0007ash\u202Etxt.exe', paths: [['a\u2066b', 'c']] })]));
    const acted = [...text].filter((char) => char !== '\n' && (char.codePointAt(0)! < 0x20 || char === '\u007F' || char === '\u202E' || char === '\u2066'));
    expect(acted).toEqual([]);
    expect(text).toContain('lod\\x1b]0;owned\\x07ash⟨RLO⟩txt.exe');
    expect(text).toContain('a⟨LRI⟩b > c');
  });
});

describe('the lockfile diff as text', () => {
  const diff: LockDiff & WithCheck = {
    baseline: { file: '/srv/known-good/package-lock.json', kind: 'package-lock', packages: 4 },
    current: { file: '/srv/app/package-lock.json', kind: 'package-lock', packages: 5 },
    changes: [
      { kind: 'added', ecosystem: 'npm', name: 'lodahs', from: null, to: '1.0.0' },
      { kind: 'changed', ecosystem: 'npm', name: 'lodash', from: '4.17.21', to: '4.17.20' },
      { kind: 'removed', ecosystem: 'npm', name: 'qs', from: '6.11.0', to: null },
    ],
    suspicions: [
      { kind: 'typosquat', ecosystem: 'npm', name: 'lodahs', version: '1.0.0', reason: "one edit from 'lodash' (well-known)" },
      { kind: 'resolved-host-changed', ecosystem: 'npm', name: 'left-pad', version: '1.3.0', reason: 'resolved from registry.npmjs.org before, now from npm.evil.example' },
    ],
    checkId: null,
  };

  it('puts what needs a look first, with reasons, then every change marked + - ~', () => {
    const text = formatLockDiff(diff);
    expect(text.split('\n')[0]).toBe('2 SUSPICIONS: LOOK AT THESE FIRST');
    expect(text).toMatch(/^typosquat\s+npm lodahs\s+1\.0\.0\s+one edit from 'lodash' \(well-known\)$/m);
    expect(text).toMatch(/^resolved-host-changed\s+npm left-pad\s+1\.3\.0\s+resolved from registry\.npmjs\.org before, now from npm\.evil\.example$/m);
    expect(text).toContain('3 CHANGES (1 added, 1 removed, 1 changed)\n+ npm lodahs 1.0.0\n~ npm lodash 4.17.21 → 4.17.20\n- npm qs 6.11.0');
    expect(text).not.toContain('kept as');
  });

  it('marks a version that went down, in the suspicions and on its change line', () => {
    const downgrade = { kind: 'version-downgraded' as const, ecosystem: 'npm' as const, name: 'lodash', version: '4.17.20', reason: 'was 4.17.21 in the baseline: the version went down' };
    const text = formatLockDiff({ ...diff, suspicions: [...diff.suspicions, downgrade] });
    expect(text).toMatch(/^version-downgraded\s+npm lodash\s+4\.17\.20\s+was 4\.17\.21 in the baseline/m);
    expect(text).toContain('~ npm lodash 4.17.21 → 4.17.20  (version went down)\n');
    // Only the package version the suspicion names: an upgrade of the same name elsewhere is not marked.
    const other = formatLockDiff({ ...diff, suspicions: [{ ...downgrade, version: '4.17.19' }] });
    expect(other).toContain('~ npm lodash 4.17.21 → 4.17.20\n');
  });

  it('is summed up in one line for the timeline', () => {
    expect(summarizeSupplyCheck({ kind: 'lockdiff', result: diff })).toBe('2 suspicions (resolved-host-changed, typosquat) in 3 changes of 5 packages');
    expect(summarizeSupplyCheck({ kind: 'lockdiff', result: { ...diff, suspicions: [] } })).toBe('3 changes of 5 packages, nothing suspicious');
  });
});

describe('summaries of the other checks', () => {
  it('count advisories by severity, files by change, and components by kind', () => {
    expect(summarizeSupplyCheck({ kind: 'deps', result: audit([finding({ severity: 'critical', package: 'a' }), finding({ package: 'a', advisory: 'GHSA-2' }), finding({ package: 'b', severity: 'unknown' })]) })).toBe('3 advisories in 2 packages of 412 (1 critical, 1 high, 1 unknown)');
    expect(summarizeSupplyCheck({ kind: 'integrity', result: { root: '/srv/dist', baselineCreatedAt: '2026-11-20T09:30:00.000Z', changed: [{ path: 'a.js', before: 'aa', after: 'bb' }], added: [], removed: [{ path: 'b.js', sha256: 'cc' }], unchanged: 10, skipped: [{ path: 'c', reason: 'permission denied' }] } })).toBe(
      '1 changed, 0 added, 1 removed of 12 files in the baseline; 1 unreadable',
    );
    expect(summarizeSupplyCheck({ kind: 'sbom-diff', result: { changes: [{ kind: 'added', name: 'pkg:npm/lodahs', from: null, to: '1.0.0' }], hashMismatches: [] } })).toBe('1 added, 0 removed, 0 changed component(s); 0 hashes differ for the same version');
    expect(summarizeSupplyCheck({ kind: 'sbom-diff', result: { changes: [], hashMismatches: [] } })).toBe('the SBOMs list the same components with the same hashes');
  });

  it('prints a retargeted or added link with its target and a mode change with both modes', () => {
    const text = formatIntegrityReport({
      root: '/srv/app',
      baselineCreatedAt: '2026-11-01T00:00:00Z',
      changed: [
        { path: 'node_modules/.bin/tsc', before: '../typescript/bin/tsc', after: '/tmp/payload', what: 'link-target' },
        { path: 'bin/app', before: '0755', after: '4755', what: 'mode' },
      ],
      added: [{ path: 'node_modules/.bin/postinstall', sha256: '', linkTarget: '/tmp/payload' }],
      removed: [{ path: 'bin/old', sha256: '', linkTarget: 'app' }],
      unchanged: 3,
      skipped: [],
      checkId: null,
    });
    expect(text).toContain('~ node_modules/.bin/tsc  link target ../typescript/bin/tsc → /tmp/payload');
    expect(text).toContain('~ bin/app  mode 0755 → 4755');
    expect(text).toContain('+ node_modules/.bin/postinstall  link → /tmp/payload');
    expect(text).toContain('- bin/old  was link → app');
    expect(text).not.toContain('sha256 …');
  });
});
