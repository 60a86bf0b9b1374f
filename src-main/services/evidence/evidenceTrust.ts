import { createPublicKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { AppError, type EvidenceSigner, type KeyTrust } from '../../contract';
import { readWithoutBlocking } from '../../jobs/fileHash';
import type { ServiceContext } from '../context';
import { publicKeyFingerprint } from './evidenceSigning';
import { readSetting } from '../../store/settingsRepo';
import { consoleKey, consoleKeys, consolePublicKey } from '../vault/vaultKeys';

/** A key whose signature verify accepts, and why. */
export interface TrustedKey {
  fingerprint: string;
  trust: KeyTrust;
  /** How the result names it: "this laptop's evidence key", "the key registered with EV-…", "the key in colleague.pub". */
  label: string;
}

const fingerprintPattern = /^(?:sha256:)?([0-9a-f]{64})$/i;
// A public key file holds a few hundred bytes; anything much larger is not one.
const maxKeyFileBytes = 64 * 1024;

/** This laptop's evidence key, when it has one; a damaged key file is not a reason to refuse to verify. */
export function thisLaptopKey(ctx: ServiceContext): TrustedKey | null {
  // The public half is recorded outside the vault: verifying never needs the vault unlocked.
  const key = consolePublicKey(ctx, consoleKeys.evidence);
  return key ? { fingerprint: key.fingerprint, trust: 'this-laptop', label: "this laptop's evidence key" } : null;
}

function readKeyFile(file: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, readWithoutBlocking);
  } catch (error) {
    throw new AppError('invalid-input', `--trusted-key ${file}: not a fingerprint (64 hex digits), and the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    if (!fs.fstatSync(fd).isFile()) throw new AppError('invalid-input', `--trusted-key ${file} is not a file`);
    const buffer = Buffer.alloc(maxKeyFileBytes + 1);
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
    if (read > maxKeyFileBytes) throw new AppError('invalid-input', `--trusted-key ${file} is over 64 KiB: not a public key file`);
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** A key the responder gave: a fingerprint (as printed by `evidence key export`), or a public key file (PEM or DER). */
export function givenKey(spec: string): TrustedKey {
  const fingerprint = fingerprintPattern.exec(spec.trim())?.[1];
  if (fingerprint) return { fingerprint: fingerprint.toLowerCase(), trust: 'given', label: 'the key you gave by its fingerprint' };
  const bytes = readKeyFile(spec);
  let key: KeyObject;
  try {
    key = bytes.includes('-----BEGIN') ? createPublicKey(bytes) : createPublicKey({ key: bytes, format: 'der', type: 'spki' });
  } catch {
    throw new AppError('invalid-input', `--trusted-key ${spec} holds no public key: give the file written by "firebreak evidence key export", or the key's 64-hex fingerprint`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new AppError('invalid-input', `--trusted-key ${spec} is a ${key.asymmetricKeyType ?? 'unknown'} key; evidence is signed with Ed25519 keys`);
  return { fingerprint: publicKeyFingerprint(key), trust: 'given', label: `the key in ${spec}` };
}

/** This laptop's public evidence key, to hand to colleagues who verify its archives (made on first use). */
export async function exportPublicKey(ctx: ServiceContext): Promise<{ fingerprint: string; publicKeyPem: string }> {
  const recorded = consolePublicKey(ctx, consoleKeys.evidence);
  if (recorded && readSetting(ctx.db, 'evidenceKey.public')) return recorded;
  const publicKey = createPublicKey(await consoleKey(ctx, consoleKeys.evidence));
  return { fingerprint: publicKeyFingerprint(publicKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Who signed, in the responder's words: trusted only when the signature holds and the key is one of `trusted`. */
export function describeSigner(fingerprint: string | null, signatureValid: boolean, trusted: readonly TrustedKey[]): EvidenceSigner {
  if (!fingerprint) return { fingerprint: null, trusted: false, trustedAs: null, description: 'not signed' };
  const short = `${fingerprint.slice(0, 16)}…`;
  if (!signatureValid) return { fingerprint, trusted: false, trustedAs: null, description: `key ${short}, whose signature does not verify` };
  const match = trusted.find((key) => key.fingerprint === fingerprint);
  if (!match) return { fingerprint, trusted: false, trustedAs: null, description: `key ${short}, not a key you trust` };
  return { fingerprint, trusted: true, trustedAs: match.trust, description: `${match.label} (${short})` };
}
