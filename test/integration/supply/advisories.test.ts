import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError, LockPackage, Lockfile, SupplyEcosystem } from '../../../src-main/contract';
import { auditLockfiles, importAdvisoryFiles, readAdvisoryStatus } from '../../../src-main/services/supply/advisories';
import { auditPackages } from '../../../src-main/services/supply/advisoryAudit';
import { makeTestContext, type TestContext } from '../../support/serviceContext';
import { writeZip } from '../../fixtures/supply/osv/osvZip';

const records = path.resolve(__dirname, '../../fixtures/supply/osv/records');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-osv-'));
let t: TestContext;

function recordFiles(dir = records, prefix = ''): { name: string; data: Buffer }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? recordFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [{ name: `${prefix}${entry.name}`, data: fs.readFileSync(path.join(dir, entry.name)) }],
  );
}

const pkg = (ecosystem: SupplyEcosystem, name: string, version: string, paths: string[][] = [[name]]): LockPackage => ({ ecosystem, name, version, direct: paths.length === 1 && paths[0]!.length === 1, paths, resolved: null, integrity: null, installScript: null, dev: null });

const lockfile: Lockfile = {
  file: path.join(work, 'package-lock.json'),
  kind: 'package-lock',
  packages: [
    pkg('npm', 'express', '4.18.2'),
    pkg('npm', 'left-pad', '1.3.0'),
    pkg('npm', 'lodash', '4.17.11', [['async', 'lodash'], ['webpack', 'terser', 'lodash']]),
    pkg('npm', 'lodash', '4.17.21', [['lodash']]),
    pkg('npm', 'minimist', '1.2.5', [['mkdirp', 'minimist']]),
    pkg('npm', 'odd', 'github:someone/odd#abc123'),
  ],
};
const others: Lockfile[] = [
  { file: path.join(work, 'Cargo.lock'), kind: 'cargo', packages: [pkg('crates.io', 'time', '0.2.22', [['chrono', 'time']]), pkg('crates.io', 'time', '0.3.36')] },
  { file: path.join(work, 'requirements.txt'), kind: 'requirements', packages: [pkg('PyPI', 'Requests', '2.30.0', []), pkg('PyPI', 'urllib3', '2.0.7', [])] },
  { file: path.join(work, 'go.sum'), kind: 'go-sum', packages: [pkg('Go', 'golang.org/x/sys', 'v0.0.0-20220405052023-b1e9470b6e64', []), pkg('Go', 'golang.org/x/text', 'v0.14.0', [])] },
];

