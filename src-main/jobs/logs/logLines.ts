import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../contract/envelope';
import { describeFileError } from '../../domain/fileErrors';
import { LineSplitter, type LinePart } from './lineSplitter';

export { maxLineBytes, type LinePart } from './lineSplitter';

// Memory stays at one read plus one kept line, whatever the size of the file or of its lines. A
// megabyte a read: each read is a trip through the thread pool, a thousand of them cost a tenth of
// a second on a 128 MB log.
export const logReadBytes = 1024 * 1024;
// A .gz is inflated in smaller pieces: inflating, not reading, is its pace, and a bomb's garbage
// pieces stay small while they wait for the collector.
const gzipChunkBytes = 128 * 1024;

export interface LogLineOptions {
  signal?: AbortSignal;
  /** Bytes read from disk so far (compressed bytes for a .gz): a running total for progress against the file's size. */
  onBytes?: (bytes: number) => void;
  /** Called once for each line longer than `maxLineBytes`, which is cut there. */
  onLongLine?: () => void;
}

/** Reads a file's lines as strings, gunzipping `.gz` (by magic bytes, not name), from byte `start` (skipping
 *  the partial first line unless start is 0) through the line that crosses `end` (null: to the end). A line
 *  longer than 64 KiB is cut (the rest skipped, counted). Invalid UTF-8 is replaced, never fatal. Checks
 *  `signal` between chunks. Reports bytes read through onBytes.
 *  For a gzip file, `start` and `end` count bytes of the uncompressed text. */
export async function* readLogLines(file: string, range: { start: number; end: number | null }, options: LogLineOptions): AsyncGenerator<string> {
  for await (const lines of readLogLineBatches(file, range, options)) yield* lines;
}

/** As readLogLines, in the batches one read produces: a consumer that counts lines by the million spares a promise per line. */
export function readLogLineBatches(file: string, range: { start: number; end: number | null }, options: LogLineOptions): AsyncGenerator<string[]> {
  return readParts(file, range, options, false) as AsyncGenerator<string[]>;
}

/**
 * As readLogLineBatches, with runs of whole ASCII lines as Buffers (see LineSplitter.pushBlocks):
 * each batch must be used before asking for the next, which reuses the read buffer.
 */
export function readLogLineBlocks(file: string, range: { start: number; end: number | null }, options: LogLineOptions): AsyncGenerator<LinePart[]> {
  return readParts(file, range, options, true);
}

async function* readParts(file: string, range: { start: number; end: number | null }, options: LogLineOptions, blocks: boolean): AsyncGenerator<LinePart[]> {
  const handle = await openRegularFile(file);
  try {
    const head = Buffer.alloc(2);
    const bytesRead = await readAt(handle, file, head, 0);
    const gzip = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
    const splitter = new LineSplitter(range.start, range.end, options.onLongLine);
    yield* gzip ? gunzipLines(handle, file, splitter, options, blocks) : plainLines(handle, file, range.start, splitter, options, blocks);
  } finally {
    await handle.close();
  }
}

/** Whether the file starts with gzip's magic bytes (false for anything that is not a regular file). */
export function isGzipFile(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return false;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return false;
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } catch {
    // Unreadable (EIO): not gzip here; the reader says why when it reads it.
    return false;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Opens without blocking (a FIFO would wait for a writer forever) and refuses anything but a
 * regular file: a device such as /dev/zero never ends, a FIFO may never speak.
 */
async function openRegularFile(file: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    const known = describeFileError(error);
    if (known) throw new AppError(known.code, known.message);
    throw error;
  }
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    const kind = stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a named pipe' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : stat.isSocket() ? 'a socket' : 'not a regular file';
    throw new AppError('invalid-input', `${file} is ${kind}, not a log file: only regular files are read`);
  }
  return handle;
}

/** One read; a read the disk or the kernel refuses (EIO, a file on a lost mount) is the file's problem, never an internal error. */
async function readAt(handle: FileHandle, file: string, buffer: Buffer, position: number): Promise<number> {
  try {
    return (await handle.read(buffer, 0, buffer.length, position)).bytesRead;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(describeFileError(error)?.code ?? 'io-error', `${file}: cannot read at byte ${position}: ${code ?? String(error)}`);
  }
}

function checkSignal(file: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('cancelled', `reading ${file} was cancelled`);
}

async function* plainLines(handle: FileHandle, file: string, start: number, splitter: LineSplitter, options: LogLineOptions, blocks: boolean): AsyncGenerator<LinePart[]> {
  const buffer = Buffer.allocUnsafe(logReadBytes);
  // From the byte before `start`: a newline there means the range begins with a whole line.
  let position = Math.max(start - 1, 0);
  let total = 0;
  while (!splitter.done) {
    checkSignal(file, options.signal);
    const bytesRead = await readAt(handle, file, buffer, position);
    if (bytesRead === 0) break;
    total += bytesRead;
    options.onBytes?.(total);
    const lines = blocks ? splitter.pushBlocks(buffer.subarray(0, bytesRead), position) : splitter.push(buffer.subarray(0, bytesRead), position);
    position += bytesRead;
    if (lines.length > 0) yield lines;
  }
  const last = splitter.finish();
  if (last.length > 0) yield last;
}

async function* gunzipLines(handle: FileHandle, file: string, splitter: LineSplitter, options: LogLineOptions, blocks: boolean): AsyncGenerator<LinePart[]> {
  const input = handle.createReadStream({ start: 0, autoClose: false, highWaterMark: gzipChunkBytes });
  // Streamed with backpressure: a gzip bomb is inflated one chunk at a time, never whole.
  const gunzip = createGunzip({ chunkSize: gzipChunkBytes });
  let total = 0;
  input.on('data', (chunk: string | Buffer) => {
    total += chunk.length;
    options.onBytes?.(total);
  });
  pipeline(input, gunzip, () => undefined);
  let position = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      checkSignal(file, options.signal);
      const lines = blocks ? splitter.pushBlocks(chunk, position) : splitter.push(chunk, position);
      position += chunk.length;
      if (lines.length > 0) yield lines;
      if (splitter.done) break;
    }
  } catch (error) {
    // zlib's own errors (Z_BUF_ERROR for a cut file, Z_DATA_ERROR for damage) say the file is bad; others pass as they are.
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !code.startsWith('Z_')) throw error;
    // What was read before the damage is still evidence: it is handed out before the error.
    const last = splitter.finish();
    if (last.length > 0) yield last;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('invalid-input', `${file} is not a complete gzip file: ${reason} (the lines before the damage were read)`);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  const last = splitter.finish();
  if (last.length > 0) yield last;
}
