import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { Transform } from 'node:stream';

/**
 * Opening a FIFO blocks until a writer comes, holding one of libuv's few file threads: a path swapped
 * for a pipe after it was checked fails at once instead (O_NONBLOCK changes nothing for regular files).
 */
export const readWithoutBlocking = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;

/** A read stream opened with `readWithoutBlocking` (closed with the stream). */
export function readStreamWithoutBlocking(file: string): fs.ReadStream {
  return fs.createReadStream(file, { fd: fs.openSync(file, readWithoutBlocking) });
}

/** SHA-256 of a file, streamed: memory stays flat whatever its size. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of readStreamWithoutBlocking(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The same, read on the calling thread (for recovery work that runs inside a synchronous listing). */
export function sha256FileSync(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, readWithoutBlocking);
  try {
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (let read; (read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/** A pass-through stream that feeds every chunk to `hash` on its way: the bytes hashed are the bytes passed on. */
export function hashingTap(hash: Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}
