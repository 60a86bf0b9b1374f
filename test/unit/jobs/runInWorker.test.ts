import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInWorker } from '../../../src-main/jobs/runInWorker';

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
