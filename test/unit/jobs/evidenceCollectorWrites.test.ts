import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectEvidence, collectTemporaries, type CollectOptions } from '../../../src-main/jobs/evidence/evidenceCollector';

describe('the files a collection writes', () => {
  let dir: string;
  let out: string;
  let options: CollectOptions;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-collect-writes-'));
    fs.mkdirSync(path.join(dir, 'source'));
    fs.writeFileSync(path.join(dir, 'source', 'auth.log'), 'Failed password for admin\n'.repeat(100));
    out = path.join(dir, 'out');
    fs.mkdirSync(out);
    options = { roots: [path.join(dir, 'source')], output: path.join(out, 'e.tar.gz'), incidentId: null, collector: 'test', version: '0.0.0', clock: () => new Date(), sign: async () => undefined, signArchive: async () => undefined };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('appear whole with their modes, and no temporary is left', async () => {
    await collectEvidence(options);
    expect(fs.readdirSync(out).sort()).toEqual(['e.tar.gz', 'e.tar.gz.manifest.json', 'e.tar.gz.sha256']);
    const mode = (name: string) => fs.statSync(path.join(out, name)).mode & 0o777;
    expect([mode('e.tar.gz'), mode('e.tar.gz.manifest.json'), mode('e.tar.gz.sha256')]).toEqual([0o600, 0o444, 0o444]);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'e.tar.gz.manifest.json'), 'utf8'))).toMatchObject({ totals: { files: 1 } });
  });

  it('is not blocked by the temporaries a killed collection left under the same name', async () => {
    // What a SIGKILL mid-collection left behind, under the names earlier versions used.
    fs.writeFileSync(path.join(out, 'e.tar.gz.partial'), 'half an archive');
    fs.writeFileSync(path.join(out, 'e.tar.gz.entries.partial'), '{"path":"half"}\n');
    const result = await collectEvidence(options);
    expect(result.summary.totals).toMatchObject({ files: 1 });
    expect(fs.readdirSync(out).sort()).toEqual(['e.tar.gz', 'e.tar.gz.entries.partial', 'e.tar.gz.manifest.json', 'e.tar.gz.partial', 'e.tar.gz.sha256']);
    // A second collection killed the same way leaves hidden names that block nothing either.
    const stale = collectTemporaries(path.join(out, 'f.tar.gz'));
    fs.writeFileSync(stale.archive, 'half an archive');
    fs.writeFileSync(stale.entries, '');
    await collectEvidence({ ...options, output: path.join(out, 'f.tar.gz') });
    expect(fs.existsSync(path.join(out, 'f.tar.gz.manifest.json'))).toBe(true);
  });

  it('refuses at once when a manifest from another collection sits under the name, and touches nothing', async () => {
    fs.writeFileSync(path.join(out, 'e.tar.gz.manifest.json'), 'someone else\'s');
    await expect(collectEvidence(options)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('e.tar.gz.manifest.json already exists') });
    expect(fs.readdirSync(out)).toEqual(['e.tar.gz.manifest.json']);
    expect(fs.readFileSync(path.join(out, 'e.tar.gz.manifest.json'), 'utf8')).toBe('someone else\'s');
  });

  it('when a final write fails, removes what it had published and publishes no archive', async () => {
    // The checksum's name is taken while the archive is being written: its write fails at the very end.
    options.sign = async () => {
      fs.mkdirSync(path.join(out, 'e.tar.gz.sha256'));
      return undefined;
    };
    await expect(collectEvidence(options)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('e.tar.gz.sha256 already exists') });
    expect(fs.readdirSync(out)).toEqual(['e.tar.gz.sha256']);
  });
});
