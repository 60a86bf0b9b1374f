import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServiceContext } from '../../../src-main/services/context';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { vaultFilePath } from '../../../src-main/services/vault/encryptedFileStore';
import { makeTestContext, type TestContext } from '../../support/serviceContext';

const token = 'glpat-Xy7Qw2Er9Ty4Ui8Op3As';
const password = 'Tr0ub4dor&3-horse-staple';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => {
  if (t.ctx.db.open) t.ctx.db.close();
  t.close();
});

async function call(name: string, input: unknown = {}) {
  return dispatchAsync(t.ctx, name, input);
}

async function callOk<T = any>(name: string, input: unknown = {}): Promise<T> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

/** A second console on the same data dir (another process), with the passphrase it is given. */
async function reopen(passphrase: string | undefined) {
  const saved = process.env.FIREBREAK_VAULT_PASSPHRASE;
  if (passphrase === undefined) delete process.env.FIREBREAK_VAULT_PASSPHRASE;
  else process.env.FIREBREAK_VAULT_PASSPHRASE = passphrase;
  try {
    t.ctx.db.close();
    t = { ...t, ctx: createServiceContext({ dataDir: t.dataDir, transport: 'http', clock: () => new Date('2026-11-23T15:00:00.000Z') }) };
    await call('vault.status');
  } finally {
    if (saved === undefined) delete process.env.FIREBREAK_VAULT_PASSPHRASE;
    else process.env.FIREBREAK_VAULT_PASSPHRASE = saved;
  }
}

async function storeTwo() {
  await callOk('vault.set', { name: 'gitlab-token', value: token, kind: 'api-token' });
  await callOk('vault.set', { name: 'db-password', value: password, kind: 'password' });
}

const fileOf = () => vaultFilePath(t.dataDir);
const editFile = (edit: (json: any) => void) => {
  const json = JSON.parse(fs.readFileSync(fileOf(), 'utf8'));
  edit(json);
  fs.writeFileSync(fileOf(), JSON.stringify(json));
};

