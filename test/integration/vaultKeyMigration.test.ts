import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { latestSchemaVersion } from '../../src-main/store/database';
import { repoRoot, tempDataDir } from '../support/consoleServer';
import { runCli } from '../support/cli';

// A data dir written by the version before the vault: its signing key in a PEM file, one archive signed with it.
const fixture = path.join(repoRoot, 'test', 'fixtures', 'data-dir-before-vault');
const oldKey = '2636f66e249eac03f4d59efba0cc451251a109c64777a523223eaf3ba4f6f955';
const work = tempDataDir('firebreak-key-migration-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the evidence signing key of an older version', () => {
  it('moves into the vault on first run, the file is removed, and archives signed before still verify', () => {
    fs.cpSync(fixture, work, { recursive: true });
    const dataDir = path.join(work, 'data');
    const keyFile = path.join(dataDir, 'keys', 'evidence-ed25519.pem');
    const archive = path.join(work, 'before-vault.tar.gz');
    const cli = (args: string[]) => runCli(dataDir, args);
    expect(fs.existsSync(keyFile)).toBe(true);

    const status = cli(['vault', 'status', '--json']);
    expect(status.status, status.stderr).toBe(0);
    expect(status.json.value).toMatchObject({ backend: 'encrypted-file', evidenceKeyFingerprint: oldKey });
    expect(status.json.value.deviceKeyFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.existsSync(keyFile)).toBe(false);
    const listed = cli(['vault', 'list', '--json']).json.value.entries.map((entry: { name: string; kind: string }) => `${entry.name} ${entry.kind}`);
    expect(listed).toEqual(['firebreak/device-key device-key', 'firebreak/evidence-signing-key signing-key']);

    const verified = cli(['evidence', 'verify', archive, '--json']);
    expect(verified.status, verified.stdout).toBe(0);
    expect(verified.json.value).toMatchObject({ intact: true, signer: { fingerprint: oldKey, trusted: true } });

    // New evidence is signed by the same key, now read from the vault, and this laptop still trusts it.
    const target = path.join(work, 'new.log');
    fs.writeFileSync(target, 'after the move\n');
    const collected = cli(['evidence', 'collect', target, '-o', `${target}.tar.gz`, '--json']);
    expect(collected.json.value.publicKeyFingerprint).toBe(oldKey);
    expect(cli(['evidence', 'key', 'export', '--json']).json.value.fingerprint).toBe(oldKey);
    fs.rmSync(path.join(dataDir, 'evidence', 'manifests'), { recursive: true });
    const onlyKey = cli(['evidence', 'verify', `${target}.tar.gz`, '--json']);
    expect(onlyKey.json.value.signer).toMatchObject({ fingerprint: oldKey, trusted: true });

    const db = new Database(path.join(dataDir, 'firebreak.sqlite'), { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    } finally {
      db.close();
    }
    expect(fs.readFileSync(path.join(dataDir, 'vault', 'vault.fbv'), 'latin1')).not.toMatch(/PRIVATE KEY/);
    expect(fs.existsSync(path.join(dataDir, 'keys', 'evidence-ed25519.pem'))).toBe(false);
  });
});
