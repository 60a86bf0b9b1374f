/**
 * Evidence collect and verify hold memory flat in the number of entries: the manifest is written
 * as entries are hashed and read back as a stream, the walk keeps a folder's names and not a path
 * per file, and verification keeps at most a short digest per entry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../support/consoleServer';
import { runCliMeasured } from '../support/peakRss';
import { scaled } from '../support/torture';

const work = tempDataDir('firebreak-evidence-memory-');
const dataDir = path.join(work, 'data');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const many = scaled(50_000, 200_000);
// Past the first 15,000 files the garbage collectors' working room (V8's heap, dead 1 MB gzip
// blocks) has levelled off: what grows after that is a cost per file.
const few = 15_000;

/** A folder of `count` empty files, but for the first ten, which hold a line naming themselves. */
function folderOf(count: number): string {
  const dir = path.join(work, `files-${count}`);
  fs.mkdirSync(dir);
  for (let i = 0; i < count; i += 1) fs.writeFileSync(path.join(dir, `f${i}.txt`), i < 10 ? `evidence ${i}\n` : '');
  return dir;
}

async function collect(count: number) {
  const archive = path.join(work, `evidence-${count}.tar.gz`);
  const run = await runCliMeasured(dataDir, ['evidence', 'collect', folderOf(count), '--output', archive, '--json']);
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout).value.totals).toMatchObject({ files: count, problems: 0 });
  return { archive, peakRssMb: run.peakRssMb };
}

async function verify(archive: string) {
  const run = await runCliMeasured(dataDir, ['evidence', 'verify', archive, '--json']);
  return { value: JSON.parse(run.stdout).value, peakRssMb: run.peakRssMb };
}

describe(`evidence of ${many} files`, () => {
  let archive = '';

  it(`is collected with peak memory flat in the number of files (${few} against ${many})`, async () => {
    const small = await collect(few);
    const large = await collect(many);
    archive = large.archive;
    console.log(`collect: ${few} files ${small.peakRssMb} MB, ${many} files ${large.peakRssMb} MB peak RSS`);
    expect(large.peakRssMb).toBeLessThan(200);
    // With a path object per file, 5,000 → 50,000 files grew 125 MB here; 100,000 files now peak
    // where 50,000 do.
    expect(large.peakRssMb - small.peakRssMb).toBeLessThan(40);
  });

  it('is verified intact under 200 MB', async () => {
    const { value, peakRssMb } = await verify(archive);
    console.log(`verify: ${many} files ${peakRssMb} MB peak RSS`);
    expect(value).toMatchObject({ intact: true, entriesChecked: many, signatureValid: true, mismatches: [], mismatchCount: 0 });
    expect(peakRssMb).toBeLessThan(200);
  });

  it('names the one entry whose bytes were changed', async () => {
    const tar = gunzipSync(fs.readFileSync(archive));
    const at = tar.indexOf('evidence 7\n');
    expect(at).toBeGreaterThan(0);
    tar.write('EVIDENCE', at, 'latin1');
    const tampered = path.join(work, 'tampered.tar.gz');
    fs.writeFileSync(tampered, gzipSync(tar));
    fs.copyFileSync(`${archive}.manifest.json`, `${tampered}.manifest.json`);
    const { value, peakRssMb } = await verify(tampered);
    expect(value.intact).toBe(false);
    expect(value.mismatches.map((mismatch: { kind: string; entry: string | null }) => [mismatch.kind, mismatch.entry])).toEqual([
      ['archive-hash', null],
      ['entry-hash', `files-${many}/f7.txt`],
    ]);
    expect(value.mismatchCount).toBe(2);
    expect(peakRssMb).toBeLessThan(200);
  });
});
