import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-codecache-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const codeCache = path.join(__dirname, '..', '..', '..', 'src-main', 'jobs', 'codeCache.ts');
const file = path.join(work, 'jobs.js');
const cache = `${file}.codecache`;

// A bundle of the same length in every version, so only the digest tells versions apart (V8 itself compares lengths only).
const bundle = (version: number) => `'use strict';\nconst path = require('node:path');\nfunction answer(n) { return n * ${version}; }\nmodule.exports = { version: answer(1), file: path.basename(__filename) };\n`;

/**
 * Loads the bundle in a fresh thread, as a job worker does: V8 keeps compiled scripts per isolate, and
 * a second load in one would not read the cache. Answers once the thread has ended (and written its cache).
 */
function loadInFreshThread(write = false): Promise<{ cacheUsed: boolean; exports: { version: number; file: string } }> {
  const code = `const { parentPort } = require('node:worker_threads');
    const loaded = require(${JSON.stringify(codeCache)}).loadWithCodeCache(${JSON.stringify(file)}, { writeOnExit: ${write} });
    parentPort.postMessage({ cacheUsed: loaded.cacheUsed, exports: loaded.exports });`;
  return new Promise((resolve, reject) => {
    let answer: { cacheUsed: boolean; exports: { version: number; file: string } };
    new Worker(code, { eval: true, execArgv: ['--require', 'tsx/cjs'] })
      .once('message', (message) => (answer = message))
      .once('error', reject)
      .once('exit', () => resolve(answer));
  });
}

describe('a job bundle loaded with its code cache', () => {
  it('runs as require would without a cache, and uses the cache it wrote', async () => {
    fs.writeFileSync(file, bundle(1));
    expect(await loadInFreshThread(true)).toEqual({ cacheUsed: false, exports: { version: 1, file: 'jobs.js' } });
    expect(fs.readFileSync(cache).subarray(0, 64).toString('latin1')).toBe(createHash('sha256').update(bundle(1)).digest('hex'));
    expect(fs.readdirSync(work).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await loadInFreshThread()).toEqual({ cacheUsed: true, exports: { version: 1, file: 'jobs.js' } });
  });

  it('ignores the cache of another version of the bundle and runs the bundle as it is now', async () => {
    fs.writeFileSync(file, bundle(2));
    expect(bundle(2).length).toBe(bundle(1).length);
    expect(await loadInFreshThread()).toMatchObject({ cacheUsed: false, exports: { version: 2 } });
  });

  it('ignores a damaged cache that names the right bundle', async () => {
    const digest = createHash('sha256').update(bundle(2)).digest('hex');
    fs.writeFileSync(cache, Buffer.concat([Buffer.from(digest, 'latin1'), Buffer.from('not a code cache at all')]));
    expect(await loadInFreshThread()).toMatchObject({ cacheUsed: false, exports: { version: 2 } });
  });
});
