import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainUnavailableReason, startKeychainSession, type KeychainSession } from '../support/keychainSession';
import { runCli } from '../support/cli';

const keychainMissing = keychainUnavailableReason();
if (keychainMissing) console.warn(`firebreak tests: the real Secret Service tests are skipped: ${keychainMissing}`);

// Values a responder would keep: never in the database, its WAL, the vault's own file in clear, or any output.
const firstToken = 'ghp_R8mZtq3LkW9vXy2Pd7Nc5Hb4Jf6Gs1Ae0Uo3';
const secondToken = 'xoxb-2431-9874-Qw7RtY8uIo9PaSdFgHjKlZxC';

/** Every file under the data dir, as bytes: the database, its WAL and journal, logs, the vault file. */
function dataDirBytes(dataDir: string): Buffer {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(dataDir);
  return Buffer.concat(files.map((file) => fs.readFileSync(file)));
}

function expectNoPieceOf(haystack: Buffer | string, secret: string) {
  const text = typeof haystack === 'string' ? haystack : haystack.toString('latin1');
  for (let at = 0; at + 16 <= secret.length; at++) expect(text.includes(secret.slice(at, at + 16)), `a 16-character piece of a secret at ${at}`).toBe(false);
}

interface Backend {
  name: 'keytar' | 'encrypted-file';
  skip: string | null;
  env: () => Record<string, string | undefined>;
}

let session: KeychainSession | undefined;
const backends: Backend[] = [
  { name: 'keytar', skip: keychainMissing, env: () => ({ ...session!.env, FIREBREAK_VAULT_BACKEND: undefined, FIREBREAK_VAULT_PASSPHRASE: undefined, FIREBREAK_KEYCHAIN_TIMEOUT_MS: '5000' }) },
  { name: 'encrypted-file', skip: null, env: () => ({ FIREBREAK_VAULT_BACKEND: 'encrypted-file', DBUS_SESSION_BUS_ADDRESS: undefined }) },
];

beforeAll(async () => {
  if (!keychainMissing) session = await startKeychainSession();
});
afterAll(() => session?.stop());

describe.each(backends)('the vault on $name', (backend) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `firebreak-vault-${backend.name}-`));
  const cli = (args: string[], input?: string) => runCli(dataDir, args, { env: backend.env(), input });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it.skipIf(backend.skip)('says which backend holds it, stores, replaces, lists and deletes values without ever printing one', () => {
    const status = cli(['vault', 'status', '--json']);
    expect(status.status).toBe(0);
    expect(status.json.value.backend).toBe(backend.name);
    if (backend.name === 'keytar') {
      expect(status.json.value.description).toBe('GNOME Keyring via Secret Service');
      expect(status.json.value.keychainUnavailable).toBeNull();
    } else {
      expect(status.json.value.keychainUnavailable).toMatch(/FIREBREAK_VAULT_BACKEND=encrypted-file/);
      expect(status.json.value.description).toMatch(/encrypted file .*vault\.fbv \(scrypt N=2\^14, AES-256-GCM\)/);
    }

    const stored = cli(['vault', 'set', 'deploy-token', '--kind', 'api-token'], `${firstToken}\n`);
    expect(stored.status, stored.stderr).toBe(0);
    expect(stored.stdout).toMatch(/Stored deploy-token \(api-token\)/);
    const replaced = cli(['vault', 'set', 'deploy-token', '--kind', 'api-token', '--json'], secondToken);
    expect(replaced.json).toMatchObject({ ok: true, value: { name: 'deploy-token', kind: 'api-token' } });

    const listed = cli(['vault', 'list', '--json']);
    expect(listed.json.value.entries.map((entry: { name: string }) => entry.name)).toEqual(['deploy-token', 'firebreak/device-key', 'firebreak/evidence-signing-key']);
    expect(cli(['vault', 'test']).stdout).toMatch(/The vault works/);

    // The console's own keys cannot be overwritten or deleted by hand; a name is checked; an empty value is refused.
    expect(cli(['vault', 'set', 'firebreak/evidence-signing-key', '--json'], 'x'.repeat(20)).json.error.message).toMatch(/belong to the console/);
    expect(cli(['vault', 'set', '../etc/passwd', '--json'], 'x'.repeat(20)).json.error.code).toBe('invalid-input');
    expect(cli(['vault', 'set', 'empty', '--json'], '').json.error.message).toMatch(/no value: give it on stdin/);

    for (const run of [stored, replaced, listed]) expectNoPieceOf(run.stdout + run.stderr, secondToken);
    expect(cli(['vault', 'delete', 'deploy-token']).status).toBe(0);
    const again = cli(['vault', 'delete', 'deploy-token', '--json']);
    expect(again.status).toBe(2);
    expect(again.json.error).toMatchObject({ code: 'not-found' });
  });

  it.skipIf(backend.skip)('signs evidence with a key kept in the vault, and no value reaches a file in clear', () => {
    expect(cli(['vault', 'set', 'deploy-token'], firstToken).status).toBe(0);
    const target = path.join(dataDir, '..', `${path.basename(dataDir)}-evidence.log`);
    fs.writeFileSync(target, 'sshd: accepted password for root\n');
    const archive = `${target}.tar.gz`;
    const collected = cli(['evidence', 'collect', target, '-o', archive, '--json']);
    expect(collected.status, collected.stderr).toBe(0);
    const verified = cli(['evidence', 'verify', archive, '--json']);
    expect(verified.json.value).toMatchObject({ intact: true, signer: { trusted: true, trustedAs: 'registered' } });
    const status = cli(['vault', 'status', '--json']).json.value;
    expect(verified.json.value.signer.fingerprint).toBe(status.evidenceKeyFingerprint);
    expect(fs.existsSync(path.join(dataDir, 'keys', 'evidence-ed25519.pem'))).toBe(false);

    const bytes = dataDirBytes(dataDir);
    expectNoPieceOf(bytes, firstToken);
    // A PEM private key written anywhere in clear (the rules cache names the header in its patterns, never key material).
    expect(bytes.toString('latin1')).not.toMatch(/-----BEGIN PRIVATE KEY-----\r?\n[A-Za-z0-9+/]{20}/);
    if (backend.name === 'keytar') expect(fs.existsSync(path.join(dataDir, 'vault'))).toBe(false);
    for (const file of [target, archive, `${archive}.sha256`, `${archive}.manifest.json`]) fs.rmSync(file, { force: true });
  });
});

