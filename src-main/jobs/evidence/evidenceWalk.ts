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
  /** For a followed symlink to a file: the resolved path to read (opened without following links). */
  readFrom?: Buffer;
  problem: string | null;
}

export interface WalkOptions {
  /** Follow symlinks whose target lies inside one of the roots; loops are detected and recorded. */
  followSymlinks?: boolean;
}

/** A directory on the way down, to recognise a link that points back up (a loop). */
interface Ancestor {
  key: string;
  parent: Ancestor | null;
}
const identity = (stats: fs.Stats) => `${stats.dev}:${stats.ino}`;
function isAncestor(chain: Ancestor | null, key: string): boolean {
  for (let at = chain; at; at = at.parent) if (at.key === key) return true;
  return false;
}

interface Resolved {
  stats: fs.Stats | null;
  real: Buffer | null;
  problem: string | null;
}

const separator = path.sep.charCodeAt(0);
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

/** Where a symlink leads, and whether following it stays inside the collected roots. */
function resolveLink(absolute: Buffer, realRoots: readonly Buffer[]): Resolved {
  let real: Buffer;
  try {
    real = fs.realpathSync(absolute, { encoding: 'buffer' });
  } catch (error) {
    return { stats: null, real: null, problem: `symlink: cannot be resolved (${(error as NodeJS.ErrnoException).code ?? 'error'}), not followed` };
  }
  const within = (root: Buffer) => real.equals(root) || (real.length > root.length && real.subarray(0, root.length).equals(root) && real[root.length] === separator);
  if (!realRoots.some(within)) return { stats: null, real: null, problem: 'symlink: target outside the collected roots, not followed' };
  try {
    return { stats: fs.statSync(real), real, problem: null };
  } catch (error) {
    return { stats: null, real: null, problem: `symlink: target unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'}), not followed` };
  }
}

type Frame =
  | { kind: 'item'; absolute: Buffer; archivePath: Buffer; ancestors: Ancestor | null }
  | { kind: 'folder'; dir: Buffer; archivePath: Buffer; names: string[]; next: number; ancestors: Ancestor };

/**
 * A folder's entry names, sorted by their bytes. Each name is kept as a Latin-1 string (one
 * character a byte, so any name survives and sorts as its bytes do): far smaller than a Buffer.
 */
function listNames(dir: Buffer): string[] {
  const names: string[] = [];
  // Node reads names as raw bytes with encoding 'buffer' here too, though its types list only text encodings.
  const handle = fs.opendirSync(dir, { encoding: 'buffer' as BufferEncoding });
  try {
    for (let entry = handle.readSync(); entry; entry = handle.readSync()) names.push((entry.name as unknown as Buffer).toString('latin1'));
  } finally {
    handle.closeSync();
  }
  return names.sort();
}

const skippedTypes: Partial<Record<EvidenceItemType, string>> = {
  fifo: 'fifo: recorded, skipped (reading it could block forever)',
  socket: 'socket: recorded, skipped',
  device: 'device: recorded, skipped',
  unknown: 'unknown file type: recorded, skipped',
};

/**
 * Yields everything under the roots, one item at a time (memory does not grow with the tree).
 * Symlinks are not followed unless asked, and then only inside the roots, never into a folder that
 * contains the link, so a symlink loop cannot trap the walk. Each root is archived under
 * its base name, made unique when two roots share one.
 */
export function* walkItems(roots: readonly string[], exclude: ReadonlySet<string>, options: WalkOptions = {}): Generator<WalkItem> {
  // manifest.json is the archive's own manifest: a root of that name is archived as manifest.json-2.
  const usedNames = new Set<string>(['manifest.json']);
  const realRoots = options.followSymlinks
    ? roots.flatMap((root) => {
        try {
          return [fs.realpathSync(root, { encoding: 'buffer' })];
        } catch {
          return [];
        }
      })
    : [];
  for (const root of roots) {
    const absoluteRoot = path.resolve(root);
    let base = path.basename(absoluteRoot) || 'root';
    for (let suffix = 2; usedNames.has(base); suffix += 1) base = `${path.basename(absoluteRoot)}-${suffix}`;
    usedNames.add(base);
    // A folder's children are made into paths one at a time, as the walk reaches them: a folder of
    // 200,000 files holds its sorted names (short strings), not 200,000 pairs of path buffers.
    const stack: Frame[] = [{ kind: 'item', absolute: Buffer.from(absoluteRoot), archivePath: Buffer.from(base), ancestors: null }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      let next: { absolute: Buffer; archivePath: Buffer; ancestors: Ancestor | null };
      if (top.kind === 'item') {
        stack.pop();
        next = top;
      } else {
        if (top.next === top.names.length) {
          stack.pop();
          continue;
        }
        const name = Buffer.from(top.names[top.next]!, 'latin1');
        top.next += 1;
        next = { absolute: join(top.dir, name), archivePath: Buffer.concat([top.archivePath, Buffer.from('/'), name]), ancestors: top.ancestors };
      }
      const { absolute, archivePath, ancestors } = next;
      if (exclude.has(absolute.toString('latin1'))) continue;
      let stats: fs.Stats;
      try {
        stats = fs.lstatSync(absolute);
      } catch (error) {
        yield { absolute, archivePath, type: 'unknown', stats: null, linkTarget: null, problem: `unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
        continue;
      }
      let type = typeOf(stats);
      let linkTarget: Buffer | null = null;
      let readFrom: Buffer | undefined;
      let linkProblem: string | null = null;
      if (type === 'symlink') {
        try {
          linkTarget = fs.readlinkSync(absolute, { encoding: 'buffer' });
        } catch {
          linkTarget = null;
        }
        if (options.followSymlinks) {
          const resolved = resolveLink(absolute, realRoots);
          if (resolved.stats && resolved.real) {
            const targetType = typeOf(resolved.stats);
            if (targetType === 'directory' && isAncestor(ancestors, identity(resolved.stats))) {
              linkProblem = 'symlink: loop (points to a folder that contains it), not followed';
            } else {
              type = targetType;
              stats = resolved.stats;
              readFrom = resolved.real;
            }
          } else {
            linkProblem = resolved.problem;
          }
        }
      }
      const item: WalkItem = { absolute, archivePath, type, stats, linkTarget, ...(readFrom ? { readFrom } : {}), problem: linkProblem ?? skippedTypes[type] ?? null };
      if (type !== 'directory') {
        yield item;
        continue;
      }
      let names: string[];
      try {
        names = listNames(readFrom ?? absolute);
      } catch (error) {
        yield { ...item, problem: `unreadable directory: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
        continue;
      }
      yield item;
      stack.push({ kind: 'folder', dir: readFrom ?? absolute, archivePath, names, next: 0, ancestors: { key: identity(stats), parent: ancestors } });
    }
  }
}