beforeAll(() => {
  t = makeTestContext();
});
afterAll(() => {
  t.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the offline advisory database', () => {
  it('refuses an audit before any import, saying what to run', async () => {
    await expect(auditLockfiles(t.ctx, [lockfile])).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('firebreak advisories import') });
  });

  it('imports a folder, walking sub-folders, keeping withdrawn records apart', async () => {
    const progress: number[] = [];
    const result = await importAdvisoryFiles(t.ctx, records, (p) => progress.push(p.entries));
    expect(result).toMatchObject({ source: records, imported: 8, withdrawn: 1, unchanged: 0, rejectedCount: 0, rejected: [] });
    expect(result.byEcosystem).toEqual({ npm: 5, 'crates.io': 1, PyPI: 2, Go: 1, Debian: 1 });
    expect(progress.at(-1)).toBe(9);
    const status = readAdvisoryStatus(t.ctx);
    expect(status).toMatchObject({ advisories: 9, withdrawn: 1, newestModified: '2024-05-20T16:03:47Z', lastImport: { source: records, imported: 8, at: '2026-11-23T14:15:02.000Z' } });
    expect(status.byEcosystem).toMatchObject({ Debian: 1, Go: 1, 'crates.io': 1 });
  });

  it('counts records already held as unchanged, from the zip as from the folder', async () => {
    const zip = path.join(work, 'all.zip');
    writeZip(zip, recordFiles());
    const result = await importAdvisoryFiles(t.ctx, zip);
    expect(result).toMatchObject({ imported: 0, withdrawn: 0, unchanged: 9, rejectedCount: 0 });
  });

  it('replaces a record only with a newer copy', async () => {
    const dir = path.join(work, 'newer');
    fs.mkdirSync(dir);
    const lodash = JSON.parse(fs.readFileSync(path.join(records, 'GHSA-p6mc-m468-83gw.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'older.json'), JSON.stringify({ ...lodash, modified: '2020-01-01T00:00:00Z', summary: 'older copy' }));
    expect(await importAdvisoryFiles(t.ctx, dir)).toMatchObject({ imported: 0, unchanged: 1 });
    fs.writeFileSync(path.join(dir, 'older.json'), JSON.stringify({ ...lodash, modified: '2025-01-01T00:00:00Z', affected: [{ ...lodash.affected[0], ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '3.7.0' }, { fixed: '4.17.20' }] }] }] }));
    expect(await importAdvisoryFiles(t.ctx, dir)).toMatchObject({ imported: 1, unchanged: 0 });
    expect(readAdvisoryStatus(t.ctx)).toMatchObject({ advisories: 9, newestModified: '2025-01-01T00:00:00Z' });
  });

  it('audits lockfiles: findings most severe first, with the lowest fix and how each is pulled in', async () => {
    const { result, unorderable } = await auditPackages(t.ctx, [lockfile, ...others]);
    const rows = result.findings.map((f) => `${f.severity} ${f.ecosystem} ${f.package}@${f.version} ${f.advisory} fixed=${f.fixed}`);
    expect(rows).toEqual([
      'critical npm lodash@4.17.11 GHSA-jf85-cpcp-j695 fixed=4.17.12',
      'high npm lodash@4.17.11 GHSA-p6mc-m468-83gw fixed=4.17.20',
      'medium crates.io time@0.2.22 RUSTSEC-2020-0071 fixed=0.2.23',
      'medium npm minimist@1.2.5 GHSA-xvch-5gv4-984h fixed=null',
      'unknown Go golang.org/x/sys@v0.0.0-20220405052023-b1e9470b6e64 GO-2022-0493 fixed=0.0.0-20220412211240-33da011f77ad',
      'unknown PyPI Requests@2.30.0 PYSEC-2023-74 fixed=2.31.0',
    ]);
    const lodash = result.findings[0]!;
    expect(lodash).toMatchObject({ aliases: ['CVE-2019-10744'], summary: 'Prototype Pollution in lodash', paths: [['async', 'lodash'], ['webpack', 'terser', 'lodash']], files: [lockfile.file] });
    expect(result.findings.find((f) => f.advisory === 'PYSEC-2023-74')!.aliases).toEqual(['CVE-2023-32681', 'GHSA-j8r2-6x86-q33q']);
    expect(result.packages).toBe(12);
    expect(result.database).toEqual({ source: 'imported', advisories: 9, importedAt: '2026-11-23T14:15:02.000Z', path: null });
    expect(result.lockfiles.map((l) => l.packages)).toEqual([6, 2, 2, 2]);
    expect(unorderable).toEqual([{ ecosystem: 'npm', name: 'odd', version: 'github:someone/odd#abc123' }]);
  });

  it('merges one package version held by two lockfiles into one finding naming both', async () => {
    const second: Lockfile = { file: path.join(work, 'app2', 'package-lock.json'), kind: 'package-lock', packages: [pkg('npm', 'lodash', '4.17.11')] };
    const result = await auditLockfiles(t.ctx, [lockfile, second]);
    const critical = result.findings.filter((f) => f.advisory === 'GHSA-jf85-cpcp-j695');
    expect(critical).toHaveLength(1);
    expect(critical[0]!.files).toEqual([second.file, lockfile.file].sort());
    expect(critical[0]!.paths[0]).toEqual(['lodash']);
  });

  it('counts a version kept from two places (a second index, a nested copy) once in its lockfile', async () => {
    const mirrored: Lockfile = {
      file: path.join(work, 'py', 'requirements.txt'),
      kind: 'requirements',
      packages: [
        { ...pkg('PyPI', 'requests', '2.30.0'), resolved: 'https://pypi.org/simple' },
        { ...pkg('PyPI', 'requests', '2.30.0'), resolved: 'https://mirror.example/simple' },
      ],
    };
    const result = await auditLockfiles(t.ctx, [mirrored]);
    expect(result.lockfiles.map((l) => l.packages)).toEqual([1]);
    expect(result.packages).toBe(1);
  });

  it('audits against a folder or zip read directly, without importing it', async () => {
    const fresh = makeTestContext();
    try {
      const zip = path.join(work, 'direct.zip');
      writeZip(zip, recordFiles());
      for (const db of [zip, records]) {
        const result = await auditLockfiles(fresh.ctx, [lockfile, ...others], db);
        expect(result.database).toEqual({ source: 'direct', advisories: 9, importedAt: null, path: db });
        expect(result.findings.map((f) => `${f.advisory} ${f.package}@${f.version} ${f.fixed}`)).toEqual([
          'GHSA-jf85-cpcp-j695 lodash@4.17.11 4.17.12',
          'GHSA-p6mc-m468-83gw lodash@4.17.11 4.17.19',
          'RUSTSEC-2020-0071 time@0.2.22 0.2.23',
          'GHSA-xvch-5gv4-984h minimist@1.2.5 null',
          'GO-2022-0493 golang.org/x/sys@v0.0.0-20220405052023-b1e9470b6e64 0.0.0-20220412211240-33da011f77ad',
          'PYSEC-2023-74 Requests@2.30.0 2.31.0',
        ]);
      }
      expect(readAdvisoryStatus(fresh.ctx)).toMatchObject({ advisories: 0, lastImport: null });
    } finally {
      fresh.close();
    }
  });
});

