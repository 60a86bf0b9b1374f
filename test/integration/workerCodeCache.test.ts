import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRules } from '../../src-main/domain/scans/secretRules';
import { fileClaims, type TreeScanInput } from '../../src-main/jobs/secrets/secretTreeScan';
import { repoRoot, tempDataDir } from '../support/consoleServer';

// A copy of the built job worker, so the real dist/ and its cache are never touched.
const work = tempDataDir('firebreak-worker-cache-');
const jobs = path.join(work, 'jobs');
const tree = path.join(work, 'tree');
const cache = path.join(jobs, 'worker.js.codecache');
// Written here, in pieces, so this test file is not itself a leak a scanner would flag.
const stripeKey = `sk_live_${'Zq8Wm2Rt6Yp4Lk9Vb3Nc7Xd1'}`;
const parsed = parseRules(fs.readFileSync(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'), 'utf8'));
if (!parsed.ok) throw new Error(parsed.message);
const rules = { specs: parsed.specs, globalAllow: parsed.globalAllow };

beforeAll(() => {
  fs.mkdirSync(jobs);
  for (const name of ['workerLoader.js', 'worker.js', 'worker.js.codecache']) fs.copyFileSync(path.join(repoRoot, 'dist', 'main', 'jobs', name), path.join(jobs, name));
  fs.mkdirSync(tree);
  fs.writeFileSync(path.join(tree, 'billing.js'), `const stripe = "${stripeKey}";\n`);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function scanInWorker(): Promise<{ rule: string; file: string; line: number }[]> {
  const input: TreeScanInput = { root: tree, rules, honourGitignore: true, maxFileBytes: 1 << 20, lane: 0, claims: fileClaims(1) };
  return new Promise((resolve, reject) => {
    new Worker(path.join(jobs, 'workerLoader.js'), { workerData: { job: 'secrets.tree', input } })
      .on('message', (message: { type: string; result?: { findings: { rule: string; file: string; line: number }[] }; message?: string }) => {
        if (message.type === 'done') resolve(message.result!.findings.map(({ rule, file, line }) => ({ rule, file, line })));
        if (message.type === 'failed') reject(new Error(message.message));
      })
      .once('error', reject);
  });
}

describe('the job worker bundle’s code cache', () => {
  it('is written by the build for the bundle as built', () => {
    const digest = createHash('sha256').update(fs.readFileSync(path.join(jobs, 'worker.js'))).digest('hex');
    expect(fs.readFileSync(cache).subarray(0, 64).toString('latin1')).toBe(digest);
  });

  it('finds the same secrets with the cache, with another bundle’s cache, with a damaged one and with none', async () => {
    const expected = [{ rule: expect.stringContaining('stripe'), file: 'billing.js', line: 1 }];
    expect(await scanInWorker()).toEqual(expected);
    const stored = fs.readFileSync(cache);
    fs.writeFileSync(cache, Buffer.concat([Buffer.from('0'.repeat(64), 'latin1'), stored.subarray(64)]));
    expect(await scanInWorker()).toEqual(expected);
    fs.writeFileSync(cache, Buffer.concat([stored.subarray(0, 64), Buffer.from('not a code cache')]));
    expect(await scanInWorker()).toEqual(expected);
    fs.rmSync(cache);
    expect(await scanInWorker()).toEqual(expected);
  });
});
