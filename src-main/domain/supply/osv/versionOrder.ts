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

/**
 * Parsed versions, kept: an audit compares one package version with every event of every advisory
 * of that package, and parsing again each time was most of its time. Bounded: cleared when full.
 */
const cacheLimit = 200_000;
const semverCache = new Map<string, semver.SemVer | null>();
const pep440Valid = new Map<string, boolean>();
const pep440Compared = new Map<string, number>();
const pep440Keys = new Map<string, string | null>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(key, value);
  return value;
}

function semverOf(version: string): semver.SemVer | null {
  const known = semverCache.get(version);
  if (known !== undefined) return known;
  // OSV writes Go versions without the `v` go.mod uses; both forms are accepted everywhere.
  const bare = version.startsWith('v') ? version.slice(1) : version;
  return remember(semverCache, version, semver.parse(bare));
}

function isPep440(version: string): boolean {
  return pep440Valid.get(version) ?? remember(pep440Valid, version, pep440.valid(version) !== null);
}

export const semverOrder: VersionOrder = (a, b) => {
  const left = semverOf(a);
  const right = semverOf(b);
  return left && right ? semver.compare(left, right) : null;
};

export const pep440Order: VersionOrder = (a, b) => {
  if (!isPep440(a) || !isPep440(b)) return null;
  if (a === b) return 0;
  const key = `${a}\n${b}`;
  return pep440Compared.get(key) ?? remember(pep440Compared, key, pep440.compare(a, b));
};

export function ecosystemOrder(ecosystem: SupplyEcosystem): VersionOrder {
  return ecosystem === 'PyPI' ? pep440Order : semverOrder;
}

/** Whether the ecosystem's order can place `version` at all. */
export function isOrderable(ecosystem: SupplyEcosystem, version: string): boolean {
  return ecosystem === 'PyPI' ? isPep440(version) : semverOf(version) !== null;
}

/**
 * PEP 440's normal form for equality: case folded, `-1` read as `.post1`, trailing zero release
 * parts dropped (2.31 == 2.31.0), numeric local parts as numbers. Null when not PEP 440.
 */
function pep440Key(version: string): string | null {
  const known = pep440Keys.get(version);
  if (known !== undefined) return known;
  const parts = pep440.explain(version);
  let key: string | null = null;
  if (parts) {
    const release = [...parts.release];
    while (release.length > 1 && release[release.length - 1] === 0) release.pop();
    const local = parts.local === null ? '' : `+${parts.local.split('.').map((part) => (/^\d+$/.test(part) ? String(Number(part)) : part)).join('.')}`;
    key = `${parts.epoch}!${release.join('.')}${parts.pre ? parts.pre.join('') : ''}${parts.post === null ? '' : `.post${parts.post}`}${parts.dev === null ? '' : `.dev${parts.dev}`}${local}`;
  }
  return remember(pep440Keys, version, key);
}

/**
 * The spelling under which two versions of an ecosystem are the same version, for OSV `versions`
 * lists: PyPI by PEP 440 equality (`2.31` is `2.31.0`, `1.0RC1` is `1.0rc1`); Go with or without the
 * `v` the Go vulnerability database leaves out (the `+incompatible` suffix still counts); npm and
 * crates.io as written, since their registries publish each version under one exact string.
 */
export function versionKey(ecosystem: SupplyEcosystem, version: string): string {
  if (ecosystem === 'PyPI') return pep440Key(version) ?? version;
  if (ecosystem === 'Go') return version.startsWith('v') ? version.slice(1) : version;
  return version;
}