describe('the encrypted-file vault', () => {
  it('keeps values only as ciphertext, each sealed with its own nonce, and gives them back', async () => {
    await storeTwo();
    const raw = fs.readFileSync(fileOf(), 'utf8');
    expect(raw).not.toContain(token);
    expect(raw).not.toContain(password);
    expect(raw).not.toContain('PRIVATE KEY');
    const json = JSON.parse(raw);
    const nonces = Object.values(json.entries).map((entry: any) => entry.nonce);
    expect(new Set(nonces).size).toBe(nonces.length);
    expect(json.kdf).toMatchObject({ name: 'scrypt', logN: 14, r: 8, p: 1 });
    expect((fs.statSync(fileOf()).mode & 0o777).toString(8)).toBe('600');

    // Every write seals every value again with fresh nonces.
    await callOk('vault.set', { name: 'other', value: 'another value entirely', kind: 'other' });
    const after = JSON.parse(fs.readFileSync(fileOf(), 'utf8'));
    expect(after.entries['gitlab-token'].nonce).not.toBe(json.entries['gitlab-token'].nonce);

    const { getSecret } = await import('../../../src-main/services/vault/vault');
    expect(await getSecret(t.ctx, 'gitlab-token')).toBe(token);
    expect(await getSecret(t.ctx, 'db-password')).toBe(password);
    const listed = await callOk<{ entries: Array<{ name: string }> }>('vault.list');
    expect(JSON.stringify(listed)).not.toContain(token);
  });

  it('refuses a wrong passphrase clearly and changes nothing', async () => {
    await storeTwo();
    const before = fs.readFileSync(fileOf());
    await reopen(undefined);
    const status = await callOk('vault.status');
    expect(status).toMatchObject({ backend: 'encrypted-file', exists: true, locked: true, entries: 4 });
    const wrong = await call('vault.unlock', { passphrase: 'not it' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthorized', message: 'wrong vault passphrase: nothing was read or changed' } });
    const locked = await call('vault.set', { name: 'x', value: 'y'.repeat(12) });
    expect(locked).toMatchObject({ ok: false, error: { code: 'unauthorized', message: expect.stringMatching(/the vault is locked: unlock it on the Vault screen/) } });
    expect(fs.readFileSync(fileOf()).equals(before)).toBe(true);
    // Listing works while locked: names only come from the index.
    expect((await callOk<{ entries: unknown[] }>('vault.list')).entries).toHaveLength(4);
    await callOk('vault.unlock', { passphrase: 'correct horse battery staple' });
    const { getSecret } = await import('../../../src-main/services/vault/vault');
    expect(await getSecret(t.ctx, 'db-password')).toBe(password);
  });

  it.each([
    ['cut short', (raw: Buffer) => raw.subarray(0, raw.length - 40), /is damaged \(\d+ bytes that are not complete JSON: cut short or overwritten\)/],
    ['emptied', () => Buffer.alloc(0), /is damaged \(0 bytes\)/],
    ['not UTF-8', (raw: Buffer) => Buffer.concat([raw.subarray(0, 10), Buffer.from([0xff, 0xfe]), raw.subarray(10)]), /is damaged/],
  ])('names a vault file %s as damaged, never as a wrong passphrase, and writes nothing', async (_name, damage, message) => {
    await storeTwo();
    fs.writeFileSync(fileOf(), damage(fs.readFileSync(fileOf())));
    const damaged = fs.readFileSync(fileOf());
    const set = await call('vault.set', { name: 'new', value: 'z'.repeat(20) });
    expect(set).toMatchObject({ ok: false, error: { code: 'io-error', message: expect.stringMatching(message) } });
    expect(fs.readFileSync(fileOf()).equals(damaged)).toBe(true);
  });

  it.each([
    ['a flipped byte in a ciphertext', (json: any) => {
      const data = Buffer.from(json.entries['db-password'].data, 'base64');
      data[3]! ^= 1;
      json.entries['db-password'].data = data.toString('base64');
    }, /entry db-password does not decrypt/],
    ['a truncated ciphertext', (json: any) => {
      json.entries['db-password'].data = json.entries['db-password'].data.slice(0, 8);
    }, /entry db-password does not decrypt/],
    ['two values swapped between names', (json: any) => {
      const a = json.entries['db-password'];
      json.entries['db-password'] = { ...json.entries['gitlab-token'], kind: a.kind, changedAt: a.changedAt };
      json.entries['gitlab-token'] = { ...a, kind: json.entries['gitlab-token'].kind };
    }, /is not the one the index lists|does not decrypt/],
    ['an entry removed', (json: any) => {
      delete json.entries['gitlab-token'];
    }, /its entries are not the ones its index lists/],
    ['a kind relabelled', (json: any) => {
      json.entries['db-password'].kind = 'other';
    }, /entry db-password is not the one the index lists/],
  ])('detects %s and says the file was altered, keeping it as it was', async (_name, edit, message) => {
    await storeTwo();
    editFile(edit);
    const altered = fs.readFileSync(fileOf());
    const result = await call('vault.set', { name: 'new', value: 'z'.repeat(20) });
    expect(result).toMatchObject({ ok: false, error: { code: 'io-error', message: expect.stringMatching(message) } });
    expect(fs.readFileSync(fileOf()).equals(altered)).toBe(true);
  });

  it('refuses a file that asks for an absurd scrypt cost instead of exhausting memory', async () => {
    await storeTwo();
    editFile((json) => (json.kdf.logN = 30));
    await reopen(undefined);
    const result = await call('vault.unlock', { passphrase: 'correct horse battery staple' });
    expect(result).toMatchObject({ ok: false, error: { code: 'io-error', message: expect.stringMatching(/is damaged \(kdf.logN: /) } });
  });

  it.each([
    ['4 GiB of memory (N = 2^20, r = 32)', { logN: 20, r: 32, p: 1 }],
    ['minutes of work (N = 2^20, r = 8, p = 16)', { logN: 20, r: 8, p: 16 }],
  ])('refuses a file whose scrypt parameters together ask for %s, at once', async (_name, kdf) => {
    await storeTwo();
    editFile((json) => Object.assign(json.kdf, kdf));
    await reopen(undefined);
    const started = performance.now();
    const result = await call('vault.unlock', { passphrase: 'correct horse battery staple' });
    expect(result).toMatchObject({ ok: false, error: { code: 'io-error', message: expect.stringMatching(/is damaged \(kdf: asks for more than 1 GiB of memory/) } });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('says a folder or a huge file in its place is not a vault', async () => {
    fs.mkdirSync(fileOf(), { recursive: true });
    const result = await call('vault.set', { name: 'x', value: 'y'.repeat(12) });
    expect(result).toMatchObject({ ok: false, error: { code: 'io-error', message: expect.stringMatching(/is not a file/) } });
    fs.rmSync(fileOf(), { recursive: true });
    fs.writeFileSync(fileOf(), '');
    fs.truncateSync(fileOf(), 65 * 1024 * 1024);
    const huge = await call('vault.set', { name: 'x', value: 'y'.repeat(12) });
    expect(huge).toMatchObject({ ok: false, error: { code: 'io-error', message: expect.stringMatching(/far more than a vault holds/) } });
  });

  it('never makes a second console key, nor an empty vault, when the vault file is lost or rolled back', async () => {
    await storeTwo();
    const { evidenceKeyFingerprint } = await callOk('vault.status');
    const withKeys = fs.readFileSync(fileOf());
    // Lost: the passphrase from the environment does not quietly make a new, empty vault.
    fs.rmSync(fileOf());
    await reopen('correct horse battery staple');
    const lost = await call('vault.set', { name: 'new', value: 'z'.repeat(20) });
    expect(lost).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/is gone, though this data dir's index lists entries/) } });
    expect(fs.existsSync(fileOf())).toBe(false);

    // A data dir whose vault is in the keychain may still start a separate file, as its error advises.
    t.ctx.db.prepare("UPDATE settings SET value = 'keytar' WHERE key = 'vault.backend'").run();
    await reopen('correct horse battery staple');
    expect(await call('vault.set', { name: 'new', value: 'z'.repeat(20) })).toMatchObject({ ok: true });
    t.ctx.db.prepare("UPDATE settings SET value = 'encrypted-file' WHERE key = 'vault.backend'").run();

    // Rolled back to a copy without the console keys: the signing key is named as missing, not replaced.
    const { buildVaultFile, parseVaultFile, unlockKey, readEntries } = await import('../../../src-main/services/vault/vaultFile');
    const data = parseVaultFile(withKeys, fileOf());
    const key = await unlockKey(data, 'correct horse battery staple');
    const older = readEntries(data, key, fileOf()).filter((entry) => !entry.name.startsWith('firebreak/'));
    fs.writeFileSync(fileOf(), JSON.stringify(buildVaultFile(data.kdf, key, older)));
    await reopen('correct horse battery staple');
    const { consoleKey, consoleKeys } = await import('../../../src-main/services/vault/vaultKeys');
    await expect(consoleKey(t.ctx, consoleKeys.evidence)).rejects.toThrow(/the vault no longer holds firebreak\/evidence-signing-key .*no other key was made/);
    expect(await callOk('vault.status')).toMatchObject({ evidenceKeyFingerprint });
    expect(JSON.stringify(JSON.parse(fs.readFileSync(fileOf(), 'utf8')).entries)).not.toContain('firebreak/');

    // A new vault made on purpose starts with new keys.
    fs.rmSync(fileOf());
    await reopen(undefined);
    const created = await callOk('vault.unlock', { passphrase: 'a new start', create: true });
    expect(created.evidenceKeyFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(created.evidenceKeyFingerprint).not.toBe(evidenceKeyFingerprint);
  });

  it('logs why the console keys could not be moved in without the secret the reason quotes', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const saved = process.env.FIREBREAK_VAULT_BACKEND;
    // An environment variable set to a token by mistake: the reason quotes it.
    process.env.FIREBREAK_VAULT_BACKEND = token;
    try {
      const { moveKeysInLater } = await import('../../../src-main/services/vault/vaultKeys');
      moveKeysInLater(t.ctx);
      await vi.waitFor(() => expect(logged).toHaveBeenCalled());
      const line = logged.mock.calls.flat().join(' ');
      expect(line).toMatch(/the console keys were not moved into the vault yet: FIREBREAK_VAULT_BACKEND=glpa…\[redacted gitlab-pat /);
      expect(line).not.toContain(token);
    } finally {
      process.env.FIREBREAK_VAULT_BACKEND = saved;
      logged.mockRestore();
    }
  });

  it('creates a vault only when asked, and never a second one over the first', async () => {
    await reopen(undefined);
    expect(await callOk('vault.status')).toMatchObject({ exists: false, locked: true, evidenceKeyFingerprint: null });
    expect(await call('vault.unlock', { passphrase: 'first' })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/no vault file yet/) } });
    const created = await callOk('vault.unlock', { passphrase: 'first', create: true });
    expect(created).toMatchObject({ exists: true, locked: false, entries: 2 });
    expect(created.evidenceKeyFingerprint).toMatch(/^[0-9a-f]{64}$/);
    await callOk('vault.lock');
    expect(await call('vault.unlock', { passphrase: 'second', create: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(path.dirname(fileOf())).toBe(path.join(t.dataDir, 'vault'));
  });
});
