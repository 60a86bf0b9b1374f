import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext, type ServiceContext } from '../../src-main/services/context';
import { dispatch, dispatchAsync } from '../../src-main/services/dispatch';
import { runCli } from '../support/cli';
import { scaled } from '../support/torture';

// A small tmpfs is the only honest full disk; mounting one needs root (CI runs as root).
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-diskfull-'));
const tiny = path.join(work, 'tiny');
fs.mkdirSync(tiny);
const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', tiny], { encoding: 'utf8' });
const mounted = mount.status === 0;
// Where mount is refused (not root), the suite shows as skipped with mount's own words as the reason.
const suiteTitle = `a full disk under the data dir and the evidence folder${mounted ? '' : ` (skipped: mount -t tmpfs was refused: ${mount.stderr?.trim() || mount.error?.message})`}`;
if (!mounted) fs.rmSync(work, { recursive: true, force: true });

const dataDir = path.join(tiny, 'data');
const out = path.join(tiny, 'out');
// The evidence signing key lives in the vault: here the encrypted file (the tests' backend).
const vaultFile = path.join(dataDir, 'vault', 'vault.fbv');
const source = path.join(work, 'source');
let ctx: ServiceContext;
let incidentId: string;

/** Fills the tmpfs to the last byte, leaving `spare` bytes free; the filler goes with free(). */
function fill(spare = 0): void {
  const fd = fs.openSync(path.join(tiny, 'filler'), 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  // Then smaller and smaller writes, down to the last byte.
  for (let size = 4096; size >= 1; ) {
    try {
      fs.writeSync(fd, Buffer.alloc(size, 1));
    } catch {
      size = Math.floor(size / 2);
    }
  }
  if (spare > 0) fs.ftruncateSync(fd, fs.fstatSync(fd).size - spare);
  fs.closeSync(fd);
}
const free = () => fs.rmSync(path.join(tiny, 'filler'), { force: true });
const leftovers = () => fs.readdirSync(out);

const collect = (name: string) => dispatchAsync(ctx, 'evidence.collect', { paths: [source], output: path.join(out, name), incidentId });

describe.skipIf(!mounted)(suiteTitle, () => {
  beforeAll(() => {
    fs.mkdirSync(dataDir);
    fs.mkdirSync(out);
    fs.mkdirSync(source);
    // Random bytes do not compress: the archive is as large as the source.
    fs.writeFileSync(path.join(source, 'memory.dump'), randomBytes(1024 * 1024));
    fs.writeFileSync(path.join(source, 'auth.log'), 'Failed password for admin\n'.repeat(100));
    // The console holds its database open while the disk fills, as a responder's would.
    ctx = createServiceContext({ dataDir, transport: 'http' });
    const declared = dispatch(ctx, 'incident.declare', { title: 'Disk fills during the response', severity: 'P1' });
    if (!declared.ok) throw new Error(declared.error.message);
    incidentId = (declared.value as { id: string }).id;
  });
  afterAll(() => {
    ctx?.db.close();
    spawnSync('umount', [tiny]);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('first collection on a full disk: a clear io-error, no vault file of 0 bytes, nothing left in the evidence folder', async () => {
    fill();
    const result = await collect('first.tar.gz');
    expect(result).toMatchObject({ ok: false, error: { code: 'io-error', message: expect.stringMatching(/^the disk is full: cannot write the vault .*vault\.fbv; the vault is as it was before/) } });
    expect(fs.existsSync(vaultFile)).toBe(false);
    expect(fs.existsSync(path.dirname(vaultFile)) ? fs.readdirSync(path.dirname(vaultFile)) : []).toEqual([]);
    expect(leftovers()).toEqual([]);

    // The CLI beside the open console says the same, in one envelope.
    const cli = runCli(dataDir, ['evidence', 'collect', source, '-o', path.join(out, 'cli.tar.gz'), '--incident', incidentId, '--json']);
    expect(cli.status).toBe(2);
    expect(cli.stdout.trim().split('\n')).toHaveLength(1);
    expect(cli.json).toMatchObject({ ok: false, error: { code: 'io-error', message: expect.stringContaining('the disk is full') } });
    expect(fs.existsSync(vaultFile)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('incident writes fail with io-error while the disk is full, and nothing acknowledged is lost', () => {
    // The database may still have room in pages it already owns: write until it has none.
    const acknowledged: string[] = [];
    let failure: { code: string; message: string } | null = null;
    for (let index = 0; index < scaled(2_000, 20_000) && !failure; index += 1) {
      const text = `note ${index} ${'x'.repeat(2_000)}`;
      const result = dispatch(ctx, 'incident.addNote', { id: incidentId, text });
      if (result.ok) acknowledged.push(text);
      else failure = result.error;
    }
    expect(failure).toEqual({ code: 'io-error', message: expect.stringContaining('the disk is full') });
    free();
    const timeline = dispatch(ctx, 'incident.get', { id: incidentId });
    expect(timeline.ok).toBe(true);
    expect(dispatch(ctx, 'incident.verify', { id: incidentId })).toMatchObject({ ok: true, value: { intact: true } });
    const notes = ctx.db.prepare("SELECT payload FROM events WHERE incident_id = ? AND type = 'incident.noteAdded' ORDER BY seq").all(incidentId) as { payload: string }[];
    expect(notes.map((row) => (JSON.parse(row.payload) as { text: string }).text)).toEqual(acknowledged);
  });

  it('once space is freed, collection and writes work again and everything verifies', async () => {
    free();
    const collected = await collect('after.tar.gz');
    if (!collected.ok) throw new Error(collected.error.message);
    expect(fs.statSync(vaultFile).size).toBeGreaterThan(0);
    expect(fs.statSync(vaultFile).mode & 0o777).toBe(0o600);
    const listed = await dispatchAsync(ctx, 'vault.list', {});
    expect(JSON.stringify(listed)).toContain('firebreak/evidence-signing-key');
    expect(leftovers().sort()).toEqual(['after.tar.gz', 'after.tar.gz.manifest.json', 'after.tar.gz.sha256']);
    expect(await dispatchAsync(ctx, 'evidence.verify', { archive: path.join(out, 'after.tar.gz') })).toMatchObject({ ok: true, value: { intact: true, signatureValid: true } });
    expect(dispatch(ctx, 'incident.addNote', { id: incidentId, text: 'space freed' })).toMatchObject({ ok: true });
    expect(dispatch(ctx, 'incident.verify', { id: incidentId })).toMatchObject({ ok: true, value: { intact: true } });
  });

  it('a disk that fills during the archive: the partial archive goes, the vault is untouched, and the next collection works', async () => {
    const vault = fs.readFileSync(vaultFile);
    const rounds = scaled(2, 20);
    for (let round = 0; round < rounds; round += 1) {
      // Room to start, not to finish: the 1 MB archive runs out of space part-way.
      fill(256 * 1024);
      const result = await collect(`partial-${round}.tar.gz`);
      expect(result).toMatchObject({ ok: false, error: { code: 'io-error', message: 'the disk is full: collection stopped and the partial archive was removed' } });
      expect(leftovers().filter((name) => !name.startsWith('after.tar.gz'))).toEqual([]);
      expect(fs.readFileSync(vaultFile).equals(vault)).toBe(true);
      free();
    }
    const again = await collect('again.tar.gz');
    expect(again).toMatchObject({ ok: true });
    expect(await dispatchAsync(ctx, 'evidence.verify', { archive: path.join(out, 'again.tar.gz') })).toMatchObject({ ok: true, value: { intact: true } });
    expect(dispatch(ctx, 'incident.verify', { id: incidentId })).toMatchObject({ ok: true, value: { intact: true } });
  });

  it('a key file left damaged by an earlier version is reported with what to do when it would move into the vault, then replaced once moved aside', async () => {
    // A data dir of that version: its key file cut to 0 bytes, no vault yet.
    const olderDir = path.join(tiny, 'older');
    const keyFile = path.join(olderDir, 'keys', 'evidence-ed25519.pem');
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    fs.writeFileSync(keyFile, '');
    const older = createServiceContext({ dataDir: olderDir, transport: 'http' });
    try {
      const collectThere = (name: string) => dispatchAsync(older, 'evidence.collect', { paths: [source], output: path.join(out, name) });
      const result = await collectThere('damaged-key.tar.gz');
      expect(result).toMatchObject({ ok: false, error: { code: 'io-error', message: expect.stringContaining(`the evidence signing key ${keyFile} is damaged (0 bytes`) } });
      expect(result.ok ? '' : result.error.message).toContain(`mv ${keyFile} ${keyFile}.damaged`);
      fs.renameSync(keyFile, `${keyFile}.damaged`);
      expect(await collectThere('new-key.tar.gz')).toMatchObject({ ok: true });
      expect(await dispatchAsync(older, 'evidence.verify', { archive: path.join(out, 'new-key.tar.gz') })).toMatchObject({ ok: true, value: { intact: true, signer: { trusted: true } } });
    } finally {
      older.db.close();
    }
  });
});