describe('malformed advisory sources', () => {
  it('rejects a truncated file with the reason and imports the rest', async () => {
    const dir = path.join(work, 'truncated');
    fs.mkdirSync(dir);
    const text = fs.readFileSync(path.join(records, 'GHSA-jf85-cpcp-j695.json'), 'utf8');
    fs.writeFileSync(path.join(dir, 'GHSA-cut.json'), text.slice(0, 200));
    fs.writeFileSync(path.join(dir, 'not-osv.json'), JSON.stringify({ id: 'X-1' }));
    fs.writeFileSync(path.join(dir, 'README.md'), '# not a record');
    fs.copyFileSync(path.join(records, 'PYSEC-2023-74.json'), path.join(dir, 'PYSEC-2023-74.json'));
    const result = await importAdvisoryFiles(t.ctx, dir);
    expect(result.rejected).toEqual([
      { entry: 'GHSA-cut.json', reason: expect.stringMatching(/^not JSON: /) },
      { entry: 'not-osv.json', reason: 'not OSV: modified: Invalid input: expected string, received undefined' },
    ]);
    expect(result).toMatchObject({ rejectedCount: 2, unchanged: 1 });
  });

  it('refuses a file that is not a zip, and a path that does not exist, clearly', async () => {
    const fake = path.join(work, 'all.zip.txt');
    fs.writeFileSync(fake, 'this is not a zip file at all, only text');
    await expect(importAdvisoryFiles(t.ctx, fake)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining(`${fake}: not an OSV folder or zip file`) });
    await expect(importAdvisoryFiles(t.ctx, path.join(work, 'missing'))).rejects.toMatchObject({ code: 'not-found', message: `${path.join(work, 'missing')}: no such folder or zip file` });
  });

  it('rejects a huge zip entry and a zip bomb whose header lies, without inflating them whole', async () => {
    const zip = path.join(work, 'bomb.zip');
    const huge = Buffer.alloc(17 * 1024 * 1024, 0x20);
    writeZip(zip, [
      { name: 'huge.json', data: huge },
      { name: 'liar.json', data: huge, declaredSize: 120 },
      { name: 'short-liar.json', data: Buffer.alloc(1_000, 0x20), declaredSize: 120 },
      { name: 'GO-2022-0493.json', data: fs.readFileSync(path.join(records, 'GO-2022-0493.json')) },
    ]);
    expect(fs.statSync(zip).size).toBeLessThan(200_000);
    const result = await importAdvisoryFiles(t.ctx, zip);
    expect(result.rejected).toEqual([
      { entry: 'huge.json', reason: `${huge.length} bytes, over the 16777216-byte limit for one record` },
      { entry: 'liar.json', reason: 'not readable: inflates past the 16777216-byte limit for one record' },
      { entry: 'short-liar.json', reason: 'not readable: holds 1000 bytes where its header says 120' },
    ]);
    expect(result.unchanged).toBe(1);
  });

  it('walks a folder with a symbolic link loop without following it', async () => {
    const dir = path.join(work, 'loop');
    fs.mkdirSync(path.join(dir, 'a'), { recursive: true });
    fs.symlinkSync(dir, path.join(dir, 'a', 'back'));
    fs.symlinkSync(path.join(records, 'GO-2022-0493.json'), path.join(dir, 'linked.json'));
    fs.copyFileSync(path.join(records, 'DSA-5000-1.json'), path.join(dir, 'a', 'DSA-5000-1.json'));
    const result = await importAdvisoryFiles(t.ctx, dir);
    expect(result).toMatchObject({ unchanged: 1, rejected: [{ entry: 'linked.json', reason: 'symbolic link, not followed' }] });
  });

  it('writes in batches: cancelled after the first, the batch written stays and a second run finishes', async () => {
    const fresh = makeTestContext();
    try {
      const dir = path.join(work, 'many');
      fs.mkdirSync(dir);
      for (let i = 0; i < 1_500; i += 1) {
        const id = `GHSA-bulk-${String(i).padStart(4, '0')}`;
        fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify({ id, modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: `bulk-${i}` }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }] }] }));
      }
      const controller = new AbortController();
      const seen: number[] = [];
      const error = (await importAdvisoryFiles(fresh.ctx, dir, (p) => {
        seen.push(p.imported);
        controller.abort();
      }, controller.signal).catch((e: unknown) => e)) as AppError;
      expect(error).toMatchObject({ code: 'cancelled', message: expect.stringContaining('1000 records kept') });
      expect(seen).toEqual([1_000]);
      expect(readAdvisoryStatus(fresh.ctx)).toMatchObject({ advisories: 1_000, lastImport: null });
      expect(await importAdvisoryFiles(fresh.ctx, dir)).toMatchObject({ imported: 500, unchanged: 1_000 });
    } finally {
      fresh.close();
    }
  });

  it('stops when cancelled, with the cancelled code', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = (await importAdvisoryFiles(t.ctx, records, undefined, controller.signal).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('cancelled');
  });
});

