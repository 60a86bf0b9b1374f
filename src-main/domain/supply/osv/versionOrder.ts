import * as pep440 from '@renovatebot/pep440';
import semver from 'semver';
import type { SupplyEcosystem } from '../../../contract';

/**
 * Version order per ecosystem, as OSV matching needs it: npm and crates.io by SemVer 2.0
 * (pre-releases before their release), Go by SemVer with its `v` prefix (pseudo-versions are
 * pre-releases, so they sort before the release they precede), PyPI by PEP 440
 * (1.0rc1 < 1.0 < 1.0.post1). A version an order cannot read compares as null: no guess.
 */
export type VersionOrder = (a: string, b: string) => number | null;

function semverOf(version: string): semver.SemVer | null {
  // OSV writes Go versions without the `v` go.mod uses; both forms are accepted everywhere.
  const bare = version.startsWith('v') ? version.slice(1) : version;
  return semver.parse(bare);
}

export const semverOrder: VersionOrder = (a, b) => {
  const left = semverOf(a);
  const right = semverOf(b);
  return left && right ? semver.compare(left, right) : null;
};

export const pep440Order: VersionOrder = (a, b) => {
  if (!pep440.valid(a) || !pep440.valid(b)) return null;
  return pep440.compare(a, b);
};

export function ecosystemOrder(ecosystem: SupplyEcosystem): VersionOrder {
  return ecosystem === 'PyPI' ? pep440Order : semverOrder;
}

/** Whether the ecosystem's order can place `version` at all. */
export function isOrderable(ecosystem: SupplyEcosystem, version: string): boolean {
  return ecosystem === 'PyPI' ? pep440.valid(version) !== null : semverOf(version) !== null;
}
