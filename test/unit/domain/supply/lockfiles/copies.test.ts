import { describe, expect, it } from 'vitest';
import type { Lockfile } from '../../../../../src-main/contract';
import { parseLockfile } from '../../../../../src-main/domain/supply/lockfiles/parseLockfile';

// One name at one version may be locked twice: npm nests a second copy under the package that
// needs it, Cargo keeps one per source. A copy from another place or with another checksum is a
// package of its own; merged into the first, its URL and checksum would vanish from drift and SBOMs.
const copiesOf = (lock: Lockfile, name: string) =>
  lock.packages.filter((entry) => entry.name === name).map(({ version, resolved, integrity, direct, paths }) => ({ version, resolved, integrity, direct, paths }));

const registryX = { resolved: 'https://registry.npmjs.org/x/-/x-1.0.0.tgz', integrity: 'sha512-Z29vZA==' };
const evilX = { resolved: 'https://evil.example/x-1.0.0.tgz', integrity: 'sha512-ZXZpbA==' };

describe('npm: nested copies of one version', () => {
  const v3 = (nested: Record<string, unknown>) =>
    parseLockfile(
      '/app/package-lock.json',
      JSON.stringify({
        name: 'app',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', dependencies: { x: '1', y: '1', z: '1' } },
          'node_modules/x': { version: '1.0.0', ...registryX },
          'node_modules/y': { version: '1.0.0', resolved: 'https://registry.npmjs.org/y/-/y-1.0.0.tgz', integrity: 'sha512-eQ==', dependencies: { x: '1' } },
          'node_modules/y/node_modules/x': { version: '1.0.0', ...nested },
          'node_modules/z': { version: '1.0.0', resolved: 'https://registry.npmjs.org/z/-/z-1.0.0.tgz', integrity: 'sha512-eg==', dependencies: { x: '1' } },
        },
      }),
    );

  it('keeps a v3 copy from another host with another checksum as its own entry, with its own paths', () => {
    expect(copiesOf(v3(evilX), 'x')).toEqual([
      { version: '1.0.0', ...evilX, direct: false, paths: [['y', 'x']] },
      { version: '1.0.0', ...registryX, direct: true, paths: [['x'], ['z', 'x']] },
    ]);
  });

  it('keeps a v3 copy with only another checksum apart too', () => {
    const lock = v3({ resolved: registryX.resolved, integrity: 'sha512-b3RoZXI=' });
    expect(copiesOf(lock, 'x').map((copy) => copy.integrity)).toEqual(['sha512-Z29vZA==', 'sha512-b3RoZXI=']);
  });

  it('still merges identical copies into one package, direct if any copy is', () => {
    expect(copiesOf(v3(registryX), 'x')).toEqual([{ version: '1.0.0', ...registryX, direct: true, paths: [['x'], ['y', 'x'], ['z', 'x']] }]);
  });

  it('keeps a v1 nested copy from another host apart, with its own paths', () => {
    const lock = parseLockfile(
      '/app/package-lock.json',
      JSON.stringify({
        name: 'app',
        lockfileVersion: 1,
        dependencies: {
          x: { version: '1.0.0', ...registryX },
          y: { version: '1.0.0', resolved: 'https://registry.npmjs.org/y/-/y-1.0.0.tgz', integrity: 'sha512-eQ==', requires: { x: '1' }, dependencies: { x: { version: '1.0.0', ...evilX } } },
        },
      }),
    );
    expect(copiesOf(lock, 'x')).toEqual([
      { version: '1.0.0', ...evilX, direct: false, paths: [['y', 'x']] },
      { version: '1.0.0', ...registryX, direct: true, paths: [['x']] },
    ]);
  });
});

describe('Cargo: one name and version from two sources', () => {
  const registry = 'registry+https://github.com/rust-lang/crates.io-index';
  const git = 'git+https://evil.example/serde#0123abcd';
  const crate = (source: string, checksum?: string) => `\n[[package]]\nname = "serde"\nversion = "1.0.0"\nsource = "${source}"\n${checksum ? `checksum = "${checksum}"\n` : ''}`;
  const lock = (packages: string) =>
    parseLockfile('/app/Cargo.lock', `version = 3\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = ["serde 1.0.0 (${git})", "serde 1.0.0 (${registry})"]\n${packages}`);

  it('keeps both, each with its own checksum or none, whatever their order in the file', () => {
    const expected = [
      { version: '1.0.0', resolved: git, integrity: null, direct: true, paths: [['serde']] },
      { version: '1.0.0', resolved: registry, integrity: 'aaaa', direct: true, paths: [['serde']] },
    ];
    expect(copiesOf(lock(crate(git) + crate(registry, 'aaaa')), 'serde')).toEqual(expected);
    expect(copiesOf(lock(crate(registry, 'aaaa') + crate(git)), 'serde')).toEqual(expected);
  });

  it('does not lend a [metadata] checksum of one source to the other (Cargo.lock v1)', () => {
    const v1 = parseLockfile(
      '/app/Cargo.lock',
      `[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "serde 1.0.0 (${git})",\n "serde 1.0.0 (${registry})",\n]\n${crate(git)}${crate(registry)}\n[metadata]\n"checksum serde 1.0.0 (${registry})" = "bbbb"\n`,
    );
    expect(copiesOf(v1, 'serde').map((copy) => [copy.resolved, copy.integrity])).toEqual([
      [git, null],
      [registry, 'bbbb'],
    ]);
  });
});
