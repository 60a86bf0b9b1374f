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
    const matches = globSync(given, { cwd, absolute: true, onlyFiles: false, expandDirectories: false, dot: true });
    if (matches.length === 0) skipped.push({ file: given, reason: 'matched no file' });
    for (const match of matches) candidates.add(path.resolve(match));
  }
  const files: LogFile[] = [];
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
 * at least one per worker and none much over `splitBytes` (the reader finishes the line that
 * crosses a cut and the next range starts after it, so no line is read twice or lost).
 */
export function planRanges(size: number, splitBytes: number, workers: number): { start: number; end: number | null }[] {
  if (size <= splitBytes) return [{ start: 0, end: null }];
  const count = Math.max(workers, Math.ceil(size / splitBytes));
  const step = Math.ceil(size / count);
  return Array.from({ length: count }, (_, index) => ({ start: index * step, end: index === count - 1 ? null : (index + 1) * step }));
}
