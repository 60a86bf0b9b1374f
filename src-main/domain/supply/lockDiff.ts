import type { LockChange, LockDiff, Lockfile, LockPackage, LockSuspicion, SupplyEcosystem } from '../../contract';
import { ecosystemOrder } from './osv/versionOrder';
import { packageKey } from './packageNames';
import { TyposquatIndex, type WellKnownPackages } from './typosquat';

export interface LockDiffOptions {
  /** Names a typosquat would imitate, per ecosystem (resources/supply/well-known.yaml); without them only the lockfiles' own names are compared. */
  wellKnown?: WellKnownPackages;
}

interface Entry {
  ecosystem: SupplyEcosystem;
  /** As the lockfile writes it (the first seen). */
  name: string;
  /** Every copy of each version: npm nests a second copy, Cargo keeps one per source. */
  versions: Map<string, LockPackage[]>;
}

/**
 * The key a version is filed under: PyPI's `3.2` and `3.2.0` are one release (PEP 440), so a
 * version equal by the ecosystem's order to one already filed joins it.
 */
function versionKey(ecosystem: SupplyEcosystem, version: string, filed: Iterable<string>): string {
  if (ecosystem !== 'PyPI') return version;
  const order = ecosystemOrder(ecosystem);
  for (const known of filed) if (known === version || order(known, version) === 0) return known;
  return version;
}

function group(lockfile: Lockfile, canonical?: Map<string, Entry>): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const pkg of lockfile.packages) {
    const id = `${pkg.ecosystem}\u0000${packageKey(pkg.ecosystem, pkg.name)}`;
    let entry = entries.get(id);
    if (!entry) entries.set(id, (entry = { ecosystem: pkg.ecosystem, name: pkg.name, versions: new Map() }));
    // The other lockfile's spelling first, so that `3.2` here meets `3.2.0` there.
    const key = versionKey(pkg.ecosystem, pkg.version, [...(canonical?.get(id)?.versions.keys() ?? []), ...entry.versions.keys()]);
    const copies = entry.versions.get(key);
    if (copies) copies.push(pkg);
    else entry.versions.set(key, [pkg]);
  }
  return entries;
}

export const naturalOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
const major = (version: string) => /^v?(\d+)/.exec(version)?.[1] ?? version;

/**
 * Pairs the versions a name lost with those it gained: same major first (`4.17.20` → `4.17.21`),
 * then in order; what is left over was added (`from` null) or removed (`to` null) beside versions
 * that stayed. Shared with the SBOM comparison.
 */
export function pairVersions(gone: readonly string[], come: readonly string[]): { from: string | null; to: string | null }[] {
  const pairs: { from: string | null; to: string | null }[] = [];
  const left = [...gone].sort(naturalOrder);
  const right = [...come].sort(naturalOrder);
  for (const from of [...left]) {
    const index = right.findIndex((to) => major(to) === major(from));
    if (index < 0) continue;
    pairs.push({ from, to: right[index]! });
    right.splice(index, 1);
    left.splice(left.indexOf(from), 1);
  }
  while (left.length > 0 && right.length > 0) pairs.push({ from: left.shift()!, to: right.shift()! });
  for (const from of left) pairs.push({ from, to: null });
  for (const to of right) pairs.push({ from: null, to });
  return pairs;
}

export const changeKind = (pair: { from: string | null; to: string | null }): LockChange['kind'] => (pair.from === null ? 'added' : pair.to === null ? 'removed' : 'changed');

function versionChanges(ecosystem: SupplyEcosystem, name: string, gone: string[], come: string[]): LockChange[] {
  return pairVersions(gone, come).map((pair) => ({ kind: changeKind(pair), ecosystem, name, ...pair }));
}

// Different names of one registry: a lockfile moved between tools must not look like a new source.
const sameRegistry: [RegExp, string][] = [
  [/^registry\.yarnpkg\.com$/, 'registry.npmjs.org'],
  // PyPI's index and the host its files are served from.
  [/^files\.pythonhosted\.org$/, 'pypi.org'],
  // Cargo's git index on GitHub, its sparse index and its download host are all crates.io.
  [/^(index|static)\.crates\.io$/, 'crates.io'],
];

/** The registry a package with no URL came from (pnpm, yarn berry `npm:` and Poetry write none for it). */
export const defaultRegistries: Record<SupplyEcosystem, string> = { npm: 'registry.npmjs.org', 'crates.io': 'crates.io', PyPI: 'pypi.org', Go: 'proxy.golang.org' };

