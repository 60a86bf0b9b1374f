import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-main/contract/envelope';
import { isGzipFile, logReadBytes, maxLineBytes, readLogLines, type LogLineOptions } from '../../../../src-main/jobs/logs/logLines';
import { cutLineJoin, tailLineBytes } from '../../../../src-main/jobs/logs/lineSplitter';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-log-lines-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, content);
  return file;
}

async function read(file: string, options: LogLineOptions = {}): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readLogLines(file, { start: 0, end: null }, options)) lines.push(line);
  return lines;
}

async function failure(run: Promise<unknown>): Promise<AppError> {
  const error = await run.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('readLogLines', () => {
  it('reads LF and CRLF lines, empty lines and a last line without a newline', async () => {
    expect(await read(write('mixed.log', 'one\r\ntwo\n\nthree\r\n\r\nlast'))).toEqual(['one', 'two', '', 'three', '', 'last']);
    expect(await read(write('ends.log', 'a\nb\n'))).toEqual(['a', 'b']);
    expect(await read(write('cr-only.log', 'a\rb\r'))).toEqual(['a\rb']);
  });

  it('drops a byte order mark at the start of the file only', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(await read(write('bom.log', Buffer.concat([bom, Buffer.from('{"a":1}\n'), bom, Buffer.from('x\n')])))).toEqual(['{"a":1}', '\ufeffx']);
    expect(await read(write('bom.log.gz', gzipSync(Buffer.concat([bom, Buffer.from('first\n')]))))).toEqual(['first']);
  });

  it('reads an empty file as no lines and a file of newlines as empty lines', async () => {
    expect(await read(write('empty.log', ''))).toEqual([]);
    expect(await read(write('newlines.log', '\n'.repeat(300_000)))).toEqual(Array.from({ length: 300_000 }, () => ''));
  });

  it('gunzips by magic bytes, whatever the name says', async () => {
    const text = 'GET /a\nGET /b\n';
    expect(await read(write('disguised.log', gzipSync(text)))).toEqual(['GET /a', 'GET /b']);
    expect(await read(write('not-really.gz', text))).toEqual(['GET /a', 'GET /b']);
    expect(isGzipFile(path.join(work, 'disguised.log'))).toBe(true);
    expect(isGzipFile(path.join(work, 'not-really.gz'))).toBe(false);
    expect(await read(write('members.gz', Buffer.concat([gzipSync('one\n'), gzipSync('two\n')])))).toEqual(['one', 'two']);
  });

  it('replaces invalid UTF-8 and reads binary files without failing', async () => {
    expect(await read(write('latin1.log', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0xff, 0xfe, 0x0a])))).toEqual(['caf\ufffd', '\ufffd\ufffd']);
    const binary = randomBytes(512 * 1024);
    const newlines = binary.filter((byte) => byte === 0x0a).length;
    const lines = await read(write('binary.bin', binary));
    expect(lines.length).toBe(binary.at(-1) === 0x0a ? newlines : newlines + 1);
  });

  it('cuts a 10 MB line to its first 64 KiB and its last 16 KiB on character boundaries and goes on with the next line', async () => {
    const long = `${'é'.repeat(5 * 1024 * 1024)}UNION SELECT`;
    const file = write('long.log', `before\n${long}\nafter\n`);
    let cut = 0;
    const lines = await read(file, { onLongLine: () => cut++ });
    expect(lines).toHaveLength(3);
    expect([lines[0], lines[2]]).toEqual(['before', 'after']);
    const tail = Buffer.from(long).subarray(-tailLineBytes).toString('utf8').replace(/^\uFFFD+/, '');
    expect(lines[1]).toBe(`${'é'.repeat(maxLineBytes / 2)}${cutLineJoin}${tail}`);
    expect(lines[1]!.endsWith('éUNION SELECT')).toBe(true);
    expect(cut).toBe(1);
    // An odd cut: 3-byte characters do not divide 64 KiB, so the last whole one ends the head, the first whole one starts the tail.
    const odd = await read(write('odd.log', '日'.repeat(100_000)));
    expect(odd[0]).toBe(`${'日'.repeat(Math.floor(maxLineBytes / 3))}${cutLineJoin}${'日'.repeat(Math.floor(tailLineBytes / 3))}`);
  });

  it('reads many 1 MB lines, each cut, in bounded memory', async () => {
    const file = write('megabyte-lines.log', `${'A'.repeat(1024 * 1024)}\n`.repeat(20));
    let cut = 0;
    const lines = await read(file, { onLongLine: () => cut++ });
    expect(lines).toHaveLength(20);
    expect(lines.every((line) => line === `${'A'.repeat(maxLineBytes)}${cutLineJoin}${'A'.repeat(tailLineBytes)}`)).toBe(true);
    expect(cut).toBe(20);
  });

  it('reports a running total of the bytes read from disk', async () => {
    // Several reads' worth.
    const content = `${'x'.repeat(1000)}\n`.repeat(Math.ceil((3 * logReadBytes) / 1001));
    const totals: number[] = [];
    await read(write('progress.log', content), { onBytes: (bytes) => totals.push(bytes) });
    expect(totals.length).toBeGreaterThan(1);
    expect(totals.at(-1)).toBe(content.length);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
  });

  it('stops with a cancelled error when the signal aborts, plain or gzipped', async () => {
    const count = Math.ceil((4 * logReadBytes) / 5);
    const text = 'line\n'.repeat(count);
    for (const file of [write('cancel.log', text), write('cancel.log.gz', gzipSync(text))]) {
      const controller = new AbortController();
      let seen = 0;
      const error = await failure(
        (async () => {
          for await (const _ of readLogLines(file, { start: 0, end: null }, { signal: controller.signal })) {
            if (++seen === 10) controller.abort();
          }
        })(),
      );
      expect(error.code).toBe('cancelled');
      expect(error.message).toBe(`reading ${file} was cancelled`);
      expect(seen).toBeLessThan(count);
    }
  });

  it('lets a reader stop early without leaving files open', async () => {
    const file = write('early.log.gz', gzipSync('line\n'.repeat(100_000)));
    const open = () => fs.readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 50; i++) {
      for await (const line of readLogLines(file, { start: 0, end: null }, {})) {
        expect(line).toBe('line');
        break;
      }
    }
    expect(open()).toBeLessThanOrEqual(before + 2);
  });
});

