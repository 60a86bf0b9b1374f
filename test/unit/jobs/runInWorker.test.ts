import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseRules } from '../../../src-main/domain/scans/secretRules';
import { inlineJobBytes, runInWorker, runsInline, runSmallJobsInline } from '../../../src-main/jobs/runInWorker';
import { fileClaims } from '../../../src-main/jobs/secrets/secretTreeScan';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-worker-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const job = (roots: string[], output: string) => ({ roots, output, incidentId: null, collector: 'tester', version: '0.0.0-test' });

describe('long jobs in a worker thread', () => {
  it('collects in the worker, streams progress, and asks this thread to sign', async () => {
    const tree = path.join(work, 'small');
    fs.mkdirSync(tree);
    fs.writeFileSync(path.join(tree, 'a.log'), 'line\n'.repeat(10_000));
    const digests: string[] = [];
    const progress: number[] = [];
    const result = await runInWorker('evidence.collect', job([tree], path.join(work, 'small.tar.gz')), {
      onProgress: (p) => progress.push(p.bytes),
      answer: {
        sign: (digest) => {
          digests.push(digest);
          return { algorithm: 'ed25519', publicKeyFingerprint: 'f'.repeat(64), publicKey: 'test', value: 'signed-here' };
        },
        // The archive's hash is signed here too, once the worker knows it, with the same manifest digest.
        signArchive: ({ archiveSha256, manifestDigest }) => `archive ${archiveSha256} manifest ${manifestDigest}`,
      },
    });
    expect(result.summary.totals).toMatchObject({ files: 1, bytes: 50_000 });
    expect(digests).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(result.summary.signature?.value).toBe('signed-here');
    expect(result.summary.archiveSignature).toBe(`archive ${result.summary.archiveSha256} manifest ${digests[0]}`);
    expect(progress.at(-1)).toBe(50_000);
  });

  it('stops within a second of a cancel and leaves no partial archive', async () => {
    const tree = path.join(work, 'big');
    fs.mkdirSync(tree);
    fs.writeFileSync(path.join(tree, 'disk.img'), '');
    fs.truncateSync(path.join(tree, 'disk.img'), 4 * 1024 ** 3);
    const controller = new AbortController();
    let cancelledAt = 0;
    const run = runInWorker('evidence.collect', job([tree], path.join(work, 'big.tar.gz')), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytes > 64 * 1024 * 1024 && !cancelledAt) {
          cancelledAt = Date.now();
          controller.abort();
        }
      },
      answer: { sign: () => undefined, signArchive: () => undefined },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(Date.now() - cancelledAt).toBeLessThan(1_000);
    expect(fs.readdirSync(work).filter((name) => name.includes('big.tar.gz'))).toEqual([]);
  }, 60_000);

  it('reports a job that fails in the worker with its code and message', async () => {
    fs.writeFileSync(path.join(work, 'taken.tar.gz'), 'already here');
    await expect(runInWorker('evidence.collect', job([work], path.join(work, 'taken.tar.gz')), { answer: {} })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('already exists') });
  });
});