describe('records dated in the future', () => {
  it('refuses a record modified more than a day after the clock, naming why, and takes it once the day has come', async () => {
    const fresh = makeTestContext('2026-11-23T14:15:02.000Z');
    try {
      const dir = path.join(work, 'future');
      fs.mkdirSync(dir);
      const minimist = JSON.parse(fs.readFileSync(path.join(records, 'GHSA-xvch-5gv4-984h.json'), 'utf8'));
      fs.writeFileSync(path.join(dir, 'ahead.json'), JSON.stringify({ ...minimist, modified: '2026-11-25T14:15:02Z' }));
      fs.writeFileSync(path.join(dir, 'skewed.json'), JSON.stringify({ ...minimist, id: 'GHSA-skew-skew-skew', modified: '2026-11-24T12:00:00Z' }));
      const result = await importAdvisoryFiles(fresh.ctx, dir);
      expect(result).toMatchObject({ imported: 1, rejectedCount: 1 });
      expect(result.rejected).toEqual([{ entry: 'ahead.json', reason: expect.stringMatching(/^modified 2026-11-25T14:15:02Z is more than a day after this machine's clock \(2026-11-23T14:15:02.000Z\): refused/) }]);
      // Read directly, the same record is left out as well rather than trusted.
      const direct = await auditLockfiles(fresh.ctx, [lockfile], dir);
      expect(direct.findings.map((f) => f.advisory)).toEqual(['GHSA-skew-skew-skew']);
      fresh.advance(2 * 24 * 60 * 60 * 1000);
      expect(await importAdvisoryFiles(fresh.ctx, dir)).toMatchObject({ imported: 1, unchanged: 1, rejectedCount: 0 });
    } finally {
      fresh.close();
    }
  });
});