describe('readLogLines on damaged gzip files', () => {
  const text = Array.from({ length: 60_000 }, (_, i) => `line ${i} ${i * 7919}`).join('\n') + '\n';
  const whole = gzipSync(text);

  it('hands out the lines before a truncation, then says the file is incomplete', async () => {
    const file = write('truncated.log.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const lines: string[] = [];
    const error = await failure(
      (async () => {
        for await (const line of readLogLines(file, { start: 0, end: null }, {})) lines.push(line);
      })(),
    );
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/truncated\.log\.gz is not a complete gzip file: /);
    expect(lines.length).toBeGreaterThan(1000);
    expect(lines.slice(0, -1)).toEqual(text.split('\n').slice(0, lines.length - 1));
  });

  it('says a corrupt file is not a complete gzip file', async () => {
    const corrupt = Buffer.from(whole);
    for (let i = 200; i < 400; i++) corrupt[i] = corrupt[i]! ^ 0x5a;
    const error = await failure(read(write('corrupt.gz', corrupt)));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/corrupt\.gz is not a complete gzip file: /);
  });

  it('inflates a gzip bomb streaming: 256 MB of zeros read as one cut line, memory flat', async () => {
    const file = path.join(work, 'bomb.gz');
    const block = Buffer.alloc(1024 * 1024);
    await pipeline(
      Readable.from((function* () {
        for (let i = 0; i < 256; i++) yield block;
      })()),
      createGzip({ level: 1 }),
      fs.createWriteStream(file),
    );
    expect(fs.statSync(file).size).toBeLessThan(4 * 1024 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const lines = await read(file, { onBytes: () => (peak = Math.max(peak, process.memoryUsage().arrayBuffers - before)) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toHaveLength(maxLineBytes + cutLineJoin.length + tailLineBytes);
    expect(peak).toBeLessThan(32 * 1024 * 1024);
  }, 60_000);
});

describe('readLogLines refuses what is not a regular file', () => {
  it('refuses a symlink to /dev/zero instead of reading forever', async () => {
    const link = path.join(work, 'zero.log');
    fs.symlinkSync('/dev/zero', link);
    const error = await failure(read(link));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe(`${link} is a device, not a log file: only regular files are read`);
    expect(isGzipFile(link)).toBe(false);
  });

  it('refuses a named pipe without waiting for a writer', async () => {
    const fifo = path.join(work, 'pipe.log');
    execFileSync('mkfifo', [fifo]);
    const error = await failure(read(fifo));
    expect(error.message).toBe(`${fifo} is a named pipe, not a log file: only regular files are read`);
    expect(isGzipFile(fifo)).toBe(false);
  });

  it('refuses a folder and names a missing file', async () => {
    expect((await failure(read(work))).code).toBe('invalid-input');
    const missing = await failure(read(path.join(work, 'nope.log')));
    expect(missing.code).toBe('not-found');
    expect(missing.message).toContain('nope.log');
    expect(isGzipFile(path.join(work, 'nope.log'))).toBe(false);
  });
});
