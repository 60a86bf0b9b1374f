import fs from 'node:fs';
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { AppError } from '../../contract';

export interface LogFile {
  file: string;
  size: number;
  /** The year RFC 3164 syslog lines lack: the file's modification year. */
  year: number;
}

export interface ExpandedPaths {
  files: LogFile[];
  skipped: { file: string; reason: string }[];
}

/** Why a path that exists cannot be read as a log, or null when it can. */
function refusal(stats: fs.Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a folder: its files are not walked; name them or a pattern such as FOLDER/*.log';
  if (stats.isFIFO()) return 'a FIFO (named pipe): reading it could wait forever';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device, not a log file';
  if (stats.isSocket()) return 'a socket, not a log file';
  return 'not a regular file';
}

/**
 * Why a regular file cannot be read from its start (`/proc/self/mem` answers EIO), or null: found
 * here, the file is skipped with its reason instead of failing the scan later.
 */
function readProblem(file: string): string | null {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    fs.readSync(fd, Buffer.alloc(1), 0, 1, 0);
    return null;
  } catch (error) {
    return `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** Bounds on what a pattern may expand to. */
export const logPathLimits = {
  /** Paths kept of one pattern's matches: a `**` over a whole disk must end, and say what it left. */
  matches: 100_000,
  /** Folder entries one pattern's walk reads before it stops: most of a disk may match nothing. */
  entries: 1_000_000,
};

const pseudoFileSystems = ['/proc/**', '/sys/**', '/dev/**'];

/**
 * The paths a pattern matches, walking at most `limit` folder entries (the folders on the way to its
 * base count too): past them the walk stops, through the signal it checks before each folder, and
 * gives what it found before. `stopped` says whether it did.
 */
export function globWithin(pattern: string, cwd: string, limit: number): { matches: string[]; read: number; stopped: boolean } {
  const controller = new AbortController();
  let read = 0;
  const readdirSync = ((dir: fs.PathLike, options: unknown) => {
    if (controller.signal.aborted) return [];
    const entries = fs.readdirSync(dir, options as { withFileTypes: true });
    read += entries.length;
    if (read > limit) controller.abort();
    return entries;
  }) as typeof fs.readdirSync;
  // Under `**` symlinks are not followed: a link back up (`up -> ..`) would list the same files again and
  // again, one to `/` would walk the disk (tinyglobby then drops linked files too: name those without `**`).
  // The kernel's pseudo-file systems are no logs, and /proc alone would take minutes to walk.
  const followSymbolicLinks = !pattern.includes('**');
  const matches = globSync(pattern, { cwd, absolute: true, onlyFiles: false, expandDirectories: false, dot: true, followSymbolicLinks, ignore: pseudoFileSystems, fs: { ...fs, readdirSync }, signal: controller.signal });
  return { matches, read, stopped: controller.signal.aborted };
}

/**
 * The files the paths and patterns name: absolute, sorted, each once. A path that names no file is
 * skipped with why; when nothing at all can be read, a path that does not exist is the error.
 */
export function expandLogPaths(paths: readonly string[], cwd = process.cwd()): ExpandedPaths {
  const candidates = new Set<string>();
  const skipped: { file: string; reason: string }[] = [];
  const missing: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    // A file whose name holds glob characters (`access[1].log`) is still itself.
    if (fs.existsSync(absolute) || !isDynamicPattern(given)) {
      if (fs.existsSync(absolute)) candidates.add(absolute);
      else {
        missing.push(absolute);
        skipped.push({ file: absolute, reason: 'no such file' });
      }
      continue;
    }
    const { matches, read, stopped } = globWithin(given, cwd, logPathLimits.entries);
    if (stopped) {
      skipped.push({ file: given, reason: `the walk stopped after reading ${read.toLocaleString('en-US')} folder entries: only the ${matches.length.toLocaleString('en-US')} paths found before are scanned; name a narrower pattern` });
    }
    if (matches.length === 0) skipped.push({ file: given, reason: 'matched no file' });
    if (matches.length > logPathLimits.matches) {
      skipped.push({ file: given, reason: `matched ${matches.length.toLocaleString('en-US')} paths: only the first ${logPathLimits.matches.toLocaleString('en-US')} (in name order) are scanned; name a narrower pattern` });
      matches.sort();
      matches.length = logPathLimits.matches;
    }
    for (const match of matches) candidates.add(path.resolve(match));
  }
  const files: LogFile[] = [];
  // The same file under two names (a symlink, a hard link, `a/../a`) is read once, under its first name.
  const seen = new Map<string, string>();
  for (const file of [...candidates].sort()) {
    let stats: fs.Stats;
    try {
      stats = fs.statSync(file);
      const reason = refusal(stats);
      if (reason) {
        skipped.push({ file, reason });
        continue;
      }
      fs.accessSync(file, fs.constants.R_OK);
    } catch (error) {
      skipped.push({ file, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    const identity = `${stats.dev}:${stats.ino}`;
    const first = seen.get(identity);
    if (first !== undefined) {
      skipped.push({ file, reason: `the same file as ${first}, read once` });
      continue;
    }
    const unreadable = readProblem(file);
    if (unreadable) {
      skipped.push({ file, reason: unreadable });
      continue;
    }
    seen.set(identity, file);
    files.push({ file, size: stats.size, year: stats.mtime.getUTCFullYear() });
  }
  if (files.length === 0) {
    if (missing.length) throw new AppError('invalid-input', `cannot scan ${missing.join(', ')}: no such file`);
    throw new AppError('invalid-input', `nothing to scan: ${skipped.map((skip) => `${skip.file}: ${skip.reason}`).join('; ')}`);
  }
  return { files, skipped };
}

/**
 * Where a plain file is cut so several workers read it at once: one range up to `splitBytes`, else
 * one per worker (the reader finishes the line that crosses a cut and the next range starts after
 * it, so no line is read twice or lost). Never more: ranges of one lane are read one after another,
 * each holding its own counts until the merge, and that memory grew with the file.
 */
export function planRanges(size: number, splitBytes: number, workers: number): { start: number; end: number | null }[] {
  if (size <= splitBytes) return [{ start: 0, end: null }];
  const count = Math.max(1, workers);
  const step = Math.ceil(size / count);
  return Array.from({ length: count }, (_, index) => ({ start: index * step, end: index === count - 1 ? null : (index + 1) * step }));
}
