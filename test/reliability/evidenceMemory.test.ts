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

// On tmpfs when the machine has one: creating 50,000 files on a busy disk can take a minute of
// system time, and this file measures memory, not the disk.
const shm = '/dev/shm';
const work = fs.existsSync(shm) ? fs.mkdtempSync(path.join(shm, 'firebreak-evidence-memory-')) : tempDataDir('firebreak-evidence-memory-');
const dataDir = path.join(work, 'data');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const many = scaled(50_000, 200_000);
const few = 5_000;
const middle = 15_000;

/**
 * `count` empty files, a thousand to a folder (the walk keeps one folder's sorted names, a few tens
 * of bytes each), but for the first ten, which hold a line naming themselves.
 */
function makeFiles(count: number): string {
  const dir = path.join(work, `files-${count}`);
  for (let i = 0; i < count; i += 1) {
    const folder = path.join(dir, `d${Math.floor(i / 1000)}`);
    if (i % 1000 === 0) fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `f${i}.txt`), i < 10 ? `evidence ${i}\n` : '');
  }
  return dir;
}

// V8's old space, capped for every thread (the flag overrides a worker's own limit). The CLI and
// the collecting worker need some 18 MB each at any count; a path object kept per file (the bug
// this file guards against) needed 125 MB more at 50,000 files, and runs out of heap here.
const heapCapMb = 24;

/** Collects the first `count` files (whole folders of a thousand) of the tree. */
async function collect(tree: string, count: number) {
  const archive = path.join(work, `evidence-${count}.tar.gz`);
  const roots = Array.from({ length: count / 1000 }, (_, folder) => path.join(tree, `d${folder}`));
  const run = await runCliMeasured(dataDir, ['evidence', 'collect', ...roots, '--output', archive, '--json'], [`--max-old-space-size=${heapCapMb}`]);
  expect(run.stderr).toBe('');
  // A collection that ran out of heap under the cap fails here, with its error in the diff.
  expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, value: { totals: { files: count, problems: 0 } } });
  return { archive, peakRssMb: run.peakRssMb };
}

async function verify(archive: string) {
  const run = await runCliMeasured(dataDir, ['evidence', 'verify', archive, '--json']);
  return { value: JSON.parse(run.stdout).value, peakRssMb: run.peakRssMb };
}

describe(`evidence of ${many} files`, () => {
  let archive = '';

  it(`is collected with peak memory flat in the number of files (${few} and ${middle} against ${many})`, async () => {
    const tree = makeFiles(many);
    const small = await collect(tree, few);
    const medium = await collect(tree, middle);
    const large = await collect(tree, many);
    archive = large.archive;
    console.log(`collect peak RSS: ${few} files ${small.peakRssMb} MB, ${middle} files ${medium.peakRssMb} MB, ${many} files ${large.peakRssMb} MB`);
    expect(large.peakRssMb).toBeLessThan(200);
    // The heap cap above is the exact check. Resident memory outside the heap (allocator pages, the
    // young generation) still rises a little, less and less with the count: 15,000 → 50,000 files
    // measured 14 to 23 MB on a busy machine, where a path object per file grew some 95 MB.
    expect(large.peakRssMb - small.peakRssMb).toBeLessThan(60);
    expect(large.peakRssMb - medium.peakRssMb).toBeLessThan(40);
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
      // The archive's own hash, which the manifest's key signed, changed: named first.
      ['signature', null],
      ['archive-hash', null],
      ['entry-hash', 'd0/f7.txt'],
    ]);
    expect(value.mismatchCount).toBe(3);
    expect(peakRssMb).toBeLessThan(200);
  });
});
