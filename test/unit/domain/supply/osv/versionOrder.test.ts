import { describe, expect, it } from 'vitest';
import { ecosystemOrder, isOrderable, pep440Order, semverOrder, versionKey } from '../../../../../src-main/domain/supply/osv/versionOrder';

const sorted = (order: (a: string, b: string) => number | null, versions: string[]) => [...versions].sort((a, b) => order(a, b)!);

describe('version order', () => {
  it('puts SemVer pre-releases before their release', () => {
    expect(sorted(semverOrder, ['1.0.0', '1.0.0-rc.1', '1.0.0-alpha', '0.9.9', '1.0.0-rc.10', '1.0.0-rc.2'])).toEqual(['0.9.9', '1.0.0-alpha', '1.0.0-rc.1', '1.0.0-rc.2', '1.0.0-rc.10', '1.0.0']);
  });

  it('orders PEP 440 release candidates, releases and post-releases', () => {
    expect(sorted(pep440Order, ['1.0.post1', '1.0', '1.0rc1', '1.0a1', '0.9', '1.0.dev1', '1.0.1'])).toEqual(['0.9', '1.0.dev1', '1.0a1', '1.0rc1', '1.0', '1.0.post1', '1.0.1']);
    // PEP 440 normalises: 1.0 and 1.0.0 are the same release.
    expect(pep440Order('1.0', '1.0.0')).toBe(0);
  });

  it('orders Go pseudo-versions before the release they precede, with or without the v', () => {
    const go = ecosystemOrder('Go');
    expect(go('v0.0.0-20220405052023-b1e9470b6e64', '0.0.0-20220412211240-33da011f77ad')).toBeLessThan(0);
    expect(go('v0.0.0-20220412211240-33da011f77ad', '0.0.0-20220412211240-33da011f77ad')).toBe(0);
    expect(go('v1.2.4-0.20220101000000-abcdefabcdef', 'v1.2.3')).toBeGreaterThan(0);
    expect(go('v1.2.4-0.20220101000000-abcdefabcdef', '1.2.4')).toBeLessThan(0);
    expect(go('v2.0.0+incompatible', '2.0.0')).toBe(0);
  });

  it('says when a version cannot be placed instead of guessing', () => {
    expect(semverOrder('1.2', '1.2.0')).toBeNull();
    expect(pep440Order('not a version', '1.0')).toBeNull();
    expect(isOrderable('npm', 'github:user/repo#abc')).toBe(false);
    expect(isOrderable('PyPI', '2.31.0')).toBe(true);
    expect(isOrderable('crates.io', '0.2.22')).toBe(true);
  });

  it('spells a version the way an OSV versions list compares it', () => {
    const same = (ecosystem: 'npm' | 'Go' | 'PyPI', a: string, b: string) => versionKey(ecosystem, a) === versionKey(ecosystem, b);
    expect(same('PyPI', '2.31', '2.31.0')).toBe(true);
    expect(same('PyPI', '1.0RC1', '1.0rc1')).toBe(true);
    expect(same('PyPI', '1.0-1', '1.0.post1')).toBe(true);
    expect(same('PyPI', '1.0+Ubuntu.01', '1.0+ubuntu.1')).toBe(true);
    expect(same('PyPI', '1.0', '1.0.post0')).toBe(false);
    expect(same('PyPI', '1.0', '1!1.0')).toBe(false);
    expect(same('PyPI', '1.0', '1.0+local')).toBe(false);
    expect(same('Go', 'v1.2.3', '1.2.3')).toBe(true);
    // +incompatible marks a different module version in Go, not build metadata to ignore.
    expect(same('Go', 'v2.0.0+incompatible', '2.0.0')).toBe(false);
    expect(same('npm', 'v1.2.3', '1.2.3')).toBe(false);
  });
});
