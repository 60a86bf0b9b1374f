import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SupplyEcosystem } from '../../../../../src-main/contract';
import { matchAdvisory, rangeAffects } from '../../../../../src-main/domain/supply/osv/osvMatch';
import { readOsvRecord, type StoredAdvisory } from '../../../../../src-main/domain/supply/osv/osvRecord';
import { semverOrder } from '../../../../../src-main/domain/supply/osv/versionOrder';

const records = path.resolve(__dirname, '../../../../fixtures/supply/osv/records');

function record(file: string): StoredAdvisory {
  const read = readOsvRecord(JSON.parse(fs.readFileSync(path.join(records, file), 'utf8')));
  if ('error' in read) throw new Error(read.error);
  return read.record;
}

const fixedFor = (file: string, ecosystem: SupplyEcosystem, name: string, version: string) => {
  const match = matchAdvisory(record(file), ecosystem, name, version);
  return match ? { affected: true, fixed: match.fixed } : { affected: false };
};

describe('OSV matching', () => {
  it('finds the vulnerable lodash and not the fixed one (ECOSYSTEM range from introduced 0)', () => {
    expect(fixedFor('GHSA-jf85-cpcp-j695.json', 'npm', 'lodash', '4.17.11')).toEqual({ affected: true, fixed: '4.17.12' });
    expect(fixedFor('GHSA-jf85-cpcp-j695.json', 'npm', 'lodash', '0.1.0')).toEqual({ affected: true, fixed: '4.17.12' });
    expect(fixedFor('GHSA-jf85-cpcp-j695.json', 'npm', 'lodash', '4.17.12')).toEqual({ affected: false });
    expect(fixedFor('GHSA-jf85-cpcp-j695.json', 'npm', 'lodash', '4.17.21')).toEqual({ affected: false });
    expect(fixedFor('GHSA-jf85-cpcp-j695.json', 'npm', 'lodash-es', '4.17.11')).toEqual({ affected: true, fixed: '4.17.12' });
    expect(fixedFor('GHSA-jf85-cpcp-j695.json', 'npm', 'underscore', '1.0.0')).toEqual({ affected: false });
  });

  it('does not match below an introduced version', () => {
    expect(fixedFor('GHSA-p6mc-m468-83gw.json', 'npm', 'lodash', '3.6.0')).toEqual({ affected: false });
    expect(fixedFor('GHSA-p6mc-m468-83gw.json', 'npm', 'lodash', '3.7.0')).toEqual({ affected: true, fixed: '4.17.19' });
  });

  it('reads SEMVER ranges with two affected spans and gives the fix above the found version', () => {
    expect(fixedFor('RUSTSEC-2020-0071.json', 'crates.io', 'time', '0.0.5')).toEqual({ affected: true, fixed: '0.1.0' });
    expect(fixedFor('RUSTSEC-2020-0071.json', 'crates.io', 'time', '0.1.44')).toEqual({ affected: false });
    expect(fixedFor('RUSTSEC-2020-0071.json', 'crates.io', 'time', '0.2.22')).toEqual({ affected: true, fixed: '0.2.23' });
    expect(fixedFor('RUSTSEC-2020-0071.json', 'crates.io', 'time', '0.2.23')).toEqual({ affected: false });
    expect(fixedFor('RUSTSEC-2020-0071.json', 'crates.io', 'time', '0.3.9')).toEqual({ affected: false });
  });

  it('matches PyPI by PEP 503 name and PEP 440 order, ignoring GIT ranges', () => {
    expect(fixedFor('PYSEC-2023-74.json', 'PyPI', 'Requests', '2.30.0')).toEqual({ affected: true, fixed: '2.31.0' });
    expect(fixedFor('PYSEC-2023-74.json', 'PyPI', 'requests', '2.31.0')).toEqual({ affected: false });
    expect(fixedFor('PYSEC-2023-74.json', 'PyPI', 'requests', '2.2.1')).toEqual({ affected: false });
    expect(fixedFor('PYSEC-2023-74.json', 'PyPI', 'requests', '2.31.0rc1')).toEqual({ affected: true, fixed: '2.31.0' });
  });

  it('matches an explicit versions entry even when the version cannot be ordered', () => {
    const advisory = record('PYSEC-2023-74.json');
    advisory.affected[0]!.versions.push('2.30.0-custom build');
    expect(matchAdvisory(advisory, 'PyPI', 'requests', '2.30.0-custom build')).not.toBeNull();
    expect(matchAdvisory(advisory, 'PyPI', 'requests', 'another build')).toBeNull();
  });

  it('orders Go pseudo-versions against the fix', () => {
    expect(fixedFor('GO-2022-0493.json', 'Go', 'golang.org/x/sys', 'v0.0.0-20220405052023-b1e9470b6e64')).toEqual({ affected: true, fixed: '0.0.0-20220412211240-33da011f77ad' });
    expect(fixedFor('GO-2022-0493.json', 'Go', 'golang.org/x/sys', 'v0.0.0-20220412211240-33da011f77ad')).toEqual({ affected: false });
    expect(fixedFor('GO-2022-0493.json', 'Go', 'golang.org/x/sys', 'v0.1.0')).toEqual({ affected: false });
  });

  it('keeps last_affected inclusive', () => {
    expect(fixedFor('GHSA-xvch-5gv4-984h.json', 'npm', 'minimist', '1.2.5')).toEqual({ affected: true, fixed: null });
    expect(fixedFor('GHSA-xvch-5gv4-984h.json', 'npm', 'minimist', '1.2.6')).toEqual({ affected: false });
    expect(fixedFor('GHSA-xvch-5gv4-984h.json', 'npm', 'minimist', '0.2.4')).toEqual({ affected: false });
  });

  it('puts pre-releases before their release and stops at a limit', () => {
    const file = 'nested/GHSA-test-0001-pre1.json';
    expect(fixedFor(file, 'npm', '@scope/widget', '1.0.0-rc.1')).toEqual({ affected: true, fixed: '1.0.0' });
    expect(fixedFor(file, 'npm', '@scope/widget', '1.0.0')).toEqual({ affected: false });
    expect(fixedFor(file, 'npm', '@scope/widget', '2.0.0-alpha')).toEqual({ affected: false });
    expect(fixedFor(file, 'npm', '@scope/widget', '2.0.0-beta.1')).toEqual({ affected: true, fixed: null });
    expect(fixedFor(file, 'npm', '@scope/widget', '2.4.9')).toEqual({ affected: true, fixed: null });
    expect(fixedFor(file, 'npm', '@scope/widget', '2.5.0')).toEqual({ affected: false });
    // PEP 440: 1.0rc1 < 1.0 (last affected) < 1.0.post1.
    expect(fixedFor(file, 'PyPI', 'example-pkg', '1.0rc1')).toEqual({ affected: true, fixed: null });
    expect(fixedFor(file, 'PyPI', 'example.pkg', '1.0')).toEqual({ affected: true, fixed: null });
    expect(fixedFor(file, 'PyPI', 'Example_Pkg', '1.0.post1')).toEqual({ affected: false });
  });

  it('never matches a withdrawn record', () => {
    const advisory = record('GHSA-withdrawn-left-pad.json');
    expect(advisory.withdrawn).not.toBeNull();
    expect(matchAdvisory(advisory, 'npm', 'left-pad', '1.3.0')).toBeNull();
    expect(matchAdvisory({ ...advisory, withdrawn: null }, 'npm', 'left-pad', '1.3.0')).not.toBeNull();
  });

  it('evaluates events in version order whatever order the record lists them', () => {
    const events = [{ fixed: '2.0.0' }, { introduced: '1.5.0' }, { introduced: '0' }, { fixed: '1.0.0' }];
    expect(rangeAffects(events, '0.5.0', semverOrder)).toBe(true);
    expect(rangeAffects(events, '1.2.0', semverOrder)).toBe(false);
    expect(rangeAffects(events, '1.7.0', semverOrder)).toBe(true);
    expect(rangeAffects(events, '2.0.0', semverOrder)).toBe(false);
  });
});

