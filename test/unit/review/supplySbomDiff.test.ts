import { describe, expect, it } from 'vitest';
import { diffLockfiles } from '../../../src-main/domain/supply/lockDiff';
import { parseLockfile } from '../../../src-main/domain/supply/lockfiles/parseLockfile';
import { diffSboms } from '../../../src-main/domain/supply/sbom';

const names = { before: '/tmp/before.cdx.json', after: '/tmp/after.cdx.json' };
const hash = 'a'.repeat(128);
const other = 'b'.repeat(128);
const bom = (components: unknown[]) => ({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components });
const component = (extra: Record<string, unknown> = {}) => ({
  type: 'library',
  name: 'left-pad',
  version: '1.3.0',
  purl: 'pkg:npm/left-pad@1.3.0',
  hashes: [{ alg: 'SHA-512', content: hash }],
  ...extra,
});

describe('SBOM diff of a tampered SBOM', () => {
  // Dropping a component's hashes is how a swapped artefact gets past a hash comparison; the
  // text output then says "with the same hashes", which is false.
  it('reports hashes removed from a component of the same version', () => {
    const diff = diffSboms(bom([component()]), bom([component({ hashes: [] })]), names);
    expect(diff.changes.length + diff.hashMismatches.length).toBeGreaterThan(0);
  });

  it('reports a second entry of the same component and version carrying another hash', () => {
    const tampered = component({ 'bom-ref': 'dup', hashes: [{ alg: 'SHA-512', content: other }] });
    // Whichever comes first in the list.
    for (const components of [[component(), tampered], [tampered, component()]]) {
      const diff = diffSboms(bom([component()]), bom(components), names);
      expect(diff.hashMismatches.map((mismatch) => mismatch.after)).toContain(other);
    }
  });

  it('reports a component now fetched from another repository (purl repository_url qualifier)', () => {
    const moved = component({ purl: 'pkg:npm/left-pad@1.3.0?repository_url=https://npm.evil.example' });
    const diff = diffSboms(bom([component()]), bom([moved]), names);
    expect(diff.changes.length + diff.hashMismatches.length).toBeGreaterThan(0);
  });

  it('reports a changed hash of the same version (a defence that holds)', () => {
    const diff = diffSboms(bom([component()]), bom([component({ hashes: [{ alg: 'SHA-512', content: other }] })]), names);
    expect(diff.hashMismatches).toEqual([{ name: 'pkg:npm/left-pad', version: '1.3.0', algorithm: 'SHA-512', before: hash, after: other }]);
  });
});

describe('PyPI versions equal under PEP 440', () => {
  // Django==3.2.0 and django==3.2 pin the same release: not a change a responder should chase.
  it('are not a lockdiff change', () => {
    const before = parseLockfile('/tmp/a/requirements.txt', 'Django==3.2.0\nzope.interface==5.0\n');
    const after = parseLockfile('/tmp/b/requirements.txt', 'django==3.2\nzope-interface==5.0.0\n');
    expect(diffLockfiles(before, after).changes).toEqual([]);
  });
});
