import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectEvidence, type CollectResult } from '../../../src-main/jobs/evidence/evidenceCollector';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { registerEvidence } from '../../../src-main/services/evidence/evidenceRegister';
import { openDatabase } from '../../../src-main/store/database';
import { makeTestContext, type TestContext } from '../../support/serviceContext';

describe('exporting evidence', () => {
  let t: TestContext;
  let collected: CollectResult;
  let evidenceId: string;
  let usb: string;
  const names = ['logs.tar.gz', 'logs.tar.gz.manifest.json', 'logs.tar.gz.sha256'];
  const exported = () => fs.readdirSync(usb).sort();
  const exportTo = () => dispatchAsync(t.ctx, 'evidence.export', { evidenceId, destination: usb });

  beforeEach(async () => {
    t = makeTestContext();
    const source = path.join(t.dataDir, 'source');
    fs.mkdirSync(source);
    fs.writeFileSync(path.join(source, 'auth.log'), 'Failed password for admin\n'.repeat(1000));
    collected = await collectEvidence({ roots: [source], output: path.join(t.dataDir, 'logs.tar.gz'), incidentId: null, collector: 'test', version: '0.0.0', clock: () => new Date(), sign: async () => undefined, signArchive: async () => undefined });
    evidenceId = registerEvidence(t.ctx, collected.summary, collected.output, collected.manifestFile).id;
    usb = path.join(t.dataDir, 'usb');
    fs.mkdirSync(usb);
  });
  afterEach(() => t.close());

  it('copies the manifest and checksum before the archive: an archive never sits in the folder without its manifest', async () => {
    // The manifest arrives slowly through a pipe, as from a slow disk: the export is caught mid-way.
    const manifest = fs.readFileSync(collected.manifestFile);
    fs.rmSync(collected.manifestFile);
    expect(spawnSync('mkfifo', [collected.manifestFile]).status).toBe(0);
    const exporting = exportTo();
    const pipe = await fs.promises.open(collected.manifestFile, 'w');
    try {
      expect(fs.existsSync(path.join(usb, 'logs.tar.gz'))).toBe(false);
      await pipe.writeFile(manifest);
    } finally {
      await pipe.close();
    }
    expect(await exporting).toMatchObject({ ok: true, value: { exportedTo: path.join(usb, 'logs.tar.gz') } });
    expect(exported()).toEqual(names);
    expect(fs.readFileSync(path.join(usb, 'logs.tar.gz.manifest.json'))).toEqual(manifest);
  });

  it('removes the copies and says so when the export cannot be recorded in the chain of custody', async () => {
    const other = openDatabase(t.dataDir);
    other.exec('BEGIN IMMEDIATE');
    t.ctx.db.pragma('busy_timeout = 100');
    try {
      expect(await exportTo()).toEqual({ ok: false, error: { code: 'conflict', message: expect.stringContaining(`not recorded in the chain of custody, so its copies in ${usb} were removed. Try again.`) } });
      expect(exported()).toEqual([]);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await exportTo()).toMatchObject({ ok: true, value: { custody: [{ action: 'collected' }, { action: 'exported' }] } });
    expect(exported()).toEqual(names);
  });

  it('publishes nothing when the archive no longer matches its recorded hash', async () => {
    fs.appendFileSync(collected.output, 'tampered');
    expect(await exportTo()).toEqual({ ok: false, error: { code: 'io-error', message: expect.stringContaining('does not match its recorded hash') } });
    expect(exported()).toEqual([]);
  });
});
