import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvidenceManifest } from '../../src-main/contract';
import { collectEvidence, type CollectResult } from '../../src-main/jobs/evidence/evidenceCollector';
import { tempDataDir } from '../support/consoleServer';

const work = tempDataDir('firebreak-hostile-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const entriesOf = (result: CollectResult) => (JSON.parse(fs.readFileSync(result.manifestFile, 'utf8')) as EvidenceManifest).entries;

const options = (roots: string[], output: string) => ({
  roots,
  output,
  incidentId: null,
  collector: 'test',
  version: 'test',
  clock: () => new Date(),
  sign: async () => undefined,
  signArchive: async () => undefined,
});

describe('collecting hostile input', () => {
  it('flags a file that grows while it is read, and archives exactly its declared size', async () => {
    const dir = path.join(work, 'growing');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'app.log');
    fs.writeFileSync(file, Buffer.alloc(48 * 1024 * 1024, 0x61));
    const appender = setInterval(() => fs.appendFileSync(file, 'new line while collecting\n'), 1);
    try {
      const result = await collectEvidence(options([dir], path.join(work, 'growing.tar.gz')));
      const entry = entriesOf(result).find((candidate) => candidate.path === file)!;
      expect(entry.size).toBe(48 * 1024 * 1024);
      expect(entry.problem).toMatch(/^changed-during-read: now \d+ bytes/);
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      clearInterval(appender);
    }
  });

  it('streams a 4 GB sparse file with flat memory', async () => {
    const dir = path.join(work, 'sparse');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'disk.img'), '');
    fs.truncateSync(path.join(dir, 'disk.img'), 4 * 1024 ** 3);
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    try {
      const result = await collectEvidence(options([dir], path.join(work, 'sparse.tar.gz')));
      const entry = entriesOf(result).find((candidate) => candidate.path.endsWith('disk.img'))!;
      expect(entry).toMatchObject({ size: 4 * 1024 ** 3, problem: null });
      // `head -c 4294967296 /dev/zero | sha256sum`
      expect(entry.sha256).toBe('8479e43911dc45e89f934fe48d01297e16f51d17aa561d4d1c216b1ae0fcddca');
      expect(fs.statSync(path.join(work, 'sparse.tar.gz')).size).toBeLessThan(10 * 1024 * 1024);
    } finally {
      clearInterval(sampler);
    }
    expect(peakRss).toBeLessThan(200 * 1024 * 1024);
  }, 120_000);

  it('leaves no partial archive behind when cancelled', async () => {
    const controller = new AbortController();
    const output = path.join(work, 'cancelled.tar.gz');
    setTimeout(() => controller.abort(), 300);
    await expect(collectEvidence({ ...options([path.join(work, 'sparse')], output), signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(fs.readdirSync(work).filter((name) => name.includes('cancelled'))).toEqual([]);
  });
});
