import os from 'node:os';
import { Transform } from 'node:stream';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/**
 * Gzip on every core: the stream is cut into blocks compressed independently (in libuv's thread
 * pool) and written in order as concatenated gzip members, which every gzip reader accepts (as
 * with pigz). A single zlib stream would hold collection to one core, slower than `tar -czf`.
 * At most `concurrency` blocks are in flight, so memory stays bounded.
 */
export function parallelGzip({ blockBytes = 1024 * 1024, concurrency = Math.max(2, os.availableParallelism()) } = {}): Transform {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const inFlight: Promise<Buffer>[] = [];

  return new Transform({
    async transform(chunk: Buffer, _encoding, done) {
      try {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= blockBytes) {
          // Whole chunks make a block (a little over blockBytes): no re-slicing, one copy.
          inFlight.push(gzipAsync(Buffer.concat(pending, pendingBytes)));
          pending = [];
          pendingBytes = 0;
          while (inFlight.length >= concurrency) this.push(await inFlight.shift()!);
        }
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    async flush(done) {
      try {
        if (pendingBytes > 0) inFlight.push(gzipAsync(Buffer.concat(pending, pendingBytes)));
        for (const block of inFlight.splice(0)) this.push(await block);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}