describe.skipIf(keychainMissing)('a keychain that disappears', () => {
  it('gives a clear error, writes nothing in clear, and loses nothing: the values are there when the keychain is back', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-vault-gone-'));
    const env = () => ({ ...session!.env, FIREBREAK_VAULT_BACKEND: undefined, FIREBREAK_VAULT_PASSPHRASE: undefined, FIREBREAK_KEYCHAIN_TIMEOUT_MS: '2500' });
    const cli = (args: string[], input?: string, extra: Record<string, string | undefined> = {}) => runCli(dataDir, args, { env: { ...env(), ...extra }, input });
    try {
      expect(cli(['vault', 'set', 'deploy-token'], firstToken).status).toBe(0);
      session!.killKeyring();
      const refused = cli(['vault', 'set', 'chat-token', '--json'], secondToken);
      expect(refused.status).toBe(2);
      expect(refused.json.error.code).toBe('io-error');
      expect(refused.json.error.message).toMatch(/Secret Service|keychain/i);
      expectNoPieceOf(dataDirBytes(dataDir), secondToken);
      expect(cli(['vault', 'list', '--json']).json.value.entries.map((e: { name: string }) => e.name)).not.toContain('chat-token');
      // The restarted keyring is locked and reads as empty: no evidence is signed, and no second signing key is made.
      const evidenceKey = cli(['vault', 'status', '--json']).json.value.evidenceKeyFingerprint;
      expect(evidenceKey).toMatch(/^[0-9a-f]{64}$/);
      const target = path.join(dataDir, 'seen.log');
      fs.writeFileSync(target, 'seen\n');
      const unsigned = cli(['evidence', 'collect', target, '-o', `${target}.tar.gz`, '--json']);
      expect(unsigned.json.error.message).toMatch(/the vault no longer holds firebreak\/evidence-signing-key .*a keychain that is locked .*no other key was made/);
      expect(fs.existsSync(`${target}.tar.gz`)).toBe(false);
      // A keychain that times out is named once, in words.
      const slow = cli(['vault', 'test', '--json'], undefined, { FIREBREAK_KEYCHAIN_TIMEOUT_MS: '1' }).json.error.message;
      expect(slow).toMatch(/cannot be reached here: .* did not answer within 0\.001 s \(a read\): is it locked, or has it stopped\. Nothing was changed\. Run where/);

      // Without the keychain at all (no D-Bus), this data dir's vault stays the keychain's: no silent switch to an empty file.
      const elsewhere = cli(['vault', 'set', 'chat-token', '--json'], secondToken, { DBUS_SESSION_BUS_ADDRESS: undefined });
      expect(elsewhere.json.error.message).toMatch(/this data dir's vault is in the OS keychain, which cannot be reached here: no D-Bus session bus/);
      expect(fs.existsSync(path.join(dataDir, 'vault'))).toBe(false);

      // The keychain comes back (the next login: a new session on the same keyring files): nothing was lost.
      const home = session!.home;
      session!.stop({ keepKeyring: true });
      session = await startKeychainSession(home);
      const back = spawnSync(process.execPath, ['-e', "require('keytar').findCredentials('Firebreak').then((c) => console.log(JSON.stringify(c.map((e) => [e.account.split('/').slice(1).join('/'), e.password]))))"], {
        env: { ...process.env, ...session!.env },
        cwd: process.cwd(),
        encoding: 'utf8',
        timeout: 20_000,
      });
      const entries = new Map<string, string>(JSON.parse(back.stdout));
      expect(entries.get('deploy-token')).toBe(firstToken);
      expect(cli(['vault', 'test']).status).toBe(0);
      expect(cli(['vault', 'status', '--json']).json.value.evidenceKeyFingerprint).toBe(evidenceKey);
      expect(cli(['evidence', 'collect', target, '-o', `${target}.tar.gz`, '--json']).json.value.publicKeyFingerprint).toBe(evidenceKey);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
