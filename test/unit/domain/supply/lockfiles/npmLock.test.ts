import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLockfile } from '../../../../../src-main/services/supply/lockfileRead';
import { directNames, fixtureRoot, namesAndVersions, packageOf, parseFixture } from './lockfileFixtures';

describe('package-lock.json v3', () => {
  const lock = parseFixture('npm-v3', 'package-lock.json');

  it('lists each name and version once, sorted, without the project itself', () => {
    expect(lock.kind).toBe('package-lock');
    expect(namesAndVersions(lock)).toEqual([
      'better-sqlite3@12.11.1',
      'bindings@1.5.0',
      'chownr@3.0.0',
      'debug@4.4.3',
      'file-uri-to-path@1.0.0',
      'lru-cache@6.0.0',
      'ms@2.1.3',
      'string-width@4.2.3',
      'tar@7.5.23',
      'yallist@4.0.0',
      'yallist@5.0.0',
    ]);
  });

  it('marks what package.json names as direct, an alias under the real package name', () => {
    expect(directNames(lock)).toEqual(['better-sqlite3', 'debug', 'lru-cache', 'string-width', 'tar']);
  });

  it('gives the chain that pulls a package in, resolving nested node_modules as Node does', () => {
    expect(packageOf(lock, 'file-uri-to-path', '1.0.0').paths).toEqual([['better-sqlite3', 'bindings', 'file-uri-to-path']]);
    expect(packageOf(lock, 'yallist', '5.0.0').paths).toEqual([['tar', 'yallist']]);
    expect(packageOf(lock, 'yallist', '4.0.0').paths).toEqual([['lru-cache', 'yallist']]);
    expect(packageOf(lock, 'debug', '4.4.3').paths).toEqual([['debug']]);
  });

  it('keeps resolved, integrity, install scripts and dev as written', () => {
    expect(packageOf(lock, 'better-sqlite3', '12.11.1')).toEqual({
      ecosystem: 'npm',
      name: 'better-sqlite3',
      version: '12.11.1',
      direct: true,
      paths: [['better-sqlite3']],
      resolved: 'https://registry.npmjs.org/better-sqlite3/-/better-sqlite3-12.11.1.tgz',
      integrity: 'sha512-dq9AtApgg5PGFtBzPFSBl3HZQjHok5gaQCM6zh2Yk0aSmDCs1CbnVI8/HgASQkNKsWFpseIO9beg5xxpYhbIfA==',
      installScript: true,
      dev: false,
    });
    expect(packageOf(lock, 'bindings', '1.5.0').installScript).toBe(false);
    expect(packageOf(lock, 'tar', '7.5.23').dev).toBe(true);
    expect(packageOf(lock, 'chownr', '3.0.0').dev).toBe(true);
    expect(packageOf(lock, 'string-width', '4.2.3').resolved).toBe('https://registry.npmjs.org/string-width/-/string-width-4.2.3.tgz');
  });
});

describe('package-lock.json v2 with a workspace', () => {
  const lock = parseFixture('npm-v2', 'package-lock.json');

  it('reads the packages map, leaving the workspace out as the project', () => {
    expect(namesAndVersions(lock)).toEqual(['commander@14.0.3', 'debug@4.4.3', 'ms@2.1.3', 'semver@7.7.4', 'semver@7.8.6']);
  });

  it("counts a workspace's own dependencies as direct, resolved from its folder first", () => {
    expect(directNames(lock)).toEqual(['commander', 'debug', 'semver', 'semver']);
    expect(packageOf(lock, 'semver', '7.7.4').dev).toBe(false);
    expect(packageOf(lock, 'semver', '7.8.6').dev).toBe(true);
    expect(packageOf(lock, 'ms', '2.1.3').paths).toEqual([['debug', 'ms']]);
  });
});

describe('package-lock.json v1', () => {
  const lock = parseFixture('npm-v1', 'package-lock.json');

  it('walks the nested tree, an alias read as the real package', () => {
    expect(namesAndVersions(lock)).toEqual([
      'better-sqlite3@12.11.1',
      'bindings@1.5.0',
      'file-uri-to-path@1.0.0',
      'lru-cache@6.0.0',
      'string-width@4.2.3',
      'tar@7.5.23',
      'yallist@4.0.0',
      'yallist@5.0.0',
    ]);
  });

  it('resolves requires in the nested tree before the top, and calls unrequired top-level packages direct', () => {
    expect(packageOf(lock, 'yallist', '5.0.0').paths).toEqual([['tar', 'yallist']]);
    expect(packageOf(lock, 'yallist', '4.0.0').paths).toEqual([['lru-cache', 'yallist']]);
    expect(directNames(lock)).toEqual(['better-sqlite3', 'lru-cache', 'string-width', 'tar']);
  });

  it('takes direct from the package.json beside it when read from disk', () => {
    const read = readLockfile(join(fixtureRoot, 'npm-v1', 'package-lock.json'));
    // bindings is declared and also required by better-sqlite3: only package.json can tell.
    expect(directNames(read)).toEqual(['better-sqlite3', 'bindings', 'lru-cache', 'string-width', 'tar']);
    expect(packageOf(read, 'bindings', '1.5.0').paths).toEqual([['bindings'], ['better-sqlite3', 'bindings']]);
  });

  it('says it cannot tell install scripts (v1 does not record them) but keeps dev, resolved and integrity', () => {
    const tar = packageOf(lock, 'tar', '7.5.23');
    expect(tar.installScript).toBeNull();
    expect(tar.dev).toBe(true);
    expect(packageOf(lock, 'bindings', '1.5.0')).toMatchObject({
      dev: false,
      resolved: 'https://registry.npmjs.org/bindings/-/bindings-1.5.0.tgz',
      integrity: 'sha512-p2q/t/mhvuOj/UeLlV6566GD/guowlr0hHxClI0W9m7MWYkL1F0hLo+0Aexs9HSPCtR1SXQ0TD3MMKrXZajbiQ==',
      paths: [['better-sqlite3', 'bindings']],
    });
  });
});

describe('npm-shrinkwrap.json', () => {
  it('reads as a package-lock of its own kind', () => {
    const lock = parseFixture('npm-shrinkwrap', 'npm-shrinkwrap.json');
    expect(lock.kind).toBe('npm-shrinkwrap');
    expect(lock.packages.map((entry) => [entry.name, entry.version, entry.direct, entry.installScript])).toEqual([
      ['keytar', '7.9.0', true, true],
      ['node-addon-api', '4.3.0', false, false],
    ]);
    expect(packageOf(lock, 'node-addon-api', '4.3.0').paths).toEqual([['keytar', 'node-addon-api']]);
  });
});
