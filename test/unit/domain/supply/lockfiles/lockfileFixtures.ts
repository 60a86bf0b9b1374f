import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Lockfile, LockPackage } from '../../../../../src-main/contract';
import { parseLockfile } from '../../../../../src-main/domain/supply/lockfiles/parseLockfile';

export const fixtureRoot = join(__dirname, '../../../../fixtures/supply/lockfiles');

/** Parses `test/fixtures/supply/lockfiles/<folder>/<name>` as the readers would see it. */
export function parseFixture(folder: string, name: string): Lockfile {
  const file = join(fixtureRoot, folder, name);
  return parseLockfile(file, readFileSync(file, 'utf8'));
}

/** The one package of that name and version; fails the test naming what the lockfile held instead. */
export function packageOf(lock: Lockfile, name: string, version: string): LockPackage {
  const found = lock.packages.filter((entry) => entry.name === name && entry.version === version);
  expect(found, `${name}@${version} among ${lock.packages.map((entry) => `${entry.name}@${entry.version}`).join(', ')}`).toHaveLength(1);
  return found[0]!;
}

export function namesAndVersions(lock: Lockfile): string[] {
  return lock.packages.map((entry) => `${entry.name}@${entry.version}`);
}

export function directNames(lock: Lockfile): string[] {
  return lock.packages.filter((entry) => entry.direct).map((entry) => entry.name);
}
