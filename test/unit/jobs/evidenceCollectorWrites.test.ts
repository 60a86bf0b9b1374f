import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectEvidence, type CollectOptions } from '../../../src-main/jobs/evidenceCollector';

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
    options = { roots: [path.join(dir, 'source')], output: path.join(out, 'e.tar.gz'), incidentId: null, collector: 'test', version: '0.0.0', clock: () => new Date(), sign: async () => undefined };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('appear whole with their modes, and no temporary is left', async () => {
    await collectEvidence(options);
    expect(fs.readdirSync(out).sort()).toEqual(['e.tar.gz', 'e.tar.gz.manifest.json', 'e.tar.gz.sha256']);
    const mode = (name: string) => fs.statSync(path.join(out, name)).mode & 0o777;
    expect([mode('e.tar.gz'), mode('e.tar.gz.manifest.json'), mode('e.tar.gz.sha256')]).toEqual([0o600, 0o444, 0o444]);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'e.tar.gz.manifest.json'), 'utf8'))).toMatchObject({ totals: { files: 1 } });
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
