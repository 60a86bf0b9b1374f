import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parseLockfile } from '../../../../../src-main/domain/supply/lockfiles/parseLockfile';
import { readLockfile } from '../../../../../src-main/services/supply/lockfileRead';
import { directNames, fixtureRoot, namesAndVersions, packageOf, parseFixture } from './lockfileFixtures';

describe('yarn.lock classic (v1)', () => {
  const lock = parseFixture('yarn-classic', 'yarn.lock');

  it('merges descriptors of one entry and reads an npm: alias as the real package', () => {
    expect(lock.kind).toBe('yarn-classic');
    expect(namesAndVersions(lock)).toEqual(['@esbuild/linux-x64@0.28.2', 'debug@4.4.3', 'esbuild@0.28.2', 'ms@2.0.0', 'ms@2.1.3', 'old-debug@2.6.9', 'string-width@4.2.3']);
  });

  it('follows dependencies and optionalDependencies by descriptor; direct is what nothing else requires', () => {
    expect(directNames(lock)).toEqual(['debug', 'esbuild', 'old-debug', 'string-width']);
    expect(packageOf(lock, 'ms', '2.0.0').paths).toEqual([['old-debug', 'ms']]);
    expect(packageOf(lock, 'ms', '2.1.3').paths).toEqual([['debug', 'ms']]);
    expect(packageOf(lock, '@esbuild/linux-x64', '0.28.2').paths).toEqual([['esbuild', '@esbuild/linux-x64']]);
  });

  it('keeps resolved and integrity (or null when an old entry has none); install scripts and dev it cannot say', () => {
    expect(packageOf(lock, 'ms', '2.0.0')).toMatchObject({
      resolved: 'https://registry.yarnpkg.com/ms/-/ms-2.0.0.tgz#5608aeadfc00be6c2901df5f9861788de0d597c8',
      integrity: 'sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=',
      installScript: null,
      dev: null,
    });
    expect(packageOf(lock, 'old-debug', '2.6.9').integrity).toBeNull();
  });

  it("takes direct and dev from the package.json beside it when read from disk", () => {
    const read = readLockfile(join(fixtureRoot, 'yarn-classic', 'yarn.lock'));
    // ms is declared and also required by debug: only package.json can tell it is direct.
    expect(directNames(read)).toEqual(['debug', 'esbuild', 'ms', 'string-width']);
    expect(packageOf(read, 'ms', '2.1.3').paths).toEqual([['ms'], ['debug', 'ms']]);
    expect(packageOf(read, 'esbuild', '0.28.2').dev).toBe(true);
    expect(packageOf(read, '@esbuild/linux-x64', '0.28.2').dev).toBe(true);
    expect(packageOf(read, 'debug', '4.4.3').dev).toBe(false);
    // Declared by nobody and required by nothing: left undecided rather than guessed.
    expect(packageOf(read, 'old-debug', '2.6.9')).toMatchObject({ direct: false, dev: null, paths: [] });
  });

  it('reads a real yarn.lock from an installed package', () => {
    // node_modules/combined-stream/yarn.lock, copied as it was published.
    const real = parseFixture('yarn-classic-real', 'yarn.lock');
    expect(real.packages.map((entry) => [entry.name, entry.version, entry.direct, entry.paths])).toEqual([
      ['delayed-stream', '1.0.0', true, [['delayed-stream']]],
      ['far', '0.0.7', true, [['far']]],
      ['oop', '0.0.3', false, [['far', 'oop']]],
    ]);
    expect(packageOf(real, 'oop', '0.0.3').resolved).toBe('https://registry.yarnpkg.com/oop/-/oop-0.0.3.tgz#70fa405a5650891a194fdc82ca68dad6dabf4401');
  });
});

describe('yarn.lock berry (yarn 2+)', () => {
  const lock = parseFixture('yarn-berry', 'yarn.lock');

  it('is told apart from classic by its __metadata and leaves workspaces out', () => {
    expect(lock.kind).toBe('yarn-berry');
    expect(namesAndVersions(lock)).toEqual(['@esbuild/linux-x64@0.28.2', 'debug@4.4.3', 'esbuild@0.28.2', 'lodash@4.17.21', 'ms@2.1.3', 'string-width@4.2.3']);
  });

  it("counts every workspace's dependencies as direct and follows `npm:` ranges", () => {
    expect(directNames(lock)).toEqual(['debug', 'esbuild', 'lodash', 'string-width']);
    expect(packageOf(lock, 'ms', '2.1.3').paths).toEqual([['debug', 'ms']]);
    expect(packageOf(lock, '@esbuild/linux-x64', '0.28.2').paths).toEqual([['esbuild', '@esbuild/linux-x64']]);
  });

  it('keeps the resolution and checksum; dev and install scripts it cannot say', () => {
    expect(packageOf(lock, 'lodash', '4.17.21')).toEqual({
      ecosystem: 'npm',
      name: 'lodash',
      version: '4.17.21',
      direct: true,
      paths: [['lodash']],
      resolved: 'lodash@npm:4.17.21',
      integrity: '10c0/d8cbea072bb08655bb4c989da418994b073a608dffa608b09ac04b43a791b12aeae7cd7ad919aa4c925f33b48490b5cfe6c1f71d827956071dae2e7bb3a6b74c',
      installScript: null,
      dev: null,
    });
    expect(packageOf(lock, '@esbuild/linux-x64', '0.28.2').integrity).toBeNull();
    expect(packageOf(lock, 'string-width', '4.2.3').resolved).toBe('string-width@npm:4.2.3');
  });

  it('follows the bare ranges yarn 2 (lockfile version 4) wrote in dependencies', () => {
    const yarn2 = [
      '__metadata:',
      '  version: 4',
      '  cacheKey: 7',
      '',
      '"debug@npm:^4.1.0":',
      '  version: 4.1.1',
      '  resolution: "debug@npm:4.1.1"',
      '  dependencies:',
      '    ms: ^2.1.1',
      '  checksum: 3601a6ec45aff0d5ec5f2ca8e4a7ba8f3c7ed22b35fe1dee0d44df8d4be8c4a0a3d0b2d6b5c7a4e1c0e9c8f2d1b0a4c3e5d7f9a1b3c5d7e9f1a3b5c7d9e1f3a5b7',
      '  languageName: node',
      '  linkType: hard',
      '',
      '"ms@npm:^2.1.1":',
      '  version: 2.1.2',
      '  resolution: "ms@npm:2.1.2"',
      '  languageName: node',
      '  linkType: hard',
      '',
      '"tracker@workspace:.":',
      '  version: 0.0.0-use.local',
      '  resolution: "tracker@workspace:."',
      '  dependencies:',
      '    debug: ^4.1.0',
      '  languageName: unknown',
      '  linkType: soft',
      '',
    ].join('\n');
    const lock = parseLockfile('/repo/yarn.lock', yarn2);
    expect(lock.packages.map((entry) => [entry.name, entry.version, entry.direct, entry.paths])).toEqual([
      ['debug', '4.1.1', true, [['debug']]],
      ['ms', '2.1.2', false, [['debug', 'ms']]],
    ]);
  });
});
