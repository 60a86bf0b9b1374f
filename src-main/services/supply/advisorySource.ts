import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { AppError } from '../../contract';
import { WindowedZipReader } from './advisoryZipReader';

/** One file or zip entry of an OSV source: its parsed JSON, or why it could not be read. */
export type SourceEntry = { entry: string; value: unknown } | { entry: string; error: string };

/** An OSV record is a few KB; the largest real ones are well under 1 MiB. Bigger is not a record. */
export const maxEntryBytes = 16 * 1024 * 1024;

/**
 * The OSV records of a folder (walked, `*.json`, symbolic links not followed) or an OSV `all.zip`
 * (streamed entry by entry), one at a time, so memory does not grow with the source. A file or
 * entry that cannot be read is yielded with why; only an unreadable source as a whole throws.
 */
export async function* readAdvisorySource(source: string, signal?: AbortSignal): AsyncGenerator<SourceEntry> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppError('not-found', `${source}: no such folder or zip file`);
    throw new AppError('io-error', `${source}: cannot be read (${code ?? (error as Error).message})`);
  }
  if (stat.isDirectory()) yield* readFolder(source, signal);
  else if (stat.isFile()) yield* readZip(source, signal);
  else throw new AppError('invalid-input', `${source}: neither a folder nor a zip file`);
}

function cancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AppError('cancelled', 'advisory reading cancelled');
}

function parseJson(entry: string, text: string): SourceEntry {
  try {
    return { entry, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { entry, error: `not JSON: ${(error as Error).message}` };
  }
}

async function* readFolder(root: string, signal?: AbortSignal): AsyncGenerator<SourceEntry> {
  // Depth-first with an explicit stack of folders, sorted, so an import reads in a stable order.
  const pending = [''];
  let read = 0;
  while (pending.length) {
    const relative = pending.pop()!;
    let names: fs.Dirent[];
    try {
      names = await fs.promises.readdir(path.join(root, relative), { withFileTypes: true });
    } catch (error) {
      yield { entry: relative || '.', error: `folder not readable (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
      continue;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const folders: string[] = [];
    for (const dirent of names) {
      if (++read % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
      cancelled(signal);
      const entry = relative ? `${relative}/${dirent.name}` : dirent.name;
      // A link could lead out of the folder or round in a loop: never followed.
      if (dirent.isSymbolicLink()) {
        if (dirent.name.endsWith('.json')) yield { entry, error: 'symbolic link, not followed' };
        continue;
      }
      if (dirent.isDirectory()) folders.push(entry);
      else if (dirent.isFile() && dirent.name.endsWith('.json')) yield readJsonFile(root, entry);
    }
    pending.push(...folders.reverse());
  }
}

/**
 * One record file, read synchronously: records are a few KB, and an asynchronous open, stat, read
 * and close per file made a 50,000-file folder take half a minute. The walk gives the event loop a
 * turn every few hundred files, so a window or request is not kept waiting.
 */
function readJsonFile(root: string, entry: string): SourceEntry {
  const file = path.join(root, entry);
  let fd: number | null = null;
  try {
    // O_NOFOLLOW: a file swapped for a link after the listing is still not followed.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    const { size } = fs.fstatSync(fd);
    if (size > maxEntryBytes) return { entry, error: `${size} bytes, over the ${maxEntryBytes}-byte limit for one record` };
    return parseJson(entry, fs.readFileSync(fd, 'utf8'));
  } catch (error) {
    return { entry, error: `not readable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

async function openZip(file: string): Promise<{ zip: yauzl.ZipFile; reader: WindowedZipReader }> {
  let fd: number;
  let size: number;
  try {
    fd = fs.openSync(file, 'r');
    size = fs.fstatSync(fd).size;
  } catch (error) {
    throw new AppError('io-error', `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const reader = new WindowedZipReader(fd, size);
  return new Promise((resolve, reject) => {
    // validateEntrySizes: yauzl fails an entry whose inflated size differs from its header.
    yauzl.fromRandomAccessReader(reader, size, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) => {
      if (error) {
        fs.closeSync(fd);
        reject(new AppError('invalid-input', `${file}: not an OSV folder or zip file (${error.message})`));
      } else resolve({ zip, reader });
    });
  });
}

/**
 * The entry's text. Deflated entries (all of OSV's) are inflated in one synchronous call capped at
 * the limit: a zip bomb stops at 16 MiB whatever its header claims. Bytes come from the windowed
 * reader rather than a stream per entry (most of the time of a 50,000-entry zip went to streams).
 */
function readEntry(reader: WindowedZipReader, entry: yauzl.Entry): string {
  const deflated = entry.compressionMethod === 8;
  if (entry.generalPurposeBitFlag & 1) throw new Error('encrypted');
  if (!deflated && entry.compressionMethod !== 0) throw new Error(`compression method ${entry.compressionMethod} is not supported`);
  if (entry.compressedSize > maxEntryBytes) throw new Error(`${entry.compressedSize} compressed bytes, over the ${maxEntryBytes}-byte limit for one record`);
  const raw = reader.entryBytes(entry);
  let bytes = raw;
  if (deflated) {
    try {
      bytes = zlib.inflateRawSync(raw, { maxOutputLength: maxEntryBytes });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(code === 'ERR_BUFFER_TOO_LARGE' ? `inflates past the ${maxEntryBytes}-byte limit for one record` : `damaged: ${(error as Error).message}`, { cause: error });
    }
  }
  if (bytes.length !== entry.uncompressedSize) throw new Error(`holds ${bytes.length} bytes where its header says ${entry.uncompressedSize}`);
  return bytes.toString('utf8');
}

async function* readZip(file: string, signal?: AbortSignal): AsyncGenerator<SourceEntry> {
  const { zip, reader } = await openZip(file);
  let failure: Error | null = null;
  let finished = false;
  const waiters: { resolve: (entry: yauzl.Entry | null) => void; reject: (error: Error) => void }[] = [];
  zip.on('entry', (entry: yauzl.Entry) => waiters.shift()?.resolve(entry));
  zip.on('end', () => {
    finished = true;
    waiters.shift()?.resolve(null);
  });
  zip.on('error', (error: Error) => {
    failure = error;
    waiters.shift()?.reject(error);
  });
  const nextEntry = () =>
    new Promise<yauzl.Entry | null>((resolve, reject) => {
      if (failure) return reject(failure);
      if (finished) return resolve(null);
      waiters.push({ resolve, reject });
      zip.readEntry();
    });
  try {
    for (;;) {
      let entry: yauzl.Entry | null;
      try {
        entry = await nextEntry();
      } catch (error) {
        throw new AppError('invalid-input', `${file}: the zip is damaged (${(error as Error).message})`);
      }
      if (!entry) return;
      cancelled(signal);
      const name = entry.fileName;
      if (name.endsWith('/') || !name.endsWith('.json')) continue;
      if (entry.uncompressedSize > maxEntryBytes) {
        yield { entry: name, error: `${entry.uncompressedSize} bytes, over the ${maxEntryBytes}-byte limit for one record` };
        continue;
      }
      let text: string;
      try {
        text = readEntry(reader, entry);
      } catch (error) {
        yield { entry: name, error: `not readable: ${(error as Error).message}` };
        continue;
      }
      yield parseJson(name, text);
    }
  } finally {
    // autoClose shuts the file after the last entry; stopping early (cancelled, damaged) must too.
    if (!finished && zip.isOpen) zip.close();
  }
}
