import type { LockPackage } from '../../../contract';
import { describe, invalidLockfile, isRecord, optionalMap, optionalString, parseTomlLockfile, requiredString } from './lockfileText';
import { PackageGraph } from './packageGraph';

/**
 * Cargo.lock: `[[package]]` tables; v1 keeps checksums apart in `[metadata]`
 * (`"checksum name version (source)" = "hex"`), v3/v4 inline. Packages without `source` are the
 * workspace's own crates (the project): what they depend on is direct.
 */
export function parseCargoLock(file: string, text: string): LockPackage[] {
  const lock = parseTomlLockfile(file, text);
  if (lock.version !== undefined && ![1, 2, 3, 4].includes(Number(lock.version))) {
    throw invalidLockfile(file, 'version', `${JSON.stringify(lock.version)} is not a Cargo.lock version Firebreak reads (1 to 4)`);
  }
  if (lock.package !== undefined && !Array.isArray(lock.package)) throw invalidLockfile(file, 'package', `expected [[package]] tables, found ${describe(lock.package)}`);
  const metadata = optionalMap(file, 'metadata', lock.metadata);
  // Cargo before 1.0 wrote the project's own crate apart, as `[root]`.
  const hasRoot = isRecord(lock.root);
  const crates = [...(hasRoot ? [lock.root] : []), ...((lock.package ?? []) as unknown[])];

  const graph = new PackageGraph('crates.io');
  const entries: { id: string | null; entry: Record<string, unknown>; where: string }[] = [];
  // How `dependencies` strings refer to a crate: `name`, `name version` or `name version (source)`.
  // Cargo writes the longer forms only when the shorter is ambiguous; a hand-edited file may not,
  // so an ambiguous reference depends on every crate it could mean.
  const refs = new Map<string, (string | null)[]>();
  const refer = (reference: string, id: string | null) => {
    const held = refs.get(reference);
    if (held) held.push(id);
    else refs.set(reference, [id]);
  };
  crates.forEach((raw, index) => {
    const where = hasRoot ? (index === 0 ? 'root' : `package[${index - 1}]`) : `package[${index}]`;
    if (!isRecord(raw)) throw invalidLockfile(file, where, `expected a table, found ${describe(raw)}`);
    const name = requiredString(file, `${where}.name`, raw.name);
    const version = requiredString(file, `${where}.version`, raw.version);
    const source = optionalString(file, `${where}.source`, raw.source);
    // One name and version from two sources (crates.io and a git fork) are two crates, each with its own checksum or none.
    const checksum = optionalString(file, `${where}.checksum`, raw.checksum) ?? legacyChecksum(metadata, name, version, source);
    const id = source === null ? null : graph.add(name, version, { resolved: source, integrity: checksum });
    entries.push({ id, entry: raw, where: `${where} (${name} ${version})` });
    refer(name, id);
    refer(`${name} ${version}`, id);
    if (source) refer(`${name} ${version} (${source})`, id);
  });

  for (const { id, entry, where } of entries) {
    const dependencies = entry.dependencies ?? [];
    if (!Array.isArray(dependencies)) throw invalidLockfile(file, `${where}.dependencies`, `expected a list, found ${describe(dependencies)}`);
    for (const reference of dependencies) {
      if (typeof reference !== 'string') throw invalidLockfile(file, `${where}.dependencies`, `expected strings, found ${describe(reference)}`);
      for (const target of refs.get(reference) ?? []) if (target) graph.depend(id, target);
    }
  }
  return graph.packages();
}

function legacyChecksum(metadata: Record<string, unknown>, name: string, version: string, source: string | null): string | null {
  if (!source) return null;
  const value = metadata[`checksum ${name} ${version} (${source})`];
  return typeof value === 'string' && value !== '<none>' ? value : null;
}
