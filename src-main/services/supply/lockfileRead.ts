import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError, type Lockfile } from '../../contract';
import { parseLockfileWithManifest } from '../../domain/supply/lockfiles/parseLockfile';
import { projectManifestOf, type ProjectManifest } from '../../domain/supply/lockfiles/projectManifest';

/** Larger than any honest lockfile (a 3,000-package monorepo's is a few MiB); beyond it a file is a mistake or an attack. */
export const maxLockfileBytes = 64 * 1024 * 1024;

/** Reads and parses one lockfile from disk, with clear errors for missing, unreadable, huge or binary files. */
export function readLockfile(file: string): Lockfile {
  // Stat before reading, so a 200 MB file is refused without being read.
  const stats = statOrThrow(file);
  if (stats.isDirectory()) throw new AppError('invalid-input', `${file}: is a folder, not a lockfile: give the lockfile inside it (package-lock.json, Cargo.lock, …)`);
  if (!stats.isFile()) throw new AppError('invalid-input', `${file}: is not a regular file`);
  refuseLarge(file, stats.size);
  const bytes = readAtMost(file, maxLockfileBytes + 1);
  // The file may have grown between stat and read.
  refuseLarge(file, bytes.length);
  return parseLockfileWithManifest(file, decodeUtf8(file, bytes), siblingManifest(file));
}

/** Lockfiles that do not record the project's own dependencies (npm v1, yarn classic) take them from package.json beside them. */
const manifestReaders = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock']);
const maxManifestBytes = 4 * 1024 * 1024;

/** package.json next to the lockfile, or null when absent, unreadable or not JSON: then the readers fall back to their guess. */
function siblingManifest(file: string): ProjectManifest | null {
  if (!manifestReaders.has(basename(file))) return null;
  const manifest = join(dirname(file), 'package.json');
  try {
    const stats = statSync(manifest);
    if (!stats.isFile() || stats.size > maxManifestBytes) return null;
    return projectManifestOf(readAtMost(manifest, maxManifestBytes).toString('utf8'));
  } catch {
    return null;
  }
}

function statOrThrow(file: string): Stats {
  try {
    return statSync(file);
  } catch (error) {
    throw ioError(file, error);
  }
}

function refuseLarge(file: string, size: number): void {
  if (size > maxLockfileBytes) throw new AppError('invalid-input', `${file}: is ${mebibytes(size)} MiB, above the ${mebibytes(maxLockfileBytes)} MiB limit for lockfiles: refused without reading it`);
}

function mebibytes(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function readAtMost(file: string, limit: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw ioError(file, error);
  }
  try {
    const size = Math.min(fstatSync(fd).size, limit);
    const buffer = Buffer.alloc(size);
    let filled = 0;
    while (filled < size) {
      const read = readSync(fd, buffer, filled, size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return buffer.subarray(0, filled);
  } catch (error) {
    throw ioError(file, error);
  } finally {
    closeSync(fd);
  }
}

function decodeUtf8(file: string, bytes: Buffer): string {
  if (bytes.includes(0)) throw new AppError('invalid-input', `${file}: holds NUL bytes: a binary file, not a lockfile`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    throw new AppError('invalid-input', `${file}: is not valid UTF-8 text${bad === null ? '' : ` (byte ${bad})`}: not a lockfile`);
  }
}

/** The offset of the first byte that breaks UTF-8 (where the lenient decoder first substitutes). */
function firstInvalidUtf8(bytes: Buffer): number | null {
  const decoded = bytes.toString('utf8');
  const replacement = decoded.indexOf('\ufffd');
  return replacement < 0 ? null : Buffer.byteLength(decoded.slice(0, replacement), 'utf8');
}

function ioError(file: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new AppError('not-found', `${file}: no such lockfile`);
  if (code === 'ENOTDIR') return new AppError('not-found', `${file}: no such lockfile (a part of the path is not a folder)`);
  if (code === 'EACCES' || code === 'EPERM') return new AppError('io-error', `${file}: cannot be read (permission denied)`);
  if (code === 'EISDIR') return new AppError('invalid-input', `${file}: is a folder, not a lockfile`);
  return new AppError('io-error', `${file}: cannot be read (${code ?? (error as Error).message})`);
}
