import { Transform, type TransformCallback } from 'node:stream';
import { promisify } from 'node:util';
import { deflateRaw, gzip, type ZlibOptions } from 'node:zlib';

const gzipAsync = promisify<Buffer, ZlibOptions, Buffer>(gzip);
const deflateRawAsync = promisify<Buffer, ZlibOptions, Buffer>(deflateRaw);

export interface ParallelGzipOptions {
  /** Input bytes per gzip member; whole chunks are taken, so a block may be a little larger. */
  blockBytes?: number;
  /**
   * Blocks being compressed at once, in libuv's thread pool. Kept below the pool's size so that a
   * file read (which uses the same pool) never queues behind deflates: the reader would starve.
   */
  compressing?: number;
  /** Blocks read but not yet written out, compressed or not: the memory bound. */
  maxBlocks?: number;
  level?: number;
}

const threadPoolSize = Number(process.env.UV_THREADPOOL_SIZE) || 4;

// A gzip member has a 10-byte header and an 8-byte trailer; a stored deflate block carries 5 bytes per 65,535.
const storedSize = (bytes: number) => bytes + 18 + 5 * Math.max(1, Math.ceil(bytes / 65_535));

// Below this, a level-1 deflate of the sample says the block is worth compressing: already-compressed
// data (gzip, JPEG, video, encrypted files) comes out at 1.0 and above, text and binaries well below.
const worthCompressing = 0.9;
const sampleCount = 4;
const sampleBytes = 4_096;

/** Four slices spread over the block: one deflate call on them costs about a percent of compressing the block. */
function sample(block: Buffer): Buffer {
  if (block.length <= sampleCount * sampleBytes) return block;
  const step = Math.floor((block.length - sampleBytes) / (sampleCount - 1));
  return Buffer.concat(Array.from({ length: sampleCount }, (_, i) => block.subarray(i * step, i * step + sampleBytes)));
}

/**
 * One gzip member for the block. A block whose sample does not shrink is stored (level 0: copied
 * with its CRC, at memory speed) instead of deflated for nothing; a deflated block that came out
 * larger than stored is stored after all, so no block grows by more than the stored framing.
 */
export async function compressBlock(block: Buffer, level = 6): Promise<Buffer> {
  const probe = sample(block);
  const probed = await deflateRawAsync(probe, { level: 1 });
  if (probed.length >= probe.length * worthCompressing) return store(block);
  const deflated = await gzipAsync(block, { level });
  return deflated.length <= storedSize(block.length) ? deflated : store(block);
}

// Output room for the whole member at once: zlib then writes stored blocks of the full 64 KiB.
const store = (block: Buffer) => gzipAsync(block, { level: 0, chunkSize: storedSize(block.length) + 64 });

interface Slot {
  done: boolean;
  output?: Buffer;
}

/**
 * Gzip on every core: the stream is cut into blocks compressed independently (in libuv's thread
 * pool) and written in order as concatenated gzip members, which every gzip reader accepts (as
 * with pigz). A single zlib stream would hold collection to one core, slower than `tar -czf`.
 *
 * The reader never waits for one particular block: it hands a block over and goes on reading as
 * long as fewer than `compressing` blocks are being compressed and fewer than `maxBlocks` are
 * held, so the deflate threads always have the next block ready. Finished blocks are pushed in
 * order as soon as the oldest is done, and pushing stops while the consumer (the disk) lags, so
 * memory stays bounded whatever the speed of either side.
 */
export function parallelGzip({ blockBytes = 1024 * 1024, compressing = Math.max(2, threadPoolSize - 1), maxBlocks = 16, level = 6 }: ParallelGzipOptions = {}): Transform {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const queue: Slot[] = [];
  let running = 0;
  let failure: Error | null = null;
  let waiting: (() => void) | null = null;

  const wake = () => {
    const resume = waiting;
    waiting = null;
    resume?.();
  };

  // Blocks that finished while the consumer lagged go out when it asks for more.
  const stream = new (class extends Transform {
    override _read(size: number) {
      super._read(size);
      drain();
      wake();
    }
  })({
    readableHighWaterMark: 4 * blockBytes,
    transform(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < blockBytes) return done();
      submit();
      whenRoom(done);
    },
    flush(done) {
      if (pendingBytes > 0) submit();
      const finish = () => {
        if (failure) return done(failure);
        if (queue.length === 0) return done();
        waiting = finish;
      };
      finish();
    },
  });

  /** The reader goes on once a compression slot is free, fewer than maxBlocks are held and the consumer keeps up. */
  function whenRoom(done: TransformCallback) {
    if (failure) return done(failure);
    if (running < compressing && queue.length < maxBlocks && stream.readableLength < stream.readableHighWaterMark) return done();
    waiting = () => whenRoom(done);
  }

  function submit() {
    // Whole chunks make a block (a little over blockBytes): no re-slicing, one copy.
    const block = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    const slot: Slot = { done: false };
    queue.push(slot);
    running += 1;
    compressBlock(block, level).then(
      (output) => {
        running -= 1;
        slot.done = true;
        slot.output = output;
        drain();
        wake();
      },
      (error: Error) => {
        running -= 1;
        failure ??= error;
        wake();
      },
    );
  }

  function drain() {
    while (queue.length > 0 && queue[0]!.done && stream.readableLength < stream.readableHighWaterMark) {
      stream.push(queue.shift()!.output);
    }
  }

  return stream;
}
