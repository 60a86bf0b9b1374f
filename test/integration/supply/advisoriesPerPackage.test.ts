import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LockPackage, SupplyEcosystem } from '../../../src-main/contract';
import { auditLockfiles, importAdvisoryFiles } from '../../../src-main/services/supply/advisories';
import { advisoriesForPackages } from '../../../src-main/store/advisoryRepo';
import { makeTestContext, type TestContext } from '../../support/serviceContext';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-osv-own-'));
let t: TestContext;

const pkg = (ecosystem: SupplyEcosystem, name: string, version: string): LockPackage => ({ ecosystem, name, version, direct: true, paths: [[name]], resolved: null, integrity: null, installScript: null, dev: null });
const range = (introduced: string, fixed: string) => ({ type: 'ECOSYSTEM', events: [{ introduced }, { fixed }] });

// One record naming two packages in two ecosystems, each with its own ranges.
const shared = {
  id: 'GHSA-own1-own1-own1',
  modified: '2026-01-02T00:00:00Z',
  aliases: ['CVE-2026-0001'],
  summary: 'Shared flaw',
  database_specific: { severity: 'HIGH' },
  affected: [
    { package: { ecosystem: 'npm', name: 'shared-lib' }, ranges: [range('1.0.0', '1.2.0')] },
    { package: { ecosystem: 'PyPI', name: 'Shared_Lib' }, ranges: [range('2.0', '2.5')] },
    { package: { ecosystem: 'npm', name: 'shared-lib' }, ranges: [range('3.0.0', '3.0.4')] },
  ],
};

beforeAll(async () => {
  t = makeTestContext();
  fs.writeFileSync(path.join(work, 'shared.json'), JSON.stringify(shared));
  fs.writeFileSync(path.join(work, 'other.json'), JSON.stringify({ id: 'GHSA-othr-othr-othr', modified: '2026-01-02T00:00:00Z', summary: 'Other', affected: [{ package: { ecosystem: 'npm', name: 'other' }, versions: ['0.1.0'] }] }));
  await importAdvisoryFiles(t.ctx, work);
});
afterAll(() => {
  t.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('advisories indexed per package', () => {
  it('keeps under each package only the affected entries naming it, all of them', () => {
    const found = advisoriesForPackages(t.ctx.db, [{ ecosystem: 'npm', key: 'shared-lib' }, { ecosystem: 'PyPI', key: 'shared-lib' }, { ecosystem: 'npm', key: 'missing' }]);
    expect([...found.keys()].sort()).toEqual(['PyPI\0shared-lib', 'npm\0shared-lib']);
    const npm = found.get('npm\0shared-lib')!;
    expect(npm.map((a) => [a.id, a.affected.map((e) => `${e.ecosystem}:${e.name}`)])).toEqual([['GHSA-own1-own1-own1', ['npm:shared-lib', 'npm:shared-lib']]]);
    expect(found.get('PyPI\0shared-lib')![0]!.affected.map((e) => e.name)).toEqual(['Shared_Lib']);
    expect(npm[0]).toMatchObject({ summary: 'Shared flaw', severity: 'high', aliases: ['CVE-2026-0001'] });
  });

  it('audits each package by its own ranges: fixes of another ecosystem never leak in', async () => {
    const result = await auditLockfiles(t.ctx, [
      { file: path.join(work, 'package-lock.json'), kind: 'package-lock', packages: [pkg('npm', 'shared-lib', '1.1.0'), pkg('npm', 'shared-lib', '2.2.0'), pkg('npm', 'shared-lib', '3.0.1'), pkg('npm', 'other', '0.1.0')] },
      { file: path.join(work, 'requirements.txt'), kind: 'requirements', packages: [pkg('PyPI', 'shared.lib', '2.2'), pkg('PyPI', 'shared.lib', '1.0')] },
    ]);
    expect(result.findings.map((f) => `${f.ecosystem} ${f.package}@${f.version} ${f.advisory} fixed=${f.fixed}`)).toEqual([
      'PyPI shared.lib@2.2 GHSA-own1-own1-own1 fixed=2.5',
      'npm shared-lib@1.1.0 GHSA-own1-own1-own1 fixed=1.2.0',
      'npm shared-lib@3.0.1 GHSA-own1-own1-own1 fixed=3.0.4',
      'npm other@0.1.0 GHSA-othr-othr-othr fixed=null',
    ]);
  });
});
