import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../contract/envelope';
import { walkItems, type EvidenceItemType } from '../evidence/evidenceWalk';
import { readWithoutBlocking } from '../fileHash';

export interface IntegrityHashInput {
  /** An absolute, real folder path (the service resolved it). */
  root: string;
}

export interface IntegrityHashProgress {
  files: number;
  bytes: number;
}

export interface IntegrityHashResult {
  /** Relative, `/`-separated, sorted by path. */
  files: { path: string; size: number; sha256: string; mode: number }[];
  /** Symbolic links and their targets as written: a retargeted `.bin` link runs other code. */
  links: { path: string; target: string }[];
  skipped: { path: string; reason: string }[];
}

const notRead: Partial<Record<EvidenceItemType, string>> = {
  fifo: 'named pipe (FIFO): not read (reading it could block forever)',
  socket: 'socket: not read',
  device: 'device: not read',
  unknown: 'unknown file type: not read',
};

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'error';
const why = (error: unknown) => {
  const code = errorCode(error);
  if (code === 'ENOENT') return 'vanished before it could be read (ENOENT)';
  if (code === 'EACCES' || code === 'EPERM') return `unreadable: permission denied (${code})`;
  return `unreadable (${code})`;
};

// One buffer for every file: this job runs alone on its worker thread, so synchronous reads block
// nothing and skip a stream's set-up per file (most files of a tree are small).
const buffer = Buffer.allocUnsafe(1024 * 1024);

/**
 * Reads one file through SHA-256 in 1 MB chunks (memory stays flat whatever its size). Opened
 * without blocking and checked after opening: a file swapped for a pipe or a folder since the walk
 * saw it is refused, and a link put in its place is not followed.
 */
function hashFile(file: Buffer, signal: AbortSignal): { sha256: string; size: number; mode: number } | { problem: string } {
  let fd: number;
  try {
    fd = fs.openSync(file, readWithoutBlocking | fs.constants.O_NOFOLLOW);
  } catch (error) {
    return { problem: errorCode(error) === 'ELOOP' ? 'became a symbolic link while being read: not followed' : why(error) };
  }
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) return { problem: 'is no longer a regular file: not read' };
    // Permission bits with setuid/setgid/sticky: a script made executable changes what runs.
    const mode = stats.mode & 0o7777;
    const hash = createHash('sha256');
    let size = 0;
    for (let read; (read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0 && !signal.aborted; size += read) hash.update(buffer.subarray(0, read));
    return { sha256: hash.digest('hex'), size, mode };
  } catch (error) {
    return { problem: why(error) };
  } finally {
    fs.closeSync(fd);
  }
}

// Between files the job lets its thread's event loop run this often, so a cancel message gets in.
const yieldEveryMs = 50;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * SHA-256 of every regular file under a folder, walked without following symlinks (so no loop can
 * trap it); pipes, sockets, devices, links and files that cannot be read are listed as skipped.
 */
export async function hashTree(input: IntegrityHashInput, signal: AbortSignal, progress: (value: IntegrityHashProgress) => void): Promise<IntegrityHashResult> {
  const files: IntegrityHashResult['files'] = [];
  const skipped: IntegrityHashResult['skipped'] = [];
  const links: IntegrityHashResult['links'] = [];
  const done: IntegrityHashProgress = { files: 0, bytes: 0 };
  let reportedAt = 0;
  // 0: the first turn comes before any work, so a cancel sent with the job is seen.
  let yieldedAt = 0;
  let prefix = -1;
  for (const item of walkItems([input.root], new Set(), { followSymlinks: false })) {
    if (Date.now() - yieldedAt > yieldEveryMs) {
      await nextTurn();
      yieldedAt = Date.now();
    }
    if (signal.aborted) throw new AppError('cancelled', 'integrity hashing was cancelled: nothing was recorded');
    // Archive paths start with the root's base name and a slash: baseline paths are relative to the root.
    if (prefix < 0) {
      prefix = item.archivePath.length + 1;
      if (item.type !== 'directory' || item.problem) throw new AppError('invalid-input', `cannot take an integrity snapshot of ${input.root}: ${item.problem ?? 'it is not a folder'}`);
      continue;
    }
    const relative = item.archivePath.subarray(prefix);
    const path = relative.toString('utf8');
    if (!Buffer.from(path, 'utf8').equals(relative)) {
      skipped.push({ path: relative.toString('latin1'), reason: 'its name is not valid UTF-8: not read' });
      continue;
    }
    if (item.type === 'directory') {
      if (item.problem) skipped.push({ path, reason: item.problem });
      continue;
    }
    if (item.type === 'symlink') {
      // Recorded, never followed: the target as written is what a retargeting changes.
      try {
        links.push({ path, target: fs.readlinkSync(item.absolute, 'utf8') });
      } catch (error) {
        skipped.push({ path, reason: `symbolic link: ${why(error)}` });
      }
      continue;
    }
    if (item.type !== 'file') {
      skipped.push({ path, reason: item.stats ? (notRead[item.type] ?? 'not read') : (item.problem ?? 'unreadable') });
      continue;
    }
    const hashed = hashFile(item.absolute, signal);
    if ('problem' in hashed) {
      skipped.push({ path, reason: hashed.problem });
      continue;
    }
    files.push({ path, ...hashed });
    done.files += 1;
    done.bytes += hashed.size;
    if (Date.now() - reportedAt > 200) {
      reportedAt = Date.now();
      progress({ ...done });
    }
  }
  await nextTurn();
  if (signal.aborted) throw new AppError('cancelled', 'integrity hashing was cancelled: nothing was recorded');
  progress({ ...done });
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { files: files.sort(byPath), links: links.sort(byPath), skipped: skipped.sort(byPath) };
}
