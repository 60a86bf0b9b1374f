import fs from 'node:fs';
import path from 'node:path';

export type EvidenceItemType = 'file' | 'directory' | 'symlink' | 'fifo' | 'socket' | 'device' | 'unknown';

/** One thing found under a root, before anything is read. Paths are raw bytes: names need not be UTF-8. */
export interface WalkItem {
  absolute: Buffer;
  archivePath: Buffer;
  type: EvidenceItemType;
  stats: fs.Stats | null;
  linkTarget: Buffer | null;
  problem: string | null;
}

const join = (dir: Buffer, name: Buffer) => Buffer.concat([dir, Buffer.from(path.sep), name]);

function typeOf(stats: fs.Stats): EvidenceItemType {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isSocket()) return 'socket';
  if (stats.isBlockDevice() || stats.isCharacterDevice()) return 'device';
  return 'unknown';
}

const skippedTypes: Partial<Record<EvidenceItemType, string>> = {
  symlink: 'symlink: recorded, not followed',
  fifo: 'fifo: recorded, skipped (reading it could block forever)',
  socket: 'socket: recorded, skipped',
  device: 'device: recorded, skipped',
  unknown: 'unknown file type: recorded, skipped',
};

/**
 * Yields everything under the roots, one item at a time (memory does not grow with the tree),
 * without following symlinks, so a symlink loop cannot trap the walk. Each root is archived under
 * its base name, made unique when two roots share one.
 */
export function* walkItems(roots: readonly string[], exclude: ReadonlySet<string>): Generator<WalkItem> {
  const usedNames = new Set<string>();
  for (const root of roots) {
    const absoluteRoot = path.resolve(root);
    let base = path.basename(absoluteRoot) || 'root';
    for (let suffix = 2; usedNames.has(base); suffix += 1) base = `${path.basename(absoluteRoot)}-${suffix}`;
    usedNames.add(base);
    const stack: { absolute: Buffer; archivePath: Buffer }[] = [{ absolute: Buffer.from(absoluteRoot), archivePath: Buffer.from(base) }];
    while (stack.length > 0) {
      const { absolute, archivePath } = stack.pop()!;
      if (exclude.has(absolute.toString('latin1'))) continue;
      let stats: fs.Stats;
      try {
        stats = fs.lstatSync(absolute);
      } catch (error) {
        yield { absolute, archivePath, type: 'unknown', stats: null, linkTarget: null, problem: `unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
        continue;
      }
      const type = typeOf(stats);
      let linkTarget: Buffer | null = null;
      if (type === 'symlink') {
        try {
          linkTarget = fs.readlinkSync(absolute, { encoding: 'buffer' });
        } catch {
          linkTarget = null;
        }
      }
      const item: WalkItem = { absolute, archivePath, type, stats, linkTarget, problem: skippedTypes[type] ?? null };
      if (type !== 'directory') {
        yield item;
        continue;
      }
      let names: Buffer[];
      try {
        names = fs.readdirSync(absolute, { encoding: 'buffer' });
      } catch (error) {
        yield { ...item, problem: `unreadable directory: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
        continue;
      }
      yield item;
      names.sort(Buffer.compare);
      for (let i = names.length - 1; i >= 0; i -= 1) {
        stack.push({ absolute: join(absolute, names[i]!), archivePath: Buffer.concat([archivePath, Buffer.from('/'), names[i]!]) });
      }
    }
  }
}
