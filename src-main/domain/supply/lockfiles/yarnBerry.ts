import type { LockPackage } from '../../../contract';
import { describe, invalidLockfile, isRecord, keyPath, optionalMap, optionalString, parseYamlLockfile } from './lockfileText';
import { PackageGraph } from './packageGraph';
import { splitDescriptor } from './yarnClassic';

/** Lockfile versions yarn 2 to 4 write (`__metadata.version`). */
const knownVersions = new Set([3, 4, 5, 6, 7, 8]);

/**
 * yarn.lock of yarn 2+ (berry): YAML with `__metadata`, keys listing descriptors
 * (`"lodash@npm:^4.17.0, lodash@npm:^4.17.21"`), `resolution` naming the locator. Entries
 * resolved from `workspace:` are the project: their dependencies are the direct ones.
 */
export function parseYarnBerry(file: string, text: string): LockPackage[] {
  const lock = parseYamlLockfile(file, text);
  const metadata = optionalMap(file, '__metadata', lock.__metadata);
  const version = Number(metadata.version);
  if (!knownVersions.has(version)) {
    throw invalidLockfile(file, '__metadata.version', `${JSON.stringify(metadata.version ?? null)} is not a yarn lockfile version Firebreak reads (3 to 8)`);
  }

  const graph = new PackageGraph('npm');
  const byDescriptor = new Map<string, string | null>();
  const entries: { key: string; id: string | null; entry: Record<string, unknown> }[] = [];
  for (const [key, raw] of Object.entries(lock)) {
    if (key === '__metadata') continue;
    const where = JSON.stringify(key);
    if (!isRecord(raw)) throw invalidLockfile(file, where, `expected an entry, found ${describe(raw)}`);
    const resolution = optionalString(file, keyPath(where, 'resolution'), raw.resolution);
    const locator = resolution ? splitDescriptor(resolution) : null;
    if (!locator) throw invalidLockfile(file, keyPath(where, 'resolution'), resolution ? `not a \`name@reference\` locator: ${resolution}` : 'missing');
    let id: string | null = null;
    if (!locator.range.startsWith('workspace:')) {
      const packageVersion = optionalString(file, keyPath(where, 'version'), raw.version === undefined ? undefined : String(raw.version));
      if (packageVersion === null) throw invalidLockfile(file, keyPath(where, 'version'), 'missing');
      id = graph.add(locator.name, packageVersion, {
        resolved: resolution,
        integrity: optionalString(file, keyPath(where, 'checksum'), raw.checksum),
      });
    }
    entries.push({ key, id, entry: raw });
    for (const descriptor of key.split(',')) byDescriptor.set(descriptor.trim(), id);
  }

  // Older berry files write ranges bare (`^1.0.0`) where descriptors carry `npm:`; try both.
  const lookup = (name: string, range: string): string | null | undefined =>
    byDescriptor.get(`${name}@${range}`) ?? byDescriptor.get(`${name}@npm:${range}`);
  for (const { key, id, entry } of entries) {
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      // A package's peers are installed by whoever depends on it; only the project's count.
      if (field === 'peerDependencies' && id !== null) continue;
      for (const [name, range] of Object.entries(optionalMap(file, keyPath(JSON.stringify(key), field), entry[field]))) {
        const target = lookup(name, String(range));
        if (target) graph.depend(id, target);
      }
    }
  }
  return graph.packages();
}
