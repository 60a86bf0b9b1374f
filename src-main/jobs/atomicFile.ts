import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../contract/envelope';

export interface AtomicWriteOptions {
  /** The file's mode; by default an existing file's mode is kept, else the usual 0o666 less the umask. */
  mode?: number;
  /** Refuse (EEXIST) instead of replacing a file already there: evidence is never overwritten. */
  exclusive?: boolean;
  /** The temporary name, in the same folder; by default a hidden random one. */
  temporary?: string;
}

export interface AtomicWriteStream {
  stream: fs.WriteStream;
  temporary: string;
  /** After the stream has finished: sync the data, then publish it under its name and sync the folder. */
  commit(): Promise<void>;
  /** Closes and removes the temporary; safe to call more than once, and after commit. */
  abort(): void;
}

/** A hidden, random name beside `file`: a leftover from a killed writer never blocks the next one. */
export const temporaryName = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);

function modeFor(file: string, options: AtomicWriteOptions): number | undefined {
  if (options.mode !== undefined || options.exclusive) return options.mode;
  try {
    return fs.statSync(file).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Makes the rename itself durable: without it a power cut can bring the old name back. */
function syncFolder(folder: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(folder, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
    fs.fsyncSync(fd);
  } catch (error) {
    // Some file systems (FAT on a USB stick, some network shares) cannot sync a folder.
    if (!['EINVAL', 'ENOTSUP', 'EPERM', 'EACCES', 'EISDIR', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

function publish(temporary: string, file: string, exclusive: boolean): void {
  if (!exclusive) {
    fs.renameSync(temporary, file);
  } else {
    try {
      // link(2) fails if the name is taken: no window where another writer's file is replaced.
      fs.linkSync(temporary, file);
      fs.rmSync(temporary, { force: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || !['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK'].includes(code ?? '')) throw error;
      // No hard links here (FAT, some shares): check, then rename.
      if (fs.existsSync(file)) throw Object.assign(new Error(`EEXIST: file already exists, '${file}'`), { code: 'EEXIST' });
      fs.renameSync(temporary, file);
    }
  }
  syncFolder(path.dirname(file));
}

/**
 * Writes a whole file so that a reader, a crash or a full disk never sees half of it: the bytes go
 * to a temporary name in the same folder, are synced, and only then take the file's name. On any
 * error the temporary is removed and the error (with its Node code) is thrown unchanged.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array | Iterable<Uint8Array>, options: AtomicWriteOptions = {}): void {
  const temporary = options.temporary ?? temporaryName(file);
  const mode = modeFor(file, options);
  let fd: number | null = null;
  try {
    fd = fs.openSync(temporary, 'wx', mode ?? 0o666);
    if (mode !== undefined) fs.fchmodSync(fd, mode);
    const chunks = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
    for (const chunk of chunks) writeAll(fd, typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    publish(temporary, file, options.exclusive ?? false);
  } catch (error) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length; ) written += fs.writeSync(fd, bytes, written, bytes.length - written);
}

/** The streaming variant, for archives and exports: pipe into `stream`, then `commit()`, or `abort()` on any error. */
export function createAtomicWriteStream(file: string, options: AtomicWriteOptions = {}): AtomicWriteStream {
  const temporary = options.temporary ?? temporaryName(file);
  const mode = modeFor(file, options);
  const fd = fs.openSync(temporary, 'wx', mode ?? 0o666);
  try {
    if (mode !== undefined) fs.fchmodSync(fd, mode);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  // The stream owns the descriptor and closes it, also when a pipeline destroys it on error.
  const stream = fs.createWriteStream(temporary, { fd });
  let done = false;
  return {
    stream,
    temporary,
    async commit() {
      if (done) throw new Error(`${file}: already committed or aborted`);
      try {
        if (!stream.closed) await new Promise<void>((resolve, reject) => stream.once('close', resolve).once('error', reject));
        syncFile(temporary);
        publish(temporary, file, options.exclusive ?? false);
        done = true;
      } catch (error) {
        this.abort();
        throw error;
      }
    },
    abort() {
      if (done) return;
      done = true;
      stream.destroy();
      fs.rmSync(temporary, { force: true });
    },
  };
}

/** fsync through a fresh descriptor: Linux flushes the file's data whichever descriptor wrote it. */
function syncFile(file: string): void {
  const fd = fs.openSync(file, fs.constants.O_RDONLY);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * What a failed write means to a responder. `what` names the file's role ("the evidence manifest"),
 * `outcome` what was (not) changed.
 */
export function writeError(error: unknown, file: string, what: string, outcome = 'nothing was written'): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new AppError('io-error', `the disk is full: cannot write ${what} ${file}; ${outcome}. Free some space and try again.`);
  if (code === 'EEXIST') return new AppError('conflict', `${file} already exists: ${what} is never overwritten; ${outcome}`);
  if (code === 'EACCES' || code === 'EPERM') return new AppError('io-error', `permission denied writing ${what} ${file}; ${outcome}`);
  if (code === 'EROFS') return new AppError('io-error', `${path.dirname(file)} is on a read-only file system: cannot write ${what} ${file}; ${outcome}`);
  return new AppError('io-error', `cannot write ${what} ${file} (${code ?? (error as Error).message}); ${outcome}`);
}
