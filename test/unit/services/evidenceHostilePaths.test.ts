import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { makeTestContext } from '../../support/serviceContext';

// Paths a hostile local user can plant beside an archive in a shared folder such as /tmp.
const test = makeTestContext();
const work = path.join(test.dataDir, 'work');
const archive = path.join(work, 'e.tar.gz');
afterAll(() => test.close());

beforeAll(async () => {
  fs.mkdirSync(path.join(work, 'tree'), { recursive: true });
  fs.writeFileSync(path.join(work, 'tree', 'auth.log'), 'Failed password for root\n');
  const collected = await dispatchAsync(test.ctx, 'evidence.collect', { paths: [path.join(work, 'tree')], output: archive });
  expect(collected.ok).toBe(true);
});

async function verify(file: string) {
  return dispatchAsync(test.ctx, 'evidence.verify', { archive: file });
}

describe('evidence verify against planted files', () => {
  it('reports a pipe in place of the manifest or the checksum at once, without waiting for a writer', async () => {
    const copy = path.join(work, 'piped.tar.gz');
    fs.copyFileSync(archive, copy);
    execFileSync('mkfifo', [`${copy}.manifest.json`, `${copy}.sha256`]);
    const started = Date.now();
    const result = await verify(copy);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result).toMatchObject({ ok: true, value: { intact: false } });
    const messages = result.ok ? (result.value as { mismatches: { message: string }[] }).mismatches.map((m) => m.message) : [];
    expect(messages).toEqual(expect.arrayContaining([expect.stringContaining('pipe, not a regular file'), expect.stringContaining('is a pipe, not a file')]));
    // The archive's own manifest still vouches for its files.
    expect(result.ok && (result.value as { entriesChecked: number }).entriesChecked).toBe(1);
  });

  it('refuses a device, a pipe or a folder given as the archive instead of reading it for ever', async () => {
    const pipe = path.join(work, 'pipe.tar.gz');
    execFileSync('mkfifo', [pipe]);
    expect(await verify('/dev/zero')).toEqual({ ok: false, error: { code: 'invalid-input', message: '/dev/zero is a device, not an archive file' } });
    expect(await verify(pipe)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('is a pipe') } });
    expect(await verify(work)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('is a folder') } });
  });

  it('refuses a pipe given as a secret-scan baseline', async () => {
    const baseline = path.join(work, 'baseline.json');
    execFileSync('mkfifo', [baseline]);
    const scanned = await dispatchAsync(test.ctx, 'scan.secrets', { path: path.join(work, 'tree'), baseline });
    expect(scanned).toMatchObject({ ok: false, error: { code: expect.stringMatching(/invalid-input|io-error/), message: expect.stringContaining('not a file') } });
  });
});