/**
 * The host a package came from: `registry.npmjs.org`, `github.com` (git URLs, `git@host:path`),
 * `crates.io` (Cargo's registry index, git or sparse). Null when the lockfile names no place (yarn
 * berry's `name@npm:1.0.0` means whichever registry is configured).
 */
export function resolvedHost(written: string | null): string | null {
  if (!written) return null;
  // yarn berry's resolution `name@https://host/…`: the URL after the name.
  const berry = /^(?:@[^/@]+\/)?[^/@]+@((?:git\+)?[a-z]+:\/\/.*)$/i.exec(written);
  const resolved = berry ? berry[1]! : written;
  if (/^(registry|sparse)\+https:\/\/(github\.com\/rust-lang\/crates\.io-index|index\.crates\.io)/.test(resolved)) return 'crates.io';
  const scpLike = /^[\w.-]+@([\w-]+(?:\.[\w-]+)+):[^/\d]/.exec(resolved);
  let host: string | null = scpLike ? scpLike[1]!.toLowerCase() : null;
  if (!host && resolved.includes('://')) {
    try {
      host = new URL(resolved.replace(/^(registry|git|sparse)\+/, '')).hostname.toLowerCase() || null;
    } catch {
      host = null;
    }
  }
  if (!host) return null;
  for (const [pattern, name] of sameRegistry) if (pattern.test(host)) return name;
  return host;
}

/** `sha512-…`, `sha1-…` (several, space-separated, in npm), `h1:…` (go.sum), bare hex (Cargo). */
function checksums(integrity: string | null): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of (integrity ?? '').split(/\s+/).filter(Boolean)) {
    const match = /^([a-z0-9]+)[-:](.+)$/i.exec(part);
    if (match) found.set(match[1]!.toLowerCase(), match[2]!);
    else found.set('checksum', part);
  }
  return found;
}

/** Two checksums of one version disagree in an algorithm both record (a v1 lockfile's sha1 beside a v3's sha512 is no conflict). */
function integrityConflict(before: string | null, after: string | null): string | null {
  const left = checksums(before);
  for (const [algorithm, value] of checksums(after)) {
    const old = left.get(algorithm);
    if (old !== undefined && old !== value) return algorithm;
  }
  return null;
}

const describe = (pkg: LockPackage) => `${pkg.name}@${pkg.version}`;

/** Where a baseline package came from: its URL's host, else (no URL, or berry's `name@npm:1.0.0`) the ecosystem's registry. */
function baselineHost(pkg: LockPackage): string | null {
  const host = resolvedHost(pkg.resolved);
  if (host) return host;
  return pkg.resolved === null || /^(?:@[^/@]+\/)?[^/@]+@npm:/.test(pkg.resolved) ? defaultRegistries[pkg.ecosystem] : null;
}

/** Whether every version in `now` is lower than the highest of `was` by the ecosystem's order (null: some cannot be ordered). */
function onlyLower(ecosystem: SupplyEcosystem, was: readonly string[], now: readonly string[]): boolean {
  const order = ecosystemOrder(ecosystem);
  const highest = was.reduce<string | null>((best, version) => (best === null || (order(version, best) ?? 0) > 0 ? version : best), null);
  if (highest === null || now.length === 0) return false;
  return now.every((version) => {
    const compared = order(version, highest);
    return compared !== null && compared < 0;
  });
}

