import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSigningKeyVault, signingKey } from '../../../src-main/services/evidence/evidenceSigning';

describe('the evidence signing key file', () => {
  let dataDir: string;
  let vault: FileSigningKeyVault;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-key-'));
    vault = new FileSigningKeyVault(dataDir);
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const damage = (content: string | Buffer) => {
    fs.mkdirSync(path.dirname(vault.file), { recursive: true });
    fs.writeFileSync(vault.file, content);
  };
  const damaged = (what: RegExp) =>
    expect.objectContaining({
      code: 'io-error',
      message: expect.stringMatching(new RegExp(`^the evidence signing key ${vault.file} is damaged \\(${what.source}\\)\\. Move it aside \\(e\\.g\\. mv .* .*\\.damaged\\) and collect again: a new key will be made`)),
    });

  it('is made on first use, owner-only, and the same key is used afterwards', () => {
    const first = signingKey(vault);
    expect(fs.statSync(vault.file).mode & 0o777).toBe(0o600);
    expect(signingKey(vault).export({ type: 'pkcs8', format: 'der' }).equals(first.export({ type: 'pkcs8', format: 'der' }))).toBe(true);
    expect(fs.readdirSync(path.dirname(vault.file))).toEqual(['evidence-ed25519.pem']);
  });

  it('says a 0-byte key is damaged, names the file and what to do', () => {
    damage('');
    expect(() => signingKey(vault)).toThrow(damaged(/0 bytes: an earlier write was cut short, perhaps by a full disk/));
  });

  it('says a truncated key or one that is not a PEM key is damaged', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    damage(pem.slice(0, 40));
    expect(() => signingKey(vault)).toThrow(damaged(/40 bytes that are not a PEM private key: truncated or overwritten/));
    damage('hello, not a key\n');
    expect(() => signingKey(vault)).toThrow(damaged(/17 bytes that are not a PEM private key: truncated or overwritten/));
    damage(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => signingKey(vault)).toThrow(damaged(/a key of type ec, not Ed25519/));
  });

  it('works again once the damaged key is moved aside', () => {
    damage('');
    fs.renameSync(vault.file, `${vault.file}.damaged`);
    expect(signingKey(vault).asymmetricKeyType).toBe('ed25519');
  });

  it('signs with the key another process made first, instead of failing or replacing it', () => {
    const theirs = signingKey(new FileSigningKeyVault(dataDir));
    // This process looked before the other one saved: it saw no key and made its own.
    let looked = false;
    const racing = Object.assign(Object.create(vault) as FileSigningKeyVault, {
      load: () => {
        if (!looked) return ((looked = true), null);
        return vault.load();
      },
    });
    const used = signingKey(racing);
    expect(used.export({ type: 'pkcs8', format: 'der' }).equals(theirs.export({ type: 'pkcs8', format: 'der' }))).toBe(true);
    expect(fs.readdirSync(path.dirname(vault.file))).toEqual(['evidence-ed25519.pem']);
  });
});
