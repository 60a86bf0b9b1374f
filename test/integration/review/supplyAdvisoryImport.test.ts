import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lockfile } from '../../../src-main/contract';
import { auditLockfiles, importAdvisoryFiles } from '../../../src-main/services/supply/advisories';
import { makeTestContext, type TestContext } from '../../support/serviceContext';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-review-osv-'));
let t: TestContext;
beforeAll(() => {
  t = makeTestContext();
});
afterAll(() => {
  t.close();
  fs.rmSync(work, { recursive: true, force: true });
});

function folder(name: string, records: Record<string, unknown>): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, record] of Object.entries(records)) fs.writeFileSync(path.join(dir, file), JSON.stringify(record));
  return dir;
}

const lockfile: Lockfile = {
  file: path.join(work, 'package-lock.json'),
  kind: 'package-lock',
  packages: [{ ecosystem: 'npm', name: 'minimist', version: '1.2.5', direct: true, paths: [['minimist']], resolved: null, integrity: null, installScript: null, dev: null }],
};

describe('advisory imports from a folder someone handed over', () => {
  // A record stamped far in the future wins every later "is this newer?" comparison: the real
  // record of the same id, imported from the next OSV dump, would never replace it.
  it('does not let a record modified in the future freeze its id against the real record', async () => {
    const forged = folder('forged', {
      'GHSA-xvch-5gv4-984h.json': { id: 'GHSA-xvch-5gv4-984h', modified: '9999-12-31T00:00:00Z', summary: 'nothing to see', affected: [{ package: { ecosystem: 'npm', name: 'not-minimist' }, versions: ['0.0.1'] }] },
    });
    const real = folder('real', {
      'GHSA-xvch-5gv4-984h.json': {
        id: 'GHSA-xvch-5gv4-984h',
        modified: '2024-06-01T00:00:00Z',
        summary: 'Prototype Pollution in minimist',
        database_specific: { severity: 'CRITICAL' },
        affected: [{ package: { ecosystem: 'npm', name: 'minimist' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.6' }] }] }],
      },
    });
    await importAdvisoryFiles(t.ctx, forged);
    await importAdvisoryFiles(t.ctx, real);
    const audit = await auditLockfiles(t.ctx, [lockfile]);
    expect(audit.findings.map((finding) => [finding.advisory, finding.fixed])).toEqual([['GHSA-xvch-5gv4-984h', '1.2.6']]);
  });

  // OSV's PyPI and Go data hold each vulnerability twice (PYSEC-/GO- and GHSA-, aliases of each
  // other): an audit should report one vulnerability once, not double every count.
  it('reports a vulnerability held under two aliased ids once', async () => {
    const affected = [{ package: { ecosystem: 'PyPI', name: 'django' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.2.1' }] }] }];
    const dir = folder('aliased', {
      'GHSA-aaaa-bbbb-cccc.json': { id: 'GHSA-aaaa-bbbb-cccc', modified: '2024-01-01T00:00:00Z', aliases: ['CVE-2021-1111', 'PYSEC-2021-1'], affected },
      'PYSEC-2021-1.json': { id: 'PYSEC-2021-1', modified: '2024-01-01T00:00:00Z', aliases: ['CVE-2021-1111', 'GHSA-aaaa-bbbb-cccc'], affected },
    });
    await importAdvisoryFiles(t.ctx, dir);
    const requirements: Lockfile = { file: path.join(work, 'requirements.txt'), kind: 'requirements', packages: [{ ecosystem: 'PyPI', name: 'Django', version: '3.2.0', direct: true, paths: [['Django']], resolved: null, integrity: null, installScript: null, dev: null }] };
    const audit = await auditLockfiles(t.ctx, [requirements]);
    expect(audit.findings).toHaveLength(1);
  });

  it('skips a symbolic link to a record outside the folder (a defence that holds)', async () => {
    const outside = folder('outside', { 'secret.json': { id: 'OUT-1', modified: '2024-01-01T00:00:00Z', affected: [] } });
    const dir = folder('links', {});
    fs.symlinkSync(path.join(outside, 'secret.json'), path.join(dir, 'OUT-1.json'));
    const result = await importAdvisoryFiles(t.ctx, dir);
    expect(result.imported).toBe(0);
    expect(result.rejected).toEqual([{ entry: 'OUT-1.json', reason: 'symbolic link, not followed' }]);
  });
});
