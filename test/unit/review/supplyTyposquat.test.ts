import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lockfile, LockPackage } from '../../../src-main/contract';
import { diffLockfiles } from '../../../src-main/domain/supply/lockDiff';
import { loadWellKnownPackages } from '../../../src-main/services/supply/wellKnownPackages';

// The shipped well-known list, as `scan lockdiff` uses it.
const wellKnown = loadWellKnownPackages(path.resolve('resources'));

const pkg = (name: string, version = '1.0.0'): LockPackage => ({
  ecosystem: 'npm',
  name,
  version,
  direct: true,
  paths: [[name]],
  resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`,
  integrity: null,
  installScript: null,
  dev: null,
});
const lockfile = (names: string[]): Lockfile => ({ file: '/tmp/app/package-lock.json', kind: 'package-lock', packages: names.map((name) => pkg(name)).sort((a, b) => (a.name < b.name ? -1 : 1)) }) as unknown as Lockfile;

describe('typosquat suspicions on packages every JavaScript developer installs', () => {
  // Each of these has millions of weekly downloads and is a dependency of well-known packages
  // (xtend of through2, trough of unified): calling them look-alikes teaches responders to ignore the column.
  it.each([
    ['preact', 'react'],
    ['xtend', 'extend'],
    ['trough', 'through'],
    ['@storybook/react', 'react'],
    ['@axe-core/playwright', 'playwright'],
  ])('does not call %s a look-alike of %s', (added) => {
    const diff = diffLockfiles(lockfile(['lodash']), lockfile(['lodash', added]), { wellKnown });
    expect(diff.suspicions.filter((suspicion) => suspicion.kind === 'typosquat')).toEqual([]);
  });

  it('still flags a real look-alike of a well-known name (a defence that holds)', () => {
    const diff = diffLockfiles(lockfile(['lodash']), lockfile(['lodash', 'lodahs', '@typs/node']), { wellKnown });
    expect(diff.suspicions.filter((suspicion) => suspicion.kind === 'typosquat').map((suspicion) => suspicion.name).sort()).toEqual(['@typs/node', 'lodahs']);
  });
});
