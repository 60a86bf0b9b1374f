import { closeSync, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError, type Lockfile } from '../../contract';
import { lockfileKindOf, parseLockfileWithManifest } from '../../domain/supply/lockfiles/parseLockfile';
import { projectManifestOf, type ProjectManifest } from '../../domain/supply/lockfiles/projectManifest';
import { parseRequirementFiles, requirementsIncludes, type RequirementsFile } from '../../domain/supply/lockfiles/requirementsTxt';

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
  const text = decodeUtf8(file, bytes);
  // requirements.txt's `-r`/`-c` lines name more of its packages: an audit that skipped them would read as clean.
  if (lockfileKindOf(file, text) === 'requirements') return readRequirementsSet(file, text);
  return parseLockfileWithManifest(file, text, siblingManifest(file));
}

/** pip's own files nest a level or two (base → dev → test); ten is far past any real layout. */
export const maxRequirementsDepth = 10;

/**
 * A requirements file and, recursively, the files its `-r`/`-c` lines name, read relative to the
 * including file as pip does. A missing include, one by URL (Firebreak works offline), a loop (pip
 * refuses those too) and nesting deeper than ten are errors naming the line: a skipped include
 * would leave its packages out of the audit and read as clean. A file included twice without a
 * loop (two files both including base.txt) is read once. The size limit holds for all the files together.
 */
function readRequirementsSet(top: string, text: string): Lockfile {
  const files: RequirementsFile[] = [];
  const read = new Set<string>();
  let bytes = Buffer.byteLength(text, 'utf8');
  const visit = (file: string, body: string, constraint: boolean, stack: string[]): void => {
    files.push({ file, text: body, constraint });
    for (const include of requirementsIncludes(file, body)) {
      const where = `${file}: line ${include.line}: ${include.option} ${include.path}`;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(include.path)) throw new AppError('invalid-input', `${where}: an include by URL is not read (Firebreak works offline): download it and include it by path`);
      if (stack.length > maxRequirementsDepth) throw new AppError('invalid-input', `${where}: includes nest more than ${maxRequirementsDepth} files deep: refused`);
      const target = resolve(dirname(file), include.path);
      const real = includeRealPath(where, target);
      if (stack.includes(real)) throw new AppError('invalid-input', `${where}: ${target} is already being read, so the includes go round in a loop: remove the include`);
      if (read.has(real)) continue;
      read.add(real);
      const stats = includeStat(where, target);
      bytes += stats.size;
      if (bytes > maxLockfileBytes) throw new AppError('invalid-input', `${where}: the requirements files together pass the ${mebibytes(maxLockfileBytes)} MiB limit for lockfiles: refused`);
      const content = readAtMost(target, maxLockfileBytes + 1);
      visit(target, decodeUtf8(target, content), include.constraint, [...stack, real]);
    }
  };
  const topReal = includeRealPath(top, top);
  read.add(topReal);
  visit(top, text, false, [topReal]);
  return { file: top, kind: 'requirements', packages: parseRequirementFiles(files) };
}

function includeRealPath(where: string, target: string): string {
  try {
    return realpathSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppError('not-found', `${where}: ${target}: no such file, so its packages cannot be audited`);
    throw ioError(target, error);
  }
}

function includeStat(where: string, target: string): Stats {
  const stats = statOrThrow(target);
  if (!stats.isFile()) throw new AppError('invalid-input', `${where}: ${target} is not a regular file`);
  return stats;
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
