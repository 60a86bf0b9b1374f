import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lockfile, LockPackage } from '../../../../src-main/contract';
import { diffLockfiles, resolvedHost } from '../../../../src-main/domain/supply/lockDiff';
import { parseWellKnownPackages } from '../../../../src-main/domain/supply/typosquat';

const wellKnown = parseWellKnownPackages(fs.readFileSync(path.join(__dirname, '../../../../resources/supply/well-known.yaml'), 'utf8'), 'well-known.yaml');

function npm(name: string, version: string, extra: Partial<LockPackage> = {}): LockPackage {
  const bare = name.replace(/^@[^/]+\//, '');
  return {
    ecosystem: 'npm',
    name,
    version,
    direct: true,
    paths: [[name]],
    resolved: `https://registry.npmjs.org/${name}/-/${bare}-${version}.tgz`,
    integrity: `sha512-${Buffer.from(`${name}@${version}`).toString('base64')}`,
    installScript: false,
    dev: false,
    ...extra,
  };
}

const lockfile = (file: string, packages: LockPackage[]): Lockfile => ({ file, kind: 'package-lock', packages });

const baseline = () => lockfile('/known-good/package-lock.json', [npm('express', '4.18.2'), npm('lodash', '4.17.20')]);

describe('diffLockfiles', () => {
  const baseline = lockfile('/known-good/package-lock.json', [npm('express', '4.18.2'), npm('lodash', '4.17.20'), npm('left-pad', '1.3.0'), npm('debug', '2.6.9'), npm('debug', '4.3.4')]);

  it('lists added, removed and changed packages by name', () => {
    const current = lockfile('/now/package-lock.json', [npm('express', '4.18.2'), npm('lodash', '4.17.21'), npm('debug', '2.6.9'), npm('debug', '4.3.4'), npm('chalk', '5.3.0')]);
    const diff = diffLockfiles(baseline, current, { wellKnown });
    expect(diff.changes).toEqual([
      { kind: 'added', ecosystem: 'npm', name: 'chalk', from: null, to: '5.3.0' },
      { kind: 'removed', ecosystem: 'npm', name: 'left-pad', from: '1.3.0', to: null },
      { kind: 'changed', ecosystem: 'npm', name: 'lodash', from: '4.17.20', to: '4.17.21' },
    ]);
    expect(diff.suspicions).toEqual([]);
    expect(diff.baseline).toEqual({ file: '/known-good/package-lock.json', kind: 'package-lock', packages: 5 });
  });

  it('compares the version sets of a name held at several versions', () => {
    const current = lockfile('/now', [npm('debug', '2.6.9'), npm('debug', '4.3.5'), npm('debug', '3.2.7'), npm('express', '4.18.2'), npm('lodash', '4.17.20'), npm('left-pad', '1.3.0')]);
    const debug = diffLockfiles(baseline, current).changes.filter((change) => change.name === 'debug');
    // 2.6.9 stayed: no entry for it; 4.3.4 moved within its major; 3.2.7 came beside them.
    expect(debug).toEqual([
      { kind: 'added', ecosystem: 'npm', name: 'debug', from: null, to: '3.2.7' },
      { kind: 'changed', ecosystem: 'npm', name: 'debug', from: '4.3.4', to: '4.3.5' },
    ]);
  });

  it('flags a resolved host that changed for the same name (dependency confusion)', () => {
    const current = lockfile('/now', [npm('express', '4.18.2'), npm('lodash', '4.17.20', { resolved: 'https://npm.evil.example/lodash/-/lodash-4.17.20.tgz' }), npm('left-pad', '1.3.0'), npm('debug', '2.6.9'), npm('debug', '4.3.4')]);
    const diff = diffLockfiles(baseline, current, { wellKnown });
    expect(diff.changes).toEqual([]);
    expect(diff.suspicions).toEqual([{ kind: 'resolved-host-changed', ecosystem: 'npm', name: 'lodash', version: '4.17.20', reason: 'resolved from registry.npmjs.org before, now from npm.evil.example' }]);
  });

  it('flags a new internal-looking package fetched from a host the baseline never used', () => {
    const current = lockfile('/now', [...baseline.packages, npm('@acme/billing-core', '99.0.0', { resolved: 'https://packages.attacker.example/@acme/billing-core/-/billing-core-99.0.0.tgz' })]);
    const [suspicion] = diffLockfiles(baseline, current, { wellKnown }).suspicions;
    expect(suspicion).toMatchObject({ kind: 'resolved-host-changed', name: '@acme/billing-core', version: '99.0.0' });
    expect(suspicion!.reason).toContain('packages.attacker.example, a host no baseline package came from (registry.npmjs.org)');
  });

  it('flags an added typosquat of a well-known package, with the reason', () => {
    const current = lockfile('/now', [...baseline.packages, npm('expresss', '1.0.0'), npm('reqeusts-lib', '1.0.0'), npm('lodahs', '1.0.0')]);
    const suspicions = diffLockfiles(baseline, current, { wellKnown }).suspicions.filter((suspicion) => suspicion.kind === 'typosquat');
    expect(suspicions.map((suspicion) => [suspicion.name, suspicion.reason])).toEqual([
      ['expresss', "one edit from 'express' (well-known)"],
      ['lodahs', "one edit from 'lodash' (well-known)"],
    ]);
  });

  it('flags a name one edit from another dependency of the baseline even when it is not well-known', () => {
    const base = lockfile('/a', [npm('acme-telemetry', '1.0.0')]);
    const current = lockfile('/b', [npm('acme-telemetry', '1.0.0'), npm('acme_telemetry', '1.0.1'), npm('acme-telemetyr', '1.0.0')]);
    const reasons = diffLockfiles(base, current).suspicions.map((suspicion) => `${suspicion.name}: ${suspicion.reason}`);
    expect(reasons).toEqual(["acme_telemetry: one edit from 'acme-telemetry' (a dependency the baseline already had), only a separator differs", "acme-telemetyr: one edit from 'acme-telemetry' (a dependency the baseline already had)"]);
  });

  it('flags scope confusion: a misspelt scope and a well-known name under a stranger scope', () => {
    const current = lockfile('/now', [...baseline.packages, npm('@typs/node', '20.0.0'), npm('@evil/lodash', '4.17.21')]);
    const reasons = Object.fromEntries(diffLockfiles(baseline, current, { wellKnown }).suspicions.map((suspicion) => [suspicion.name, suspicion.reason]));
    expect(reasons['@typs/node']).toBe("scope '@typs' is one edit from '@types' of '@types/node' (well-known)");
    expect(reasons['@evil/lodash']).toBe("'@evil/lodash' takes the name of 'lodash' (well-known) under the scope '@evil', which no known package uses");
  });

  it('raises no typosquat for well-known names, short names or honest scoped packages', () => {
    const current = lockfile('/now', [...baseline.packages, npm('colors', '1.4.0'), npm('color', '4.2.3'), npm('through2', '4.0.2'), npm('mysql2', '3.6.0'), npm('qs', '6.11.0'), npm('ps', '1.0.0'), npm('ws', '8.0.0'), npm('@types/lodash', '4.14.0'), npm('@types/express', '4.17.0'), npm('@babel/core', '7.23.0'), npm('react', '18.2.0'), npm('zustand', '4.4.0')]);
    expect(diffLockfiles(baseline, current, { wellKnown }).suspicions).toEqual([]);
  });

  it('flags an install script that appeared and a changed checksum for the same version', () => {
    const current = lockfile('/now', [
      npm('express', '4.18.2', { integrity: 'sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==' }),
      npm('lodash', '4.17.20', { installScript: true }),
      npm('left-pad', '1.3.0', { integrity: 'sha1-deadbeef' }),
      npm('debug', '2.6.9'),
      npm('debug', '4.3.4'),
      npm('node-ipc-helper', '1.0.0', { installScript: true }),
    ]);
    const kinds = diffLockfiles(baseline, current, { wellKnown }).suspicions.map((suspicion) => [suspicion.kind, suspicion.name, suspicion.reason.split(':')[0]]);
    // left-pad's sha1 cannot be compared with the baseline's sha512: no alarm.
    expect(kinds).toEqual([
      ['integrity-changed', 'express', 'same version, different sha512 checksum'],
      ['install-script-added', 'lodash', "lodash@4.17.20 runs an install script; the baseline's 4.17.20 did not"],
      ['install-script-added', 'node-ipc-helper', 'new package node-ipc-helper@1.0.0 runs an install script'],
    ]);
  });

  it('matches PyPI names as PEP 503 does and compares crates and Go modules too', () => {
    const py = (name: string, version: string): LockPackage => ({ ecosystem: 'PyPI', name, version, direct: true, paths: [], resolved: null, integrity: null, installScript: null, dev: null });
    const base: Lockfile = { file: '/r.txt', kind: 'requirements', packages: [py('Flask', '2.0.0'), py('python_dateutil', '2.8.2')] };
    const current: Lockfile = { file: '/r2.txt', kind: 'requirements', packages: [py('flask', '2.0.0'), py('python-dateutil', '2.9.0'), py('reqests', '2.31.0')] };
    const diff = diffLockfiles(base, current, { wellKnown });
    expect(diff.changes).toEqual([
      { kind: 'changed', ecosystem: 'PyPI', name: 'python-dateutil', from: '2.8.2', to: '2.9.0' },
      { kind: 'added', ecosystem: 'PyPI', name: 'reqests', from: null, to: '2.31.0' },
    ]);
    expect(diff.suspicions).toEqual([{ kind: 'typosquat', ecosystem: 'PyPI', name: 'reqests', version: '2.31.0', reason: "one edit from 'requests' (well-known)" }]);
  });
});

describe('resolvedHost', () => {
  it('reads hosts from the forms lockfiles write, and treats one registry under two names as one', () => {
    expect(resolvedHost('https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz')).toBe('registry.npmjs.org');
    expect(resolvedHost('https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz#abc')).toBe('registry.npmjs.org');
    expect(resolvedHost('git+ssh://git@github.com/acme/tool.git#v1')).toBe('github.com');
    expect(resolvedHost('git@gitlab.example.com:acme/tool.git')).toBe('gitlab.example.com');
    expect(resolvedHost('registry+https://github.com/rust-lang/crates.io-index')).toBe('crates.io');
    expect(resolvedHost('sparse+https://index.crates.io/')).toBe('crates.io');
    // yarn berry's resolution names no place: whichever registry is configured.
    expect(resolvedHost('debug@npm:4.4.3')).toBeNull();
    expect(resolvedHost('file:../local-package')).toBeNull();
  });

  it('raises nothing when a lockfile moves from npm to yarn or from Cargo\'s git index to its sparse one', () => {
    const yarned = lockfile('/yarn.lock', baseline().packages.map((pkg) => ({ ...pkg, resolved: pkg.resolved!.replace('registry.npmjs.org', 'registry.yarnpkg.com') })));
    expect(diffLockfiles(baseline(), yarned).suspicions).toEqual([]);
    const crate = (resolved: string): LockPackage => ({ ...npm('serde', '1.0.0'), ecosystem: 'crates.io', resolved, integrity: null });
    expect(diffLockfiles(lockfile('/a', [crate('registry+https://github.com/rust-lang/crates.io-index')]), lockfile('/b', [crate('sparse+https://index.crates.io/')])).suspicions).toEqual([]);
  });

  it('counts the default registry as known when the baseline writes no URL for it (pnpm)', () => {
    const pnpm = lockfile('/pnpm-lock.yaml', [npm('express', '4.18.2', { resolved: null }), npm('@acme/audit', '1.0.0', { resolved: 'https://npm.acme.example/@acme/audit/-/audit-1.0.0.tgz' })]);
    expect(diffLockfiles(pnpm, lockfile('/now', [...pnpm.packages, npm('chalk', '5.3.0')])).suspicions).toEqual([]);
    expect(diffLockfiles(pnpm, lockfile('/now', [...pnpm.packages, npm('chalk', '5.3.0', { resolved: 'https://mirror.evil.example/chalk-5.3.0.tgz' })])).suspicions.map((suspicion) => suspicion.reason)).toEqual([
      'new package resolved from mirror.evil.example, a host no baseline package came from (npm.acme.example, registry.npmjs.org)',
    ]);
  });

  it('does not call an install script new when the baseline could not say (npm v1)', () => {
    const silent = lockfile('/v1', [npm('better-sqlite3', '12.0.0', { installScript: null })]);
    expect(diffLockfiles(silent, lockfile('/v3', [npm('better-sqlite3', '12.0.0', { installScript: true })])).suspicions).toEqual([]);
  });
});

describe('the well-known list', () => {
  it('ships names for every ecosystem, a few hundred for npm', () => {
    expect(wellKnown.npm!.length).toBeGreaterThan(300);
    expect(wellKnown.PyPI!.length).toBeGreaterThan(100);
    expect(wellKnown['crates.io']!.length).toBeGreaterThan(50);
    expect(wellKnown.Go!.length).toBeGreaterThan(40);
  });

  it('refuses a broken list with the file and the place', () => {
    expect(() => parseWellKnownPackages('npm:\n  - lodash\n  - ""\n', '/r/well-known.yaml')).toThrow('/r/well-known.yaml at npm[1]: must be a package name');
    expect(() => parseWellKnownPackages('nmp:\n  - lodash\n', '/r/well-known.yaml')).toThrow("/r/well-known.yaml: unknown ecosystem 'nmp' (expected npm, crates.io, Go, PyPI)");
    expect(() => parseWellKnownPackages('- lodash\n', '/r/well-known.yaml')).toThrow('/r/well-known.yaml: must map ecosystems');
    expect(() => parseWellKnownPackages('npm: [lodash\n', '/r/well-known.yaml')).toThrow(/\/r\/well-known.yaml line \d+: not valid YAML/);
  });
});

describe('diffLockfiles: copies, implied registries and downgrades', () => {
  it('checks every copy of a version: a nested copy from another host with another checksum is flagged', () => {
    const x = npm('x', '1.0.0');
    const nested: LockPackage = { ...x, paths: [['y', 'x']], resolved: 'https://evil.example/x-1.0.0.tgz', integrity: 'sha512-ZXZpbA==' };
    const diff = diffLockfiles(lockfile('/a/package-lock.json', [x]), lockfile('/b/package-lock.json', [x, nested]));
    expect(diff.changes).toEqual([]);
    expect(diff.suspicions.map((suspicion) => suspicion.kind).sort()).toEqual(['integrity-changed', 'resolved-host-changed']);
  });

  it('compares a baseline package without a URL with its ecosystem registry, under any of its names', () => {
    const implied = npm('lodash', '4.17.21', { resolved: null });
    const yarn = npm('lodash', '4.17.21', { resolved: 'https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz' });
    const evil = npm('lodash', '4.17.21', { resolved: 'lodash@https://evil.example/lodash-4.17.21.tgz' });
    expect(diffLockfiles(lockfile('/a/pnpm-lock.yaml', [implied]), lockfile('/b/package-lock.json', [yarn])).suspicions).toEqual([]);
    expect(diffLockfiles(lockfile('/a/pnpm-lock.yaml', [implied]), lockfile('/b/yarn.lock', [evil])).suspicions.map((suspicion) => suspicion.kind)).toEqual(['resolved-host-changed']);
    const pypi = (resolved: string | null): LockPackage => ({ ...npm('requests', '2.31.0'), ecosystem: 'PyPI', resolved, integrity: null });
    expect(diffLockfiles(lockfile('/a/poetry.lock', [pypi(null)]), lockfile('/b/poetry.lock', [pypi('https://files.pythonhosted.org/packages/requests-2.31.0.whl')])).suspicions).toEqual([]);
  });

  it('flags a package taken back to a lower version only, by the ecosystem order', () => {
    const before = lockfile('/a/package-lock.json', [npm('minimist', '1.2.8'), npm('semver', '7.5.4')]);
    const after = lockfile('/b/package-lock.json', [npm('minimist', '1.2.5'), npm('semver', '7.10.0')]);
    const downgraded = diffLockfiles(before, after).suspicions.filter((suspicion) => suspicion.kind === 'version-downgraded');
    expect(downgraded.map((suspicion) => [suspicion.name, suspicion.version])).toEqual([['minimist', '1.2.5']]);
  });
});
