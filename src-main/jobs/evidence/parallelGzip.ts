import { Duplex } from 'node:stream';
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
  const deflated = await gzipAsync(block, { level, chunkSize: deflatedRoom });
  return deflated.length <= storedSize(block.length) ? deflated : store(block);
}

// A stored member gets output room for all of it at once: one callback on the reader's thread and
// stored blocks of the full 64 KiB. Deflated members do not get a block-sized output buffer each
// (mostly unused, it made peak memory grow with the length of a collection).
const roomFor = (block: Buffer) => storedSize(block.length) + 64;
// Deflated members get 128 KiB pieces: a log block fits in two or three (each piece is a round trip
// through the reader's thread, which the deflate threads wait on), without a block-sized buffer each.
const deflatedRoom = 128 * 1024;
const store = (block: Buffer) => gzipAsync(block, { level: 0, chunkSize: roomFor(block) });

interface Slot {
  done: boolean;
  output?: Buffer;
}

type Callback = (error?: Error | null) => void;

/**
 * Gzip on every core: the stream is cut into blocks compressed independently (in libuv's thread
 * pool) and written in order as concatenated gzip members, which every gzip reader accepts (as
 * with pigz). A single zlib stream would hold collection to one core, slower than `tar -czf`.
 *
 * The reader never waits for one particular block: it hands a block over and goes on reading as
 * long as fewer than `compressing` blocks are being compressed and fewer than `maxBlocks` are
 * held, so the deflate threads always have the next block ready. Finished blocks are pushed in
 * order as soon as the oldest is done, and the reader stops while the consumer (the disk) lags, so
 * memory stays bounded whatever the speed of either side.
 *
 * A Duplex, not a Transform: Transform holds a write back when its output buffer grew during the
 * write and releases it on the consumer's next request, which, with output pushed later from the
 * thread pool, may already have come and gone (a stall).
 */
export class ParallelGzip extends Duplex {
  private readonly blockBytes: number;
  private readonly compressing: number;
  private readonly maxBlocks: number;
  private readonly level: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly queue: Slot[] = [];
  private running = 0;
  private failure: Error | null = null;
  private waiting: (() => void) | null = null;
  // The consumer asked for more (_read) and nothing was pushed since. Readable asks once its buffer
  // will fall below the mark, while it may still be above it, and then waits for a push: a reader
  // that waited for the buffer itself to fall would wait for ever.
  private asked = false;

  constructor({ blockBytes = 1024 * 1024, compressing = Math.max(2, threadPoolSize - 1), maxBlocks = 8, level = 6 }: ParallelGzipOptions = {}) {
    super({ readableHighWaterMark: 2 * blockBytes });
    this.blockBytes = blockBytes;
    this.compressing = compressing;
    this.maxBlocks = maxBlocks;
    this.level = level;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: Callback): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.blockBytes) return done();
    this.submit();
    this.whenRoom(done);
  }

  override _final(done: Callback): void {
    if (this.pendingBytes > 0) this.submit();
    const finish = () => {
      if (this.failure) return done(this.failure);
      if (this.queue.length > 0) return void (this.waiting = finish);
      this.push(null);
      done();
    };
    finish();
  }

  override _read(): void {
    this.asked = true;
    this.wake();
  }

  private wake(): void {
    const resume = this.waiting;
    this.waiting = null;
    resume?.();
  }

  /** The reader goes on once a compression slot is free, fewer than maxBlocks are held and the consumer keeps up. */
  private whenRoom(done: Callback): void {
    if (this.failure) return done(this.failure);
    if (this.running < this.compressing && this.queue.length < this.maxBlocks && (this.asked || this.readableLength < this.readableHighWaterMark)) return done();
    this.waiting = () => this.whenRoom(done);
  }

  private submit(): void {
    // Whole chunks make a block (a little over blockBytes): no re-slicing, at most one copy.
    const block = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    const slot: Slot = { done: false };
    this.queue.push(slot);
    this.running += 1;
    compressBlock(block, this.level).then(
      (output) => {
        this.running -= 1;
        slot.done = true;
        slot.output = output;
        this.drain();
        this.wake();
      },
      (error: Error) => {
        this.running -= 1;
        this.failure ??= error;
        this.wake();
      },
    );
  }

  /** Every finished block goes out at once, in order; the reader is what waits while the consumer lags. */
  private drain(): void {
    while (this.queue.length > 0 && this.queue[0]!.done) {
      this.asked = false;
      this.push(this.queue.shift()!.output);
    }
  }
}

export function parallelGzip(options: ParallelGzipOptions = {}): ParallelGzip {
  return new ParallelGzip(options);
}