/** Added, removed and changed packages of `current` against `baseline`, and what needs a look. */
export function diffLockfiles(baseline: Lockfile, current: Lockfile, options: LockDiffOptions = {}): LockDiff {
  const before = group(baseline);
  const after = group(current, before);
  const changes: LockChange[] = [];
  const suspicions: LockSuspicion[] = [];
  const suspect = (kind: LockSuspicion['kind'], pkg: LockPackage, reason: string) => suspicions.push({ kind, ecosystem: pkg.ecosystem, name: pkg.name, version: pkg.version, reason });

  const baselineHosts = new Map<SupplyEcosystem, Set<string>>();
  for (const pkg of baseline.packages) {
    // pnpm and others write no URL for the default registry: a package without one came from there.
    const host = baselineHost(pkg);
    if (host) baselineHosts.set(pkg.ecosystem, (baselineHosts.get(pkg.ecosystem) ?? new Set()).add(host));
  }
  const indexes = new Map<SupplyEcosystem, TyposquatIndex>();
  const typosquats = (ecosystem: SupplyEcosystem) => {
    let index = indexes.get(ecosystem);
    if (!index) {
      const established = [...before.values()].filter((entry) => entry.ecosystem === ecosystem).map((entry) => entry.name);
      indexes.set(ecosystem, (index = new TyposquatIndex({ ecosystem, wellKnown: options.wellKnown?.[ecosystem] ?? [], established })));
    }
    return index;
  };

  for (const [id, entry] of before) {
    if (!after.has(id)) for (const from of entry.versions.keys()) changes.push({ kind: 'removed', ecosystem: entry.ecosystem, name: entry.name, from, to: null });
  }
  for (const [id, entry] of after) {
    const old = before.get(id);
    const packages = [...entry.versions.values()].flat();
    if (!old) {
      for (const to of entry.versions.keys()) changes.push({ kind: 'added', ecosystem: entry.ecosystem, name: entry.name, from: null, to });
      const typo = typosquats(entry.ecosystem).check(entry.name);
      for (const pkg of packages) {
        if (typo) suspect('typosquat', pkg, typo.reason);
        const host = resolvedHost(pkg.resolved);
        const known = baselineHosts.get(pkg.ecosystem);
        // Dependency confusion: a new name fetched from somewhere the known-good lockfile never fetched from.
        if (host && known && !known.has(host)) suspect('resolved-host-changed', pkg, `new package resolved from ${host}, a host no baseline package came from (${[...known].sort().join(', ')})`);
        if (pkg.installScript === true) suspect('install-script-added', pkg, `new package ${describe(pkg)} runs an install script`);
      }
      continue;
    }
    const gone = [...old.versions.keys()].filter((version) => !entry.versions.has(version));
    const come = [...entry.versions.keys()].filter((version) => !old.versions.has(version));
    changes.push(...versionChanges(entry.ecosystem, entry.name, gone, come));

    const oldPackages = [...old.versions.values()].flat();
    const oldHosts = new Set(oldPackages.flatMap((pkg) => baselineHost(pkg) ?? []));
    // Only when the baseline said "no script": an npm v1 lockfile cannot say, and its silence is not a no.
    const scriptlessBefore = oldPackages.every((pkg) => pkg.installScript === false);
    for (const [version, copies] of entry.versions) {
      for (const pkg of copies) {
        const host = resolvedHost(pkg.resolved);
        if (host && oldHosts.size > 0 && !oldHosts.has(host)) suspect('resolved-host-changed', pkg, `resolved from ${[...oldHosts].sort().join(', ')} before, now from ${host}`);
        if (pkg.installScript === true && scriptlessBefore) suspect('install-script-added', pkg, `${describe(pkg)} runs an install script; the baseline's ${[...old.versions.keys()].join(', ')} did not`);
        // A copy matching any baseline copy of its version is no change; one matching none is.
        const same = old.versions.get(version) ?? [];
        const conflicts = same.map((prior) => ({ prior, algorithm: integrityConflict(prior.integrity, pkg.integrity) }));
        if (conflicts.length > 0 && conflicts.every((conflict) => conflict.algorithm !== null)) {
          const { prior, algorithm } = conflicts[0]!;
          suspect('integrity-changed', pkg, `same version, different ${algorithm} checksum: the published files differ from the baseline's (${prior.integrity} before, ${pkg.integrity} now)`);
        }
      }
    }
    if (come.length > 0 && onlyLower(entry.ecosystem, [...old.versions.keys()], [...entry.versions.keys()])) {
      for (const version of come) {
        suspect('version-downgraded', entry.versions.get(version)![0]!, `${entry.name} went back from ${[...old.versions.keys()].join(', ')} to ${version}: an older release may carry fixed vulnerabilities`);
      }
    }
  }

  const byName = (a: { ecosystem: string; name: string }, b: { ecosystem: string; name: string }) => a.ecosystem.localeCompare(b.ecosystem) || a.name.localeCompare(b.name);
  changes.sort((a, b) => byName(a, b) || naturalOrder(a.from ?? a.to ?? '', b.from ?? b.to ?? ''));
  suspicions.sort((a, b) => byName(a, b) || naturalOrder(a.version, b.version) || a.kind.localeCompare(b.kind));
  return {
    baseline: { file: baseline.file, kind: baseline.kind, packages: baseline.packages.length },
    current: { file: current.file, kind: current.kind, packages: current.packages.length },
    changes,
    suspicions,
  };
}
