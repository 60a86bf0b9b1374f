import { describe, expect, it } from 'vitest';
import { directNames, namesAndVersions, packageOf, parseFixture } from './lockfileFixtures';

describe('pnpm-lock.yaml 5.4', () => {
  const lock = parseFixture('pnpm-v5', 'pnpm-lock.yaml');

  it('reads `/name/version_peer` keys as name and version', () => {
    expect(lock.kind).toBe('pnpm');
    expect(namesAndVersions(lock)).toEqual(['@esbuild/linux-x64@0.28.2', 'debug@4.4.3', 'esbuild@0.28.2', 'ms@2.1.3', 'react@19.3.1', 'react-dom@19.3.1', 'scheduler@0.28.0', 'typescript@5.9.3']);
  });

  it('takes direct from the top-level dependency maps and paths through peer-suffixed keys', () => {
    expect(directNames(lock)).toEqual(['debug', 'esbuild', 'ms', 'react', 'react-dom', 'typescript']);
    expect(packageOf(lock, 'scheduler', '0.28.0').paths).toEqual([['react-dom', 'scheduler']]);
    expect(packageOf(lock, 'react', '19.3.1').paths).toEqual([['react'], ['react-dom', 'react']]);
  });

  it('keeps integrity, requiresBuild and dev as written', () => {
    expect(packageOf(lock, 'esbuild', '0.28.2')).toMatchObject({ installScript: true, dev: true, resolved: null, integrity: 'sha512-HKVLS8dvII+xoKW9kmqxbRKrnWEXfJJr/FZhhJmiqIB0e053QNYFqOBouTMO/k5sID4MvCiUCvv8b9M4h32wIA==' });
    expect(packageOf(lock, 'debug', '4.4.3')).toMatchObject({ installScript: false, dev: false });
    // No `dev` at all: both a dev dependency and pulled in for production, so not dev-only.
    expect(packageOf(lock, 'ms', '2.1.3')).toMatchObject({ dev: false, paths: [['ms'], ['debug', 'ms']] });
    expect(packageOf(lock, '@esbuild/linux-x64', '0.28.2').paths).toEqual([['esbuild', '@esbuild/linux-x64']]);
  });
});

describe('pnpm-lock.yaml 6.0', () => {
  const lock = parseFixture('pnpm-v6', 'pnpm-lock.yaml');

  it('reads `/name@version(peer)` keys, a tarball package by its own name and an alias by the real name', () => {
    expect(namesAndVersions(lock)).toContain('@internal/audit-log@1.0.0');
    expect(namesAndVersions(lock)).toContain('string-width@4.2.3');
    expect(lock.packages).toHaveLength(13);
    expect(directNames(lock)).toEqual(['@internal/audit-log', 'debug', 'esbuild', 'react-dom', 'string-width']);
  });

  it('gives a shared dependency every route, shortest first', () => {
    expect(packageOf(lock, 'ms', '2.1.3').paths).toEqual([
      ['@internal/audit-log', 'ms'],
      ['debug', 'ms'],
    ]);
    expect(packageOf(lock, 'ansi-regex', '5.0.1').paths).toEqual([['string-width', 'strip-ansi', 'ansi-regex']]);
  });

  it('keeps a tarball URL as resolved, integrity, requiresBuild and dev', () => {
    expect(packageOf(lock, '@internal/audit-log', '1.0.0')).toMatchObject({ resolved: 'https://npm.internal.example/audit-log-1.0.0.tgz', integrity: null, dev: false, installScript: false });
    expect(packageOf(lock, '@esbuild/linux-x64', '0.28.2')).toMatchObject({ installScript: true, dev: true });
  });
});

describe('pnpm-lock.yaml 9.0 with importers', () => {
  const lock = parseFixture('pnpm-v9', 'pnpm-lock.yaml');

  it('joins packages (facts) with snapshots (graph) and skips workspace links', () => {
    expect(lock.packages).toHaveLength(13);
    expect(namesAndVersions(lock)).not.toContain('@incident/shared@link:../shared');
    expect(directNames(lock)).toEqual(['debug', 'esbuild', 'ms', 'react-dom', 'string-width', 'typescript']);
    expect(packageOf(lock, 'react', '19.3.1').paths).toEqual([['react-dom', 'react']]);
  });

  it('works out dev from the importers, since 9.0 no longer writes it', () => {
    expect(packageOf(lock, 'typescript', '5.9.3').dev).toBe(true);
    expect(packageOf(lock, '@esbuild/linux-x64', '0.28.2').dev).toBe(true);
    // A dev dependency of one workspace that another pulls in for production is not dev-only.
    expect(packageOf(lock, 'ms', '2.1.3')).toMatchObject({ dev: false, paths: [['ms'], ['debug', 'ms']] });
    expect(packageOf(lock, 'scheduler', '0.28.0').dev).toBe(false);
  });

  it('reads requiresBuild where written and otherwise says it cannot tell', () => {
    expect(packageOf(lock, 'esbuild', '0.28.2').installScript).toBe(true);
    expect(packageOf(lock, 'debug', '4.4.3')).toMatchObject({ installScript: null, integrity: 'sha512-RGwwWnwQvkVfavKVt22FGLw+xYSdzARwm0ru6DhTVA3umU5hZc28V3kO4stgYryrTlLpuvgI9GiijltAjNbcqA==', resolved: null });
  });
});
