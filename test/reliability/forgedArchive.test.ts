/**
 * Evidence verify reads archives a responder is handed, so their tar headers are an attacker's
 * input: a pax header claiming gigabytes (a few kilobytes once compressed) must be refused without
 * being read into memory, and a size that is not a number must be named, not mis-frame the rest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { paxRecord as tarPaxRecord, sealChecksum } from '../../src-main/domain/evidence/tarFormat';
import { tempDataDir } from '../support/consoleServer';
import { runCliMeasured } from '../support/peakRss';
import { scaled } from '../support/torture';

const work = tempDataDir('firebreak-forged-archive-');
const dataDir = path.join(work, 'data');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const mebibyte = 1024 * 1024;

/** A ustar header block written by hand, so that any field can be forged; `size` goes in as given when a string. */
function ustar(name: string, size: number | string, typeflag: string): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'latin1');
  block.write('0000644\0', 100, 'ascii');
  block.write('0000000\0', 108, 'ascii');
  block.write('0000000\0', 116, 'ascii');
  block.write(typeof size === 'number' ? `${size.toString(8).padStart(11, '0')}\0` : size, 124, 12, 'latin1');
  block.write('15123456701\0', 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write(typeflag, 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  return sealChecksum(block);
}

const paxRecord = (key: string, value: string) => tarPaxRecord(key, Buffer.from(value, 'latin1'));

const padded = (data: Buffer) => Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);

/** One file entry with its pax header, as Firebreak writes them, the pax records as given. */
function fileEntry(name: string, content: string, pax: Buffer[] = [paxRecord('path', name), paxRecord('size', String(content.length))]): Buffer {
  const records = Buffer.concat(pax);
  return Buffer.concat([ustar(`PaxHeaders/${name}`, records.length, 'x'), padded(records), ustar(name, content.length, '0'), padded(Buffer.from(content))]);
}

/** Writes the parts (buffers, or a count of filler bytes streamed a mebibyte at a time) gzip-compressed. */
async function writeArchive(name: string, parts: (Buffer | number)[]): Promise<string> {
  const file = path.join(work, name);
  const filler = Buffer.alloc(mebibyte, '7 a=b\n');
  await pipeline(
    (async function* () {
      for (const part of parts) {
        if (typeof part !== 'number') yield part;
        else for (let left = part; left > 0; left -= filler.length) yield filler.subarray(0, Math.min(left, filler.length));
      }
      yield Buffer.alloc(1024);
    })(),
    createGzip({ level: 1 }),
    fs.createWriteStream(file),
  );
  return file;
}

async function verify(archive: string) {
  const started = performance.now();
  const run = await runCliMeasured(dataDir, ['evidence', 'verify', archive, '--json']);
  expect(run.stderr).toBe('');
  const { value } = JSON.parse(run.stdout);
  return { status: run.status, value, messages: value.mismatches.map((mismatch: { kind: string; message: string }) => `${mismatch.kind}: ${mismatch.message}`) as string[], peakRssMb: run.peakRssMb, ms: performance.now() - started };
}

describe('evidence verify of a forged archive', () => {
  it('refuses a huge pax header at once, with memory no higher than for a small archive', async () => {
    const claimed = scaled(64, 1024) * mebibyte;
    const small = await verify(await writeArchive('small.tar.gz', [fileEntry('notes.txt', 'evidence\n')]));
    // Nothing is wrong with the small archive's tar framing; it lacks only a manifest.
    expect(small.messages.filter((message) => !message.includes('manifest'))).toEqual([]);
    const huge = await verify(await writeArchive('huge-pax.tar.gz', [ustar('PaxHeaders/big', claimed, 'x'), claimed, fileEntry('notes.txt', 'evidence\n')]));
    console.log(`pax header of ${claimed / mebibyte} MiB: refused in ${Math.round(huge.ms)} ms, peak RSS ${huge.peakRssMb} MB (small archive: ${small.peakRssMb} MB)`);
    expect(huge.status).toBe(1);
    expect(huge.value.intact).toBe(false);
    expect(huge.messages).toContain(`unreadable: the archive cannot be read to the end: the pax header PaxHeaders/big claims ${claimed} bytes, more than the 1 MiB a pax header may hold`);
    // Buffered, the record alone would add its own size (twice, while joined) to the peak.
    expect(huge.peakRssMb).toBeLessThan(small.peakRssMb + 24);
  });

  it.each([
    ['negative', '-512'],
    ['not a number', 'lots'],
    ['in exponent form', '1e3'],
    ['empty', ''],
    ['hexadecimal', '0x200'],
  ])('names an entry whose pax size is %s instead of reading on with it', async (_, size) => {
    const archive = await writeArchive(`pax-size-${size || 'empty'}.tar.gz`, [fileEntry('a.txt', 'first\n', [paxRecord('path', 'logs/a.txt'), paxRecord('size', size)]), fileEntry('b.txt', 'second\n')]);
    const result = await verify(archive);
    expect(result.status).toBe(1);
    expect(result.messages).toContain(`unreadable: the archive cannot be read to the end: the pax size of logs/a.txt is "${size}", not a whole number of bytes`);
  });

  it('names an entry whose ustar size is not an octal number', async () => {
    const archive = await writeArchive('ustar-size.tar.gz', [ustar('app.log', '12z4\0', '0'), padded(Buffer.from('x'.repeat(10))), fileEntry('b.txt', 'second\n')]);
    const result = await verify(archive);
    expect(result.status).toBe(1);
    expect(result.messages).toContain('unreadable: the archive cannot be read to the end: corrupt tar header for app.log (its size "12z4" is not an octal number)');
  });
});
