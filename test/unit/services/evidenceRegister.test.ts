import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectSummary } from '../../../src-main/jobs/evidence/evidenceCollector';
import { findRegisteredAs, findRegisteredAt, registerEvidence, registeredManifestPath } from '../../../src-main/services/evidence/evidenceRegister';
import { publicKeyFingerprint } from '../../../src-main/services/evidence/evidenceSigning';
import { exportPublicKey, givenKey } from '../../../src-main/services/evidence/evidenceTrust';
import { makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => (t = makeTestContext()));
afterEach(() => t.close());

const summary = (archiveSha256: string) =>
  ({ incidentId: null, archiveSha256, signature: { publicKeyFingerprint: 'a'.repeat(64) }, totals: { files: 1, bytes: 5, problems: 0 }, finishedAt: '2026-11-30T04:00:00.000Z', collector: 'ana', roots: ['/var/log'], host: 'laptop' }) as unknown as CollectSummary;

function manifestFile(): string {
  const file = path.join(t.dataDir, 'case.tar.gz.manifest.json');
  fs.writeFileSync(file, '{"entries":[]}');
  return file;
}

describe('registering an archive', () => {
  it('keeps a read-only copy of its manifest and finds the record by path or, for a copy, by hash', () => {
    const item = registerEvidence(t.ctx, summary('b'.repeat(64)), '/cases/case.tar.gz', manifestFile());
    const copy = registeredManifestPath(t.ctx, 'b'.repeat(64));
    expect(fs.readFileSync(copy, 'utf8')).toBe('{"entries":[]}');
    expect(fs.statSync(copy).mode & 0o777).toBe(0o444);
    const record = { evidenceId: item.id, archive: '/cases/case.tar.gz', archiveSha256: 'b'.repeat(64), keyFingerprint: 'a'.repeat(64), manifestCopy: copy };
    expect(findRegisteredAt(t.ctx, '/cases/case.tar.gz')).toMatchObject(record);
    expect(findRegisteredAs(t.ctx, 'b'.repeat(64))).toMatchObject(record);
    expect(findRegisteredAt(t.ctx, '/media/usb/case.tar.gz')).toBeNull();
    expect(findRegisteredAs(t.ctx, 'c'.repeat(64))).toBeNull();
  });

  it('writes the item and its first custody entry together, or neither (and no manifest copy)', () => {
    t.ctx.db.exec("CREATE TRIGGER fail_custody BEFORE INSERT ON custody_entries BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
    expect(() => registerEvidence(t.ctx, summary('d'.repeat(64)), '/cases/case.tar.gz', manifestFile())).toThrow(/disk I\/O error/);
    expect(t.ctx.db.prepare('SELECT count(*) FROM evidence_items').pluck().get()).toBe(0);
    expect(fs.existsSync(registeredManifestPath(t.ctx, 'd'.repeat(64)))).toBe(false);
  });
});

describe('keys given to verify', () => {
  it('takes a fingerprint, or a public key file written by key export, and names what it cannot use', async () => {
    const exported = await exportPublicKey(t.ctx);
    const file = path.join(t.dataDir, 'laptop.pub');
    fs.writeFileSync(file, exported.publicKeyPem);
    expect(givenKey(file)).toMatchObject({ fingerprint: exported.fingerprint, trust: 'given', label: `the key in ${file}` });
    expect(givenKey(exported.fingerprint.toUpperCase()).fingerprint).toBe(exported.fingerprint);
    expect(givenKey(`sha256:${exported.fingerprint}`).fingerprint).toBe(exported.fingerprint);

    expect(() => givenKey(path.join(t.dataDir, 'missing.pub'))).toThrow(/not a fingerprint \(64 hex digits\), and the file cannot be read \(ENOENT\)/);
    expect(() => givenKey(t.dataDir)).toThrow(/is not a file/);
    fs.writeFileSync(path.join(t.dataDir, 'notes.txt'), 'call Dana');
    expect(() => givenKey(path.join(t.dataDir, 'notes.txt'))).toThrow(/holds no public key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    fs.writeFileSync(path.join(t.dataDir, 'rsa.pub'), rsa.export({ type: 'spki', format: 'pem' }));
    expect(() => givenKey(path.join(t.dataDir, 'rsa.pub'))).toThrow(/is a rsa key; evidence is signed with Ed25519 keys/);
    // The private key's file is never what is exported.
    expect(exported.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(publicKeyFingerprint(generateKeyPairSync('ed25519').publicKey)).not.toBe(exported.fingerprint);
  });
});