describe('reading OSV records', () => {
  it('rejects what is not OSV with the field named', () => {
    expect(readOsvRecord({ modified: '2024-01-01T00:00:00Z' })).toEqual({ error: expect.stringContaining('not OSV: id') });
    expect(readOsvRecord({ id: 'X-1', modified: 'yesterday' })).toEqual({ error: expect.stringContaining('modified') });
    expect(readOsvRecord([1, 2])).toEqual({ error: expect.stringContaining('not OSV') });
    expect(readOsvRecord({ id: 'X-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1.0.0' }] }] }] })).toEqual({ error: expect.stringContaining('exactly one of') });
  });

  it('indexes known ecosystems only, keeps the others named', () => {
    const debian = record('DSA-5000-1.json');
    expect(debian.ecosystems).toEqual(['Debian']);
    expect(debian.packages).toEqual([]);
    const go = record('GO-2022-0493.json');
    expect(go.packages).toEqual([{ ecosystem: 'Go', key: 'stdlib' }, { ecosystem: 'Go', key: 'golang.org/x/sys' }]);
    expect(go.aliases).toEqual(['CVE-2022-29526', 'GHSA-p782-xgp4-8hr8']);
    expect(record('PYSEC-2023-74.json').summary).toMatch(/^Requests is a HTTP library/);
    expect(record('GHSA-jf85-cpcp-j695.json').severity).toBe('critical');
    expect(record('RUSTSEC-2020-0071.json').severity).toBe('medium');
    expect(record('PYSEC-2023-74.json').severity).toBe('unknown');
  });
});