describe('tiny jobs in a one-shot process', () => {
  afterEach(() => runSmallJobsInline(false));

  it('run on the calling thread only when the process allows it and the job is a few small files', () => {
    const file = path.join(work, 'one.log');
    fs.writeFileSync(file, 'Failed password for root\n'.repeat(100));
    const sparse = path.join(work, 'large.img');
    fs.writeFileSync(sparse, '');
    fs.truncateSync(sparse, inlineJobBytes + 1);
    expect(runsInline('evidence.collect', job([file], path.join(work, 'x.tar.gz')))).toBe(false);
    runSmallJobsInline(true);
    expect(runsInline('evidence.collect', job([file, file], path.join(work, 'x.tar.gz')))).toBe(true);
    // A folder may hold anything, and a large file is long work: both go to a worker.
    expect(runsInline('evidence.collect', job([work], path.join(work, 'x.tar.gz')))).toBe(false);
    expect(runsInline('evidence.collect', job([file, sparse], path.join(work, 'x.tar.gz')))).toBe(false);
    expect(runsInline('evidence.collect', job([path.join(work, 'missing')], path.join(work, 'x.tar.gz')))).toBe(false);
  });

  it('collect, sign through the same answers, and fail with the same codes as in a worker', async () => {
    runSmallJobsInline(true);
    const file = path.join(work, 'auth.log');
    fs.writeFileSync(file, 'Accepted publickey for deploy\n'.repeat(1_000));
    const digests: string[] = [];
    const result = await runInWorker('evidence.collect', job([file], path.join(work, 'inline.tar.gz')), {
      answer: {
        sign: (digest) => (digests.push(digest), { algorithm: 'ed25519', publicKeyFingerprint: 'f'.repeat(64), publicKey: 'test', value: 'signed-inline' }),
        signArchive: ({ archiveSha256 }) => `archive ${archiveSha256}`,
      },
    });
    expect(result.summary).toMatchObject({ totals: { files: 1, bytes: 30_000 }, signature: { value: 'signed-inline' }, archiveSignature: `archive ${result.summary.archiveSha256}` });
    expect(digests).toHaveLength(1);
    expect(gunzipSync(fs.readFileSync(path.join(work, 'inline.tar.gz'))).includes(Buffer.from('Accepted publickey for deploy'))).toBe(true);

    await expect(runInWorker('evidence.collect', job([file], path.join(work, 'inline.tar.gz')), { answer: {} })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('already exists') });
    const controller = new AbortController();
    controller.abort();
    await expect(runInWorker('evidence.collect', job([file], path.join(work, 'cancelled.tar.gz')), { signal: controller.signal, answer: { sign: () => undefined, signArchive: () => undefined } })).rejects.toMatchObject({ code: 'cancelled' });
    expect(fs.readdirSync(work).filter((name) => name.includes('cancelled.tar.gz'))).toEqual([]);
  });

  it('run the caller’s lane of a secret scan here, finding what a worker finds', async () => {
    const parsed = parseRules(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'resources', 'rules', 'secrets.yaml'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.message);
    const tree = path.join(work, 'code');
    fs.mkdirSync(tree);
    // Written here, in pieces, so this test file is not itself a leak a scanner would flag.
    fs.writeFileSync(path.join(tree, 'billing.js'), `const stripe = "sk_live_${'Zq8Wm2Rt6Yp4Lk9Vb3Nc7Xd1'}";\n`);
    // Each scan has its own lanes' counter of the files taken.
    const input = () => ({ root: tree, rules: { specs: parsed.specs, globalAllow: parsed.globalAllow }, honourGitignore: true, maxFileBytes: 1 << 20, lane: 0, claims: fileClaims(1) });
    expect(runsInline('secrets.tree', input(), true)).toBe(false);
    const inWorker = await runInWorker('secrets.tree', input(), { callersShare: true, answer: {} });
    runSmallJobsInline(true);
    expect(runsInline('secrets.tree', input())).toBe(false);
    expect(runsInline('secrets.tree', input(), true)).toBe(true);
    const here = await runInWorker('secrets.tree', input(), { callersShare: true, answer: {} });
    expect(inWorker.findings).toHaveLength(1);
    expect(here).toEqual(inWorker);
  });

  it('stop a worker let go at once: the job fails as cancelled without waiting for it to finish or start', async () => {
    const parsed = parseRules(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'resources', 'rules', 'secrets.yaml'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.message);
    const unwanted = new AbortController();
    const started = Date.now();
    const job = runInWorker('secrets.tree', { root: work, rules: { specs: parsed.specs, globalAllow: parsed.globalAllow }, honourGitignore: true, maxFileBytes: 1 << 20, lane: 0, claims: fileClaims(1) }, { abandon: unwanted.signal, answer: {} });
    unwanted.abort();
    await expect(job).rejects.toMatchObject({ code: 'cancelled', message: 'secrets.tree was no longer wanted' });
    // A cancel waits for the worker to hear it (up to two seconds); letting go does not.
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
