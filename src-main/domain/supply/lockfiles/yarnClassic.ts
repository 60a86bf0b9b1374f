import { parse as parseYarnLock } from '@yarnpkg/lockfile';
import type { LockPackage } from '../../../contract';
import { describe, invalidLockfile, isRecord, keyPath, optionalMap, optionalString } from './lockfileText';
import { PackageGraph } from './packageGraph';
import type { ProjectManifest } from './projectManifest';

/** `name@range` → name and range; the name may be scoped (`@scope/name@^1`). */
export function splitDescriptor(descriptor: string): { name: string; range: string } | null {
  const at = descriptor.indexOf('@', 1);
  if (at <= 0) return null;
  return { name: descriptor.slice(0, at), range: descriptor.slice(at + 1) };
}

/**
 * Appended before yarn's tokenizer runs, which scans an unclosed `"` (a truncated file) or a
 * final comment without a newline until the string outgrows memory: the comment's quote closes
 * any open string and its newline ends any comment, so a cut file fails fast with its line.
 */
const yarnSentinel = '\n#"\n';

/**
 * yarn.lock v1 (classic), read by yarn's own parser. Keys are descriptors (`lodash@^4.17.0`),
 * several per entry. The file does not record the project's dependencies: package.json's, when
 * the caller has it (then dev too); else direct means required by no other entry.
 */
export function parseYarnClassic(file: string, text: string, manifest: ProjectManifest | null = null): LockPackage[] {
  let parsed: { type: string; object: Record<string, unknown> };
  try {
    parsed = parseYarnLock(text + yarnSentinel) as { type: string; object: Record<string, unknown> };
  } catch (error) {
    const message = (error as Error).message;
    const place = /(\d+):(\d+) in lockfile/.exec(message);
    throw invalidLockfile(file, place ? `line ${place[1]}, column ${place[2]}` : null, `not a valid yarn.lock: ${message.replace(/\s*\{[^}]*\}\s*/, ' ').replace(/\s*\d+:\d+ in lockfile$/, '').trim()}`);
  }
  // yarn's parser would silently merge both sides; which side got installed is exactly what a responder cannot guess.
  if (parsed.type !== 'success') throw invalidLockfile(file, null, 'holds unresolved merge-conflict markers: resolve them before reading it');

  const graph = new PackageGraph('npm');
  const byDescriptor = new Map<string, string>();
  for (const [descriptor, raw] of Object.entries(parsed.object)) {
    const where = JSON.stringify(descriptor);
    if (!isRecord(raw)) throw invalidLockfile(file, where, `expected an entry, found ${describe(raw)}`);
    const split = splitDescriptor(descriptor);
    const version = optionalString(file, `${where}.version`, raw.version);
    if (!split || version === null) throw invalidLockfile(file, where, split ? 'version missing' : 'not a `name@range` entry');
    // `alias@npm:real@^1`: the package installed is `real`.
    const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@/.exec(split.range);
    byDescriptor.set(
      descriptor,
      graph.add(alias ? alias[1]! : split.name, version, {
        resolved: optionalString(file, `${where}.resolved`, raw.resolved),
        integrity: optionalString(file, `${where}.integrity`, raw.integrity),
      }),
    );
  }

  const required = new Set<string>();
  for (const [descriptor, raw] of Object.entries(parsed.object)) {
    const from = byDescriptor.get(descriptor)!;
    for (const field of ['dependencies', 'optionalDependencies']) {
      const dependencies = optionalMap(file, keyPath(JSON.stringify(descriptor), field), (raw as Record<string, unknown>)[field]);
      for (const [name, range] of Object.entries(dependencies)) {
        const target = byDescriptor.get(`${name}@${String(range)}`);
        if (!target || target === from) continue;
        graph.depend(from, target);
        required.add(target);
      }
    }
  }
  if (manifest) {
    for (const [name, range] of Object.entries(manifest.dependencies)) {
      const target = byDescriptor.get(`${name}@${range}`);
      if (target) graph.depend(null, target, manifest.dev.has(name));
    }
    return graph.packages({ inferDev: true });
  }
  for (const id of new Set(byDescriptor.values())) if (!required.has(id)) graph.depend(null, id);
  return graph.packages();
}
