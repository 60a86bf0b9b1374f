import type { SupplyEcosystem } from '../../contract';

/**
 * The key a package is matched by across lockfiles and advisories: PyPI names compare as PEP 503
 * normalises them (case and runs of `-`, `_`, `.` do not matter); the other ecosystems' names as written.
 */
export function packageKey(ecosystem: SupplyEcosystem, name: string): string {
  return ecosystem === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}

/** Package versions a lockfile holds, a version kept from two places (a second index, a nested copy) counted once. */
export function distinctVersions(packages: readonly { ecosystem: SupplyEcosystem; name: string; version: string }[]): number {
  return new Set(packages.map((entry) => `${entry.ecosystem}\0${packageKey(entry.ecosystem, entry.name)}\0${entry.version}`)).size;
}
