import { describe, expect, it } from 'vitest';
import { diffLockfiles } from '../../../src-main/domain/supply/lockDiff';
import { parseLockfile } from '../../../src-main/domain/supply/lockfiles/parseLockfile';
import { sbomFromLockfile } from '../../../src-main/domain/supply/sbom';

// A lockfile may hold the same name at the same version twice (npm nests a copy under another
// package; Cargo allows one per source). An attacker adds the second copy from their own host:
// keeping only the first copy's facts hides it from lockdiff and from the SBOM.
const npmBaseline = {
  name: 'app',
  lockfileVersion: 3,
  packages: {
    '': { name: 'app', dependencies: { x: '1', y: '1' } },
    'node_modules/x': { version: '1.0.0', resolved: 'https://registry.npmjs.org/x/-/x-1.0.0.tgz', integrity: 'sha512-Z29vZA==' },
    'node_modules/y': { version: '1.0.0', resolved: 'https://registry.npmjs.org/y/-/y-1.0.0.tgz', integrity: 'sha512-eWdvb2Q=', dependencies: { x: '1' } },
  },
};
const npmCurrent = {
  ...npmBaseline,
  packages: { ...npmBaseline.packages, 'node_modules/y/node_modules/x': { version: '1.0.0', resolved: 'https://evil.example/x-1.0.0.tgz', integrity: 'sha512-ZXZpbA==' } },
};
const npm = (value: unknown) => parseLockfile('/tmp/app/package-lock.json', JSON.stringify(value));

const cargo = (packages: string, dependencies = '"serde"') => parseLockfile('/tmp/app/Cargo.lock', `version = 3\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [${dependencies}]\n${packages}`);
// As cargo writes the dependencies of a name held from two sources.
const both = '"serde 1.0.0 (git+https://evil.example/serde#0123abcd)", "serde 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)"';
const crates = '\n[[package]]\nname = "serde"\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "aaaa"\n';
const fromGit = '\n[[package]]\nname = "serde"\nversion = "1.0.0"\nsource = "git+https://evil.example/serde#0123abcd"\n';

describe('lockdiff with a second copy of a package at the same version', () => {
  it('flags a nested npm copy resolved from a new host with another checksum', () => {
    const diff = diffLockfiles(npm(npmBaseline), npm(npmCurrent));
    expect(diff.suspicions.map((suspicion) => [suspicion.kind, suspicion.name])).toContainEqual(['resolved-host-changed', 'x']);
  });

  it('lists the nested copy from the other host in the SBOM', () => {
    const sbom = JSON.stringify(sbomFromLockfile(npm(npmCurrent), new Date('2026-01-01T00:00:00Z')));
    expect(sbom).toContain('evil.example');
  });

  it('flags a Cargo package added from a git source beside the crates.io one, whatever their order', () => {
    const before = cargo(crates);
    expect(diffLockfiles(before, cargo(fromGit + crates, both)).suspicions.map((suspicion) => suspicion.kind)).toContain('resolved-host-changed');
    expect(diffLockfiles(before, cargo(crates + fromGit, both)).suspicions.map((suspicion) => suspicion.kind)).toContain('resolved-host-changed');
  });

  it('does not give a git-sourced copy the checksum of the crates.io copy', () => {
    const git = cargo(fromGit + crates, both).packages.find((pkg) => pkg.resolved?.startsWith('git+'));
    expect(git?.integrity ?? null).toBeNull();
  });
});
