import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, type EvidenceManifest, type EvidenceSignature } from '../../contract';
import { writeError, writeFileAtomic } from '../../jobs/atomicFile';
import { canonicalJson } from '../../domain/incidents/eventChain';

/** Where the evidence signing key lives. The OS keychain backs it once the credentials vault lands. */
export interface SigningKeyVault {
  describe(): string;
  load(): KeyObject | null;
  save(privateKey: KeyObject): void;
}

/**
 * Stand-in vault: a PKCS#8 PEM readable only by the owner, in the data dir. Replaced by the
 * keychain-backed vault of the credentials feature; callers depend only on SigningKeyVault.
 */
export class FileSigningKeyVault implements SigningKeyVault {
  readonly file: string;
  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'keys', 'evidence-ed25519.pem');
  }
  describe(): string {
    return `file ${this.file} (owner-only)`;
  }
  load(): KeyObject | null {
    let pem: Buffer;
    try {
      pem = fs.readFileSync(this.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      throw new AppError('io-error', `cannot read the evidence signing key ${this.file} (${code ?? (error as Error).message}): check its owner and permissions (it must be readable by you only)`);
    }
    const damaged = (what: string) =>
      new AppError(
        'io-error',
        `the evidence signing key ${this.file} is damaged (${what}). Move it aside (e.g. mv ${this.file} ${this.file}.damaged) and collect again: a new key will be made. Archives signed before still verify with the public key they carry; new ones will name a different key fingerprint.`,
      );
    if (pem.length === 0) throw damaged('0 bytes: an earlier write was cut short, perhaps by a full disk');
    let key: KeyObject;
    try {
      key = createPrivateKey(pem);
    } catch {
      throw damaged(`${pem.length} bytes that are not a PEM private key: truncated or overwritten`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw damaged(`a key of type ${key.asymmetricKeyType ?? "unknown"}, not Ed25519`);
    return key;
  }
  save(privateKey: KeyObject): void {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      // Written whole or not at all: a full disk leaves no key rather than a 0-byte one.
      writeFileAtomic(this.file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, exclusive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
      throw writeError(error, this.file, 'the new evidence signing key', 'no key was saved and nothing was signed');
    }
  }
}

/** The Ed25519 key, created on first use. */
export function signingKey(vault: SigningKeyVault): KeyObject {
  const existing = vault.load();
  if (existing) return existing;
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    vault.save(privateKey);
  } catch (error) {
    // Another Firebreak process made the key first: sign with that one.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return vault.load() ?? privateKey;
    throw error;
  }
  return privateKey;
}

export function publicKeyFingerprint(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** SHA-256 of the RFC 8785 canonical manifest, without its signature and the beside-only archive hash and its signature. */
export function manifestDigest(manifest: EvidenceManifest): string {
  const { signature: _signature, archiveSha256: _archiveSha256, archiveSignature: _archiveSignature, ...body } = manifest;
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

// Ed25519 signs whole messages; signing the manifest's digest lets the collector stream the manifest.
const signedMessage = (digest: string) => Buffer.from(`firebreak evidence manifest sha256:${digest}`);

export function signManifestDigest(privateKey: KeyObject, digest: string): EvidenceSignature {
  const publicKey = createPublicKey(privateKey);
  return {
    algorithm: 'ed25519',
    publicKeyFingerprint: publicKeyFingerprint(publicKey),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    value: sign(null, signedMessage(digest), privateKey).toString('base64'),
  };
}

const archiveMessage = (archiveSha256: string, digest: string) => Buffer.from(`firebreak evidence archive sha256:${archiveSha256} manifest sha256:${digest}`);

/** Binds the finished archive's bytes to the signed manifest: signed once the archive's hash is known. */
export function signArchiveDigest(privateKey: KeyObject, archiveSha256: string, digest: string): string {
  return sign(null, archiveMessage(archiveSha256, digest), privateKey).toString('base64');
}

/** Whether `value` is the manifest key's signature over this archive hash and manifest digest. */
export function archiveSignatureValid(signature: EvidenceSignature | undefined, archiveSha256: string, digest: string, value: string | undefined): boolean {
  if (!signature || !value || signature.algorithm !== 'ed25519') return false;
  try {
    const publicKey = createPublicKey({ key: Buffer.from(signature.publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, archiveMessage(archiveSha256, digest), publicKey, Buffer.from(value, 'base64'));
  } catch {
    return false;
  }
}

export function signatureValid(manifest: EvidenceManifest): boolean {
  return signatureValidForDigest(manifest.signature, manifestDigest(manifest));
}

/** The same check for a manifest read as a stream: its digest computed on the way (see manifestDigest). */
export function signatureValidForDigest(signature: EvidenceSignature | undefined, digest: string): boolean {
  if (!signature || signature.algorithm !== 'ed25519') return false;
  try {
    const publicKey = createPublicKey({ key: Buffer.from(signature.publicKey, 'base64'), format: 'der', type: 'spki' });
    if (publicKeyFingerprint(publicKey) !== signature.publicKeyFingerprint) return false;
    return verify(null, signedMessage(digest), publicKey, Buffer.from(signature.value, 'base64'));
  } catch {
    return false;
  }
}
