import type { LockPackage } from '../../../contract';
import { describe, invalidLockfile, isRecord, keyPath, optionalMap, optionalString, parseYamlLockfile } from './lockfileText';
import { PackageGraph } from './packageGraph';

type Generation = 5 | 6 | 9;

const projectFields = [
  ['dependencies', false],
  ['optionalDependencies', false],
  ['devDependencies', true],
] as const;

/**
 * pnpm-lock.yaml, lockfileVersion 5.x (`/name/1.0.0_peer`), 6.0 (`/name@1.0.0(peer)`) and 9.0
 * (`name@1.0.0(peer)`, facts in `packages`, the graph in `snapshots`). Projects are `importers`
 * (a workspace) or, for one project before 9.0, the top-level dependency maps.
 */
export function parsePnpmLock(file: string, text: string): LockPackage[] {
  const lock = parseYamlLockfile(file, text);
  const generation = generationOf(file, lock.lockfileVersion);
  const packages = optionalMap(file, 'packages', lock.packages);
  const snapshots = generation === 9 ? optionalMap(file, 'snapshots', lock.snapshots) : packages;

  const graph = new PackageGraph('npm');
  const ids = new Map<string, string>();
  for (const [key, raw] of Object.entries(snapshots)) {
    const where = keyPath(generation === 9 ? 'snapshots' : 'packages', key);
    const snapshot = raw === null ? {} : raw;
    if (!isRecord(snapshot)) throw invalidLockfile(file, where, `expected a map, found ${describe(raw)}`);
    const parsed = parseKey(generation, key);
    const factsKey = generation === 9 ? `${parsed?.name}@${parsed?.version}` : key;
    const factsRaw = generation === 9 ? packages[factsKey] : snapshot;
    const facts = isRecord(factsRaw) ? factsRaw : {};
    // Tarball and git packages carry their own name and version; the key then is a URL.
    const name = optionalString(file, keyPath(where, 'name'), facts.name) ?? parsed?.name;
    const version = optionalString(file, keyPath(where, 'version'), facts.version === undefined ? undefined : String(facts.version)) ?? parsed?.version;
    if (!name || !version) throw invalidLockfile(file, where, 'neither the key nor the entry says which package and version this is');
    const resolution = optionalMap(file, keyPath(where, 'resolution'), facts.resolution);
    ids.set(
      key,
      graph.add(name, version, {
        resolved: optionalString(file, keyPath(where, 'resolution.tarball'), resolution.tarball) ?? optionalString(file, keyPath(where, 'resolution.repo'), resolution.repo),
        integrity: optionalString(file, keyPath(where, 'resolution.integrity'), resolution.integrity),
        // 9.0 dropped requiresBuild (pnpm decides at install), so absent means "cannot say" there.
        installScript: facts.requiresBuild === true ? true : generation === 9 ? null : false,
        // Before 9.0 pnpm writes `dev: true` (dev only), `dev: false` (production only) and leaves it out when both use it.
        dev: generation === 9 ? null : snapshot.dev === true,
      }),
    );
  }

  const resolve = (name: string, reference: unknown): string | null => {
    const value = isRecord(reference) ? reference.version : reference;
    if (typeof value !== 'string' && typeof value !== 'number') return null;
    const text = String(value);
    if (text.startsWith('link:')) return null;
    for (const key of candidateKeys(generation, name, text)) {
      const id = ids.get(key);
      if (id) return id;
    }
    return null;
  };

  for (const [key, raw] of Object.entries(snapshots)) {
    if (!isRecord(raw)) continue;
    for (const field of ['dependencies', 'optionalDependencies']) {
      for (const [name, reference] of Object.entries(optionalMap(file, keyPath(keyPath('packages', key), field), raw[field]))) {
        const target = resolve(name, reference);
        if (target) graph.depend(ids.get(key)!, target);
      }
    }
  }

  const importers = lock.importers === undefined ? { '.': lock } : optionalMap(file, 'importers', lock.importers);
  for (const [importer, raw] of Object.entries(importers)) {
    const project = optionalMap(file, keyPath('importers', importer), raw);
    for (const [field, dev] of projectFields) {
      for (const [name, reference] of Object.entries(optionalMap(file, keyPath(keyPath('importers', importer), field), project[field]))) {
        const target = resolve(name, reference);
        if (target) graph.depend(null, target, dev);
      }
    }
  }
  return graph.packages({ inferDev: generation === 9 });
}

function generationOf(file: string, raw: unknown): Generation {
  const version = String(raw ?? '');
  if (/^5(\.\d+)?$/.test(version)) return 5;
  if (/^6\.\d+$/.test(version)) return 6;
  if (/^9\.\d+$/.test(version)) return 9;
  throw invalidLockfile(file, 'lockfileVersion', raw === undefined ? 'missing: not a pnpm lockfile?' : `${JSON.stringify(raw)} is not a pnpm lockfile version Firebreak reads (5.x, 6.0, 9.0)`);
}

/** Name and version from a package key; peers (`_peer@1` in 5.x, `(peer@1)` later) are not part of the version. */
export function parseKey(generation: Generation, key: string): { name: string; version: string } | null {
  const bare = key.replace(/^\//, '');
  if (generation === 5) {
    const slash = bare.lastIndexOf('/');
    if (slash <= 0) return null;
    const name = bare.slice(0, slash);
    const version = bare.slice(slash + 1).split('_')[0]!;
    return name && version ? { name: name.replace(/^[^@/]+\.[^/]+\//, ''), version } : null;
  }
  const withoutPeers = bare.replace(/\(.*$/, '');
  const at = withoutPeers.lastIndexOf('@');
  if (at <= 0) return null;
  return { name: withoutPeers.slice(0, at), version: withoutPeers.slice(at + 1) };
}

/**
 * The keys a dependency reference can point at: a plain version (with peer suffix) under the
 * dependency's name, or an alias or non-registry reference that is itself a key.
 */
function candidateKeys(generation: Generation, name: string, reference: string): string[] {
  if (generation === 5) return [`/${name}/${reference}`, reference];
  if (generation === 6) return [`/${name}@${reference}`, reference, `/${reference}`];
  return [`${name}@${reference}`, reference];
}
