import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { compressBlock, parallelGzip } from '../../../src-main/jobs/evidence/parallelGzip';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-gzip-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const block = 256 * 1024;

function logText(bytes: number, seed = 1): Buffer {
  let state = seed;
  const next = (n: number) => Math.floor(((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
  const lines: string[] = [];
  for (let size = 0; size < bytes; ) {
    const line = `2026-11-23T10:${String(next(60)).padStart(2, '0')}:00Z sshd[${next(9000)}]: Failed password for ${['root', 'admin', 'deploy'][next(3)]} from 203.0.113.${next(255)} port ${next(65535)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(`${lines.join('\n')}\n`).subarray(0, bytes);
}

/** Feeds `input` in 64 KiB chunks (as the collector's reads arrive) and returns the gzip output. */
async function compress(input: Buffer, options: Parameters<typeof parallelGzip>[0] = { blockBytes: block }): Promise<Buffer> {
  const out: Buffer[] = [];
  const chunks = function* () {
    for (let at = 0; at < input.length; at += 64 * 1024) yield input.subarray(at, at + 64 * 1024);
  };
  await pipeline(Readable.from(chunks()), parallelGzip(options), new Writable({ write: (chunk, _encoding, done) => (out.push(chunk), done()) }));
  return Buffer.concat(out);
}

/** Stored framing: 18 bytes of gzip header and trailer per member, 5 per stored deflate block of up to 64 KiB. */
const storedOverhead = (bytes: number, blockBytes: number) => Math.ceil(bytes / blockBytes) * (18 + 5 * Math.ceil(blockBytes / 65_535));

describe('block-parallel gzip', () => {
  it('compresses log-like text to well under half, and it comes back byte for byte', async () => {
    const input = logText(3 * 1024 * 1024);
    const output = await compress(input);
    expect(output.length).toBeLessThan(input.length * 0.4);
    expect(gunzipSync(output).equals(input)).toBe(true);
  });

  it('stores data that does not compress: crypto-random input grows by the stored framing only', async () => {
    const input = randomBytes(4 * 1024 * 1024 + 12_345);
    const output = await compress(input);
    expect(output.length).toBeLessThanOrEqual(input.length + storedOverhead(input.length, block));
    expect(gunzipSync(output).equals(input)).toBe(true);
  });

  it('writes an incompressible block as stored deflate blocks, and deflates text', async () => {
    // The first deflate block's type is in bits 1-2 of the byte after the 10-byte gzip header: 00 is stored.
    const firstBlockType = (member: Buffer) => {
      expect(member[3]).toBe(0); // no optional header fields: the deflate data starts at byte 10
      return (member[10]! >> 1) & 0b11;
    };
    const random = await compressBlock(randomBytes(1024 * 1024));
    expect(firstBlockType(random)).toBe(0b00);
    expect(gunzipSync(random)).toHaveLength(1024 * 1024);
    expect(firstBlockType(await compressBlock(logText(1024 * 1024)))).not.toBe(0b00);
  });

  it('keeps the order of blocks that finish out of order (slow text first, quick stored blocks after)', async () => {
    const input = Buffer.concat([logText(2 * 1024 * 1024, 7), randomBytes(3 * 1024 * 1024), logText(512 * 1024, 9), randomBytes(100)]);
    const output = await compress(input, { blockBytes: block, compressing: 3, maxBlocks: 8 });
    expect(gunzipSync(output).equals(input)).toBe(true);
  });

  it('does not stall when a quick run of blocks floods the output and the disk writes in its own time', async () => {
    // Text blocks take longer than random ones, which are stored at once: output comes in floods.
    const line = Buffer.from('2026-11-23 sshd Failed password for root from 203.0.113.7 port 4242\n');
    const input = Buffer.concat([Buffer.alloc(block, line), randomBytes(30 * block), Buffer.alloc(4 * block, line), randomBytes(30 * block)]);
    const chunks = function* () {
      for (let at = 0; at < input.length; at += 64 * 1024) yield input.subarray(at, at + 64 * 1024);
    };
    // The timing decides where the consumer's requests fall: several disk speeds, each must finish.
    for (const delayMs of [0, 1, 2, 3]) {
      const out: Buffer[] = [];
      const disk = new Writable({ highWaterMark: 64 * 1024, write: (chunk, _encoding, done) => (out.push(chunk), setTimeout(done, delayMs)) });
      // As in a collection: a one-chunk source, a hashing pass-through, then the disk.
      const finished = pipeline(Readable.from(chunks(), { highWaterMark: 1 }), parallelGzip({ blockBytes: block }), new PassThrough(), disk);
      const stalled = new Promise((_resolve, reject) => setTimeout(() => reject(new Error(`stalled with a ${delayMs} ms disk`)), 8_000).unref());
      await Promise.race([finished, stalled]);
      expect(gunzipSync(Buffer.concat(out)).equals(input)).toBe(true);
    }
  }, 60_000);

  it('writes an empty input as no members at all, and a tiny one as one member', async () => {
    expect((await compress(Buffer.alloc(0))).length).toBe(0);
    expect(gunzipSync(await compress(Buffer.from('x'))).toString()).toBe('x');
  });

  it('holds a bounded amount when the disk does not keep up: the reader is paused, not buffered', async () => {
    let produced = 0;
    const source = new Readable({
      read() {
        produced += 64 * 1024;
        this.push(produced > 64 * 1024 * 1024 ? null : randomBytes(64 * 1024));
      },
    });
    const gzip = parallelGzip({ blockBytes: block, maxBlocks: 8 });
    source.pipe(gzip); // Nothing reads the output: a disk that has stopped.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // 8 blocks held, 2 blocks of output waiting, plus the streams' own small buffers.
    expect(produced).toBeLessThan(16 * block + 1024 * 1024);
    expect(produced).toBeGreaterThan(4 * block);
    source.destroy();
    gzip.destroy();
  });
});

describe('the gzip stream, checked by gzip and tar themselves', () => {
  const tree = path.join(work, 'tree');
  fs.mkdirSync(path.join(tree, 'logs'), { recursive: true });
  fs.writeFileSync(path.join(tree, 'logs', 'auth.log'), logText(1_500_000));
  fs.writeFileSync(path.join(tree, 'capture.bin'), randomBytes(1_700_000));
  fs.writeFileSync(path.join(tree, 'mixed.bin'), Buffer.concat([logText(300_000, 3), randomBytes(400_000), logText(200_000, 5)]));
  fs.writeFileSync(path.join(tree, 'empty'), '');

  for (const [kind, files] of [
    ['compressible', ['logs']],
    ['incompressible', ['capture.bin']],
    ['mixed', ['.']],
  ] as const) {
    it(`${kind}: gzip -t passes, tar lists and extracts it, and the extracted files equal the input`, async () => {
      const tar = spawnSync('tar', ['-cf', '-', '-C', tree, ...files], { maxBuffer: 64 * 1024 * 1024 });
      expect(tar.status).toBe(0);
      const archive = path.join(work, `${kind}.tar.gz`);
      fs.writeFileSync(archive, await compress(tar.stdout));
      expect(spawnSync('gzip', ['-t', archive]).status).toBe(0);
      expect(spawnSync('tar', ['-tzf', archive]).status).toBe(0);
      const extracted = path.join(work, `${kind}-out`);
      fs.mkdirSync(extracted);
      expect(spawnSync('tar', ['-xzf', archive, '-C', extracted]).status).toBe(0);
      const diff = spawnSync('diff', ['-r', path.join(tree, files[0]), path.join(extracted, files[0])]);
      expect(diff.stdout.toString() + diff.stderr.toString()).toBe('');
      expect(diff.status).toBe(0);
      expect(gunzipSync(fs.readFileSync(archive)).equals(tar.stdout)).toBe(true);
    });
  }
});
