import { describe, expect, it } from 'vitest';
import type { SupplyEcosystem } from '../../../src-main/contract';
import { matchAdvisory } from '../../../src-main/domain/supply/osv/osvMatch';
import { readOsvRecord, type StoredAdvisory } from '../../../src-main/domain/supply/osv/osvRecord';

// OSV matching checked against the schema (https://ossf.github.io/osv-schema/), not against the code.
function record(affected: unknown[], extra: Record<string, unknown> = {}): StoredAdvisory {
  const read = readOsvRecord({ id: 'TEST-0001', modified: '2024-01-01T00:00:00Z', affected, ...extra });
  if ('error' in read) throw new Error(read.error);
  return read.record;
}
const verdict = (advisory: StoredAdvisory, ecosystem: SupplyEcosystem, name: string, version: string) => {
  const match = matchAdvisory(advisory, ecosystem, name, version);
  return match ? { affected: true, fixed: match.fixed } : { affected: false };
};
const range = (type: 'SEMVER' | 'ECOSYSTEM', events: Record<string, string>[]) => ({ type, events });

describe('OSV matching against the schema', () => {
  it('matches a Go versions list written without the v prefix against go.sum versions (which carry it)', () => {
    // The Go vulnerability database writes OSV versions bare ("1.2.3"); go.sum and go.mod write "v1.2.3".
    // Ranges already accept both spellings; an explicit versions list must too.
    const advisory = record([{ package: { ecosystem: 'Go', name: 'example.com/mod' }, versions: ['1.2.3'] }]);
    expect(verdict(advisory, 'Go', 'example.com/mod', 'v1.2.3')).toEqual({ affected: true, fixed: null });
  });

  it('matches a PyPI versions list by PEP 440 equality, not by string equality', () => {
    // PEP 440: 2.31 == 2.31.0 and 1.0RC1 is 1.0rc1. requirements.txt pins like `requests==2.31` are common.
    const advisory = record([{ package: { ecosystem: 'PyPI', name: 'requests' }, versions: ['2.31.0', '1.0rc1'] }]);
    expect(verdict(advisory, 'PyPI', 'requests', '2.31')).toEqual({ affected: true, fixed: null });
    expect(verdict(advisory, 'PyPI', 'Requests', '1.0RC1')).toEqual({ affected: true, fixed: null });
  });

  it('evaluates several introduced/fixed pairs given out of order in one list', () => {
    const advisory = record([{ package: { ecosystem: 'npm', name: 'a' }, ranges: [range('SEMVER', [{ fixed: '2.0.0' }, { introduced: '1.5.0' }, { fixed: '1.2.0' }, { introduced: '1.0.0' }])] }]);
    expect(verdict(advisory, 'npm', 'a', '1.1.0')).toEqual({ affected: true, fixed: '1.2.0' });
    expect(verdict(advisory, 'npm', 'a', '1.3.0')).toEqual({ affected: false });
    expect(verdict(advisory, 'npm', 'a', '1.6.0')).toEqual({ affected: true, fixed: '2.0.0' });
    expect(verdict(advisory, 'npm', 'a', '2.0.0')).toEqual({ affected: false });
  });

  it('treats last_affected as inclusive and a pre-release above it as unaffected', () => {
    const advisory = record([{ package: { ecosystem: 'npm', name: 'a' }, ranges: [range('ECOSYSTEM', [{ introduced: '1.0.0' }, { last_affected: '1.2.0' }])] }]);
    expect(verdict(advisory, 'npm', 'a', '1.2.0')).toEqual({ affected: true, fixed: null });
    expect(verdict(advisory, 'npm', 'a', '1.2.1')).toEqual({ affected: false });
    expect(verdict(advisory, 'npm', 'a', '1.3.0-beta.1')).toEqual({ affected: false });
  });

  it('orders Go pseudo-versions and +incompatible as semver, and PEP 440 epochs, post and dev releases', () => {
    const go = record([{ package: { ecosystem: 'Go', name: 'g' }, ranges: [range('SEMVER', [{ introduced: '0' }, { fixed: '1.2.0' }])] }]);
    expect(verdict(go, 'Go', 'g', 'v1.1.1-0.20200101000000-abcdefabcdef')).toEqual({ affected: true, fixed: '1.2.0' });
    expect(verdict(go, 'Go', 'g', 'v1.2.0+incompatible')).toEqual({ affected: false });
    const py = record([{ package: { ecosystem: 'PyPI', name: 'zope.interface' }, ranges: [range('ECOSYSTEM', [{ introduced: '0' }, { fixed: '2.0' }])] }]);
    expect(verdict(py, 'PyPI', 'zope-interface', '2.0.dev1')).toEqual({ affected: true, fixed: '2.0' });
    expect(verdict(py, 'PyPI', 'Zope_Interface', '2.0.post1')).toEqual({ affected: false });
    expect(verdict(py, 'PyPI', 'zope.interface', '1!1.0')).toEqual({ affected: false });
  });

  it('never matches a withdrawn record, nor a record of another ecosystem with the same name', () => {
    const withdrawn = record([{ package: { ecosystem: 'npm', name: 'a' }, versions: ['1.0.0'] }], { withdrawn: '2024-02-01T00:00:00Z' });
    expect(verdict(withdrawn, 'npm', 'a', '1.0.0')).toEqual({ affected: false });
    const other = record([{ package: { ecosystem: 'RubyGems', name: 'a' }, versions: ['1.0.0'] }]);
    expect(verdict(other, 'npm', 'a', '1.0.0')).toEqual({ affected: false });
  });
});
