import { describe, expect, it } from 'vitest';
import { directNames, namesAndVersions, packageOf, parseFixture } from './lockfileFixtures';

const cratesIo = 'registry+https://github.com/rust-lang/crates.io-index';

describe('Cargo.lock v3', () => {
  const lock = parseFixture('cargo-v3', 'Cargo.lock');

  it('lists crates with a source; the workspace crates (no source) are the project', () => {
    expect(lock.kind).toBe('cargo');
    expect(namesAndVersions(lock)).toEqual([
      'aho-corasick@1.1.2',
      'deranged@0.3.9',
      'libc@0.2.150',
      'memchr@2.6.4',
      'regex@1.10.2',
      'regex-syntax@0.8.2',
      'ring-fork@0.17.5',
      'time@0.1.45',
      'time@0.3.30',
    ]);
    expect(lock.packages.every((entry) => entry.ecosystem === 'crates.io')).toBe(true);
  });

  it("calls direct what any workspace crate depends on, telling two versions of one crate apart", () => {
    expect(directNames(lock)).toEqual(['regex', 'ring-fork', 'time', 'time']);
    expect(packageOf(lock, 'deranged', '0.3.9').paths).toEqual([['time', 'deranged']]);
    expect(packageOf(lock, 'libc', '0.2.150').paths).toEqual([['time', 'libc']]);
    expect(packageOf(lock, 'memchr', '2.6.4').paths).toEqual([
      ['regex', 'memchr'],
      ['regex', 'aho-corasick', 'memchr'],
    ]);
  });

  it('keeps source and checksum; a git source has no checksum; dev and build scripts it cannot say', () => {
    expect(packageOf(lock, 'regex', '1.10.2')).toEqual({
      ecosystem: 'crates.io',
      name: 'regex',
      version: '1.10.2',
      direct: true,
      paths: [['regex']],
      resolved: cratesIo,
      integrity: '380b951a9c5e80ddfd6136919eef32310721aa4aacd4889a8d39124b026ab343',
      installScript: null,
      dev: null,
    });
    expect(packageOf(lock, 'ring-fork', '0.17.5')).toMatchObject({ resolved: 'git+https://github.com/example/ring-fork?branch=main#5c8a6d1e4f3b2a1908d7c6b5a4f3e2d1c0b9a8f7', integrity: null });
  });
});

describe('Cargo.lock v4', () => {
  it('reads a sparse-registry source', () => {
    const lock = parseFixture('cargo-v4', 'Cargo.lock');
    expect(lock.packages.map((entry) => [entry.name, entry.version, entry.direct, entry.resolved])).toEqual([
      ['cfg-if', '1.0.0', false, cratesIo],
      ['sha2', '0.10.8', true, 'sparse+https://index.crates.io/'],
    ]);
    expect(packageOf(lock, 'cfg-if', '1.0.0').paths).toEqual([['sha2', 'cfg-if']]);
  });
});

describe('Cargo.lock v1', () => {
  it('takes checksums from [metadata] and follows `name version (source)` references', () => {
    const lock = parseFixture('cargo-v1', 'Cargo.lock');
    expect(directNames(lock)).toEqual(['libc', 'nix']);
    expect(packageOf(lock, 'bitflags', '1.0.4')).toMatchObject({
      direct: false,
      paths: [['nix', 'bitflags']],
      integrity: '228047a76f468627ca71776ecdebd732a3423081fcf5125585bcd7c49886ce12',
    });
    expect(packageOf(lock, 'libc', '0.2.50').paths).toEqual([['libc'], ['nix', 'libc']]);
  });
});
