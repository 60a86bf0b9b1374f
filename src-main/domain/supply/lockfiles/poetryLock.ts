import type { LockPackage } from '../../../contract';
import { packageKey } from '../packageNames';
import { describe, invalidLockfile, isRecord, optionalMap, optionalString, parseTomlLockfile, requiredString } from './lockfileText';
import { PackageGraph } from './packageGraph';

/**
 * poetry.lock: `[[package]]` tables with `files` hashes (or, before lock-version 2, a
 * `[metadata.files]` map), dev from `category = "dev"` (Poetry 1.0–1.4) or `groups` without
 * "main" (Poetry 2). Which packages the project asks for lives in pyproject.toml, not here, so
 * direct means: no other locked package depends on it.
 */
export function parsePoetryLock(file: string, text: string): LockPackage[] {
  const lock = parseTomlLockfile(file, text);
  const metadata = optionalMap(file, 'metadata', lock.metadata);
  const lockVersion = metadata['lock-version'];
  if (lockVersion !== undefined && !/^[12]\.\d+$/.test(String(lockVersion))) {
    throw invalidLockfile(file, 'metadata.lock-version', `${JSON.stringify(lockVersion)} is not a poetry.lock version Firebreak reads (1.x, 2.x)`);
  }
  if (lock.package !== undefined && !Array.isArray(lock.package)) throw invalidLockfile(file, 'package', `expected [[package]] tables, found ${describe(lock.package)}`);
  const legacyFiles = optionalMap(file, 'metadata.files', metadata.files);

  const graph = new PackageGraph('PyPI');
  const byKey = new Map<string, string>();
  const entries: { id: string; entry: Record<string, unknown>; where: string }[] = [];
  ((lock.package ?? []) as unknown[]).forEach((raw, index) => {
    const where = `package[${index}]`;
    if (!isRecord(raw)) throw invalidLockfile(file, where, `expected a table, found ${describe(raw)}`);
    const name = requiredString(file, `${where}.name`, raw.name);
    const version = requiredString(file, `${where}.version`, raw.version);
    const source = optionalMap(file, `${where}.source`, raw.source);
    const files = Array.isArray(raw.files) ? raw.files : legacyFiles[name];
    const id = graph.add(name, version, {
      resolved: optionalString(file, `${where}.source.url`, source.url),
      integrity: firstHash(files),
      dev: devOf(raw),
    });
    byKey.set(packageKey('PyPI', name), id);
    entries.push({ id, entry: raw, where: `${where} (${name} ${version})` });
  });

  const required = new Set<string>();
  for (const { id, entry, where } of entries) {
    for (const name of Object.keys(optionalMap(file, `${where}.dependencies`, entry.dependencies))) {
      const target = byKey.get(packageKey('PyPI', name));
      if (!target || target === id) continue;
      graph.depend(id, target);
      required.add(target);
    }
  }
  for (const { id } of entries) if (!required.has(id)) graph.depend(null, id);
  return graph.packages();
}

function devOf(entry: Record<string, unknown>): boolean | null {
  if (typeof entry.category === 'string') return entry.category === 'dev';
  if (Array.isArray(entry.groups)) return !entry.groups.includes('main');
  return null;
}

function firstHash(files: unknown): string | null {
  if (!Array.isArray(files)) return null;
  for (const item of files) if (isRecord(item) && typeof item.hash === 'string') return item.hash;
  return null;
}
