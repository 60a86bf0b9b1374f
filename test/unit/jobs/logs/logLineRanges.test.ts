import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readLogLines } from '../../../../src-main/jobs/logs/logLines';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-log-ranges-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => Math.floor(((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
}

/** Lines of every awkward kind: CRLF and LF, empty, multi-byte characters, some longer than a read. */
function awkwardText(bytes: number, seed: number, ascii = false): string {
  const next = random(seed);
  const pieces = ascii ? ['GET /a?b=c', ' ', 'x', '%2e%2e/', '', '"-"'] : ['GET /a?b=c', 'é', '日本語', '🙂', ' ', 'x', '%2e%2e/', ''];
  const lines: string[] = [];
  for (let size = 0; size < bytes; ) {
    const words = next(5) === 0 ? next(4000) : next(30);
    let line = '';
    for (let i = 0; i < words; i++) line += pieces[next(pieces.length)];
    line += next(3) === 0 ? '\r\n' : '\n';
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  // A final line without a newline.
  return `${lines.join('')}tail ${ascii ? 'end' : '🙂'}`;
}

/** The file's lines as a reader is promised to give them: split at \n, one \r before it dropped. */
function expectedLines(text: string): string[] {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

async function read(file: string, start: number, end: number | null): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readLogLines(file, { start, end }, {})) lines.push(line);
  return lines;
}

describe('readLogLines byte ranges', () => {
  const text = awkwardText(600 * 1024, 7);
  const bytes = Buffer.from(text);
  const plain = path.join(work, 'awkward.log');
  const gzip = path.join(work, 'awkward.log.gz');
  fs.writeFileSync(plain, bytes);
  fs.writeFileSync(gzip, gzipSync(bytes));
  const all = expectedLines(text);

  it('reads the whole file as its lines, plain and gzipped', async () => {
    expect(await read(plain, 0, null)).toEqual(all);
    expect(await read(gzip, 0, null)).toEqual(all);
  });

  it('gives exactly the file’s lines across three ranges, for random cuts and awkward ones', async () => {
    const next = random(42);
    const special: number[] = [];
    for (let i = 1; i < bytes.length && special.length < 60; i++) {
      const byte = bytes[i]!;
      const before = bytes[i - 1]!;
      // At a newline, right after one, inside a CRLF, inside a multi-byte character.
      if (byte === 0x0a || before === 0x0a || (before === 0x0d && byte === 0x0a) || (byte & 0xc0) === 0x80) {
        if (next(200) === 0) special.push(i);
      }
    }
    const cuts: [number, number][] = [];
    for (let i = 0; i < 40; i++) {
      const a = next(bytes.length);
      cuts.push([a, a + next(bytes.length - a)]);
    }
    for (let i = 0; i + 1 < special.length; i += 2) cuts.push([Math.min(special[i]!, special[i + 1]!), Math.max(special[i]!, special[i + 1]!)]);
    cuts.push([0, 0], [1, 1], [bytes.length - 1, bytes.length], [bytes.length, bytes.length]);
    expect(cuts.length).toBeGreaterThan(60);
    for (const [a, b] of cuts) {
      const joined = [...(await read(plain, 0, a)), ...(await read(plain, a, b)), ...(await read(plain, b, null))];
      expect(joined.length, `cuts ${a}, ${b}`).toBe(all.length);
      expect(joined, `cuts ${a}, ${b}`).toEqual(all);
    }
  });

  it('gives exactly the lines of an ASCII file across random ranges (whole chunks decoded at once)', async () => {
    const asciiText = awkwardText(700 * 1024, 11, true);
    const file = path.join(work, 'ascii.log');
    fs.writeFileSync(file, asciiText);
    const lines = expectedLines(asciiText);
    const next = random(5);
    for (let i = 0; i < 30; i++) {
      const a = next(asciiText.length);
      const b = a + next(asciiText.length - a);
      expect([...(await read(file, 0, a)), ...(await read(file, a, b)), ...(await read(file, b, null))], `cuts ${a}, ${b}`).toEqual(lines);
    }
  });

  it('applies ranges to the uncompressed text of a gzip file', async () => {
    const a = Math.floor(bytes.length / 3);
    const b = Math.floor((2 * bytes.length) / 3);
    expect([...(await read(gzip, 0, a)), ...(await read(gzip, a, b)), ...(await read(gzip, b, null))]).toEqual(all);
  });

  it('gives a range that starts and ends inside one line nothing, and the range with the line’s first byte all of it', async () => {
    const file = path.join(work, 'one-line.log');
    fs.writeFileSync(file, 'first\nsecond line here\nthird\n');
    expect(await read(file, 8, 12)).toEqual([]);
    expect(await read(file, 6, 7)).toEqual(['second line here']);
    expect(await read(file, 5, 6)).toEqual([]);
    expect(await read(file, 0, 1)).toEqual(['first']);
    expect(await read(file, 100, null)).toEqual([]);
  });
});
