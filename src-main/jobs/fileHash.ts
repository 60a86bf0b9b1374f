import { createHash } from 'node:crypto';
import fs from 'node:fs';

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
