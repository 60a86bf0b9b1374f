import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../contract';
import { readSetting, writeSetting } from '../../store/settingsRepo';
import { writeTransaction } from '../../store/transaction';
import type { ServiceContext } from '../context';
import { logError } from '../log';
import { FileSigningKeyVault, publicKeyFingerprint } from '../evidence/evidenceSigning';
import { getSecret, putSecret, vaultOf } from './vault';
import { setDevicePrivateKey, signUnsigned } from '../../store/dagStore';

/** The console's own Ed25519 keys, kept in the vault. Their public halves are settings: no unlock needed to read them. */
export const consoleKeys = {
  evidence: { entry: 'firebreak/evidence-signing-key', kind: 'signing-key', setting: 'evidenceKey' },
  // Signs timeline events once several laptops share an incident.
  device: { entry: 'firebreak/device-key', kind: 'device-key', setting: 'deviceKey' },
} as const;
type ConsoleKey = (typeof consoleKeys)[keyof typeof consoleKeys];

export interface PublicKeyInfo {
  fingerprint: string;
  publicKeyPem: string;
}

const pemOf = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string;

function publicInfo(privateKey: KeyObject): PublicKeyInfo {
  const publicKey = createPublicKey(privateKey);
  return { fingerprint: publicKeyFingerprint(publicKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

/** The public half recorded when the key was made or moved in; null before. */
export function consolePublicKey(ctx: ServiceContext, which: ConsoleKey): PublicKeyInfo | null {
  const recorded = readSetting(ctx.db, `${which.setting}.public`);
  if (recorded) return JSON.parse(recorded) as PublicKeyInfo;
  // An evidence key still in its old file (the vault not yet opened here): its public half is still this laptop's.
  if (which === consoleKeys.evidence) {
    try {
      const legacy = new FileSigningKeyVault(ctx.dataDir).load();
      if (legacy) return publicInfo(legacy);
    } catch {
      return null;
    }
  }
  return null;
}

function parseKey(pem: string, which: ConsoleKey): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // named below
  }
  throw new AppError('io-error', `the vault entry ${which.entry} is not an Ed25519 private key: it was damaged or replaced. Nothing was signed.`);
}

/**
 * The key, from the vault; made on first use. The evidence key that older versions kept in a file is
 * moved in instead (and the file removed once the vault gives it back), so archives signed before still
 * name this laptop's key.
 */
export async function consoleKey(ctx: ServiceContext, which: ConsoleKey): Promise<KeyObject> {
  const stored = await getSecret(ctx, which.entry);
  if (stored) return parseKey(stored, which);
  // Made or moved in before: a vault that no longer holds it was rolled back, replaced or emptied
  // outside Firebreak. A new key in its place would silently sign as someone else.
  const recorded = readSetting(ctx.db, `${which.setting}.public`);
  if (recorded)
    throw new AppError(
      'io-error',
      `the vault no longer holds ${which.entry} (public key ${(JSON.parse(recorded) as PublicKeyInfo).fingerprint.slice(0, 16)}…), which this data dir made: a keychain that is locked (or was restarted locked) answers as if it were empty; otherwise the vault was replaced by an older or another copy, or the entry was removed outside Firebreak. Nothing was signed and no other key was made. Unlock the keychain, or restore the vault that holds the key (the file vault/vault.fbv from a backup, or the keychain item), or create a new vault file to start over with new keys.`,
    );
  const legacyFile = which === consoleKeys.evidence ? new FileSigningKeyVault(ctx.dataDir) : null;
  const legacy = legacyFile?.load() ?? null;
  // Two first runs at once: the first to record the public half makes the key; the other waits for it.
  const candidate = legacy ?? generateKeyPairSync('ed25519').privateKey;
  const info = publicInfo(candidate);
  const claimed = writeTransaction(ctx.db, () => {
    const [fingerprint, at] = (readSetting(ctx.db, `${which.setting}.claim`) ?? '').split(' ');
    // A claim left by a process killed before it stored its key is taken over after a while.
    if (fingerprint && fingerprint !== info.fingerprint && Date.now() - Number(at) < claimStaleMs) return false;
    writeSetting(ctx.db, `${which.setting}.claim`, `${info.fingerprint} ${Date.now()}`);
    return true;
  });
  if (!claimed) return waitForKey(ctx, which);
  await putSecret(ctx, which.entry, which.kind, pemOf(candidate));
  const readBack = await getSecret(ctx, which.entry);
  if (readBack !== pemOf(candidate)) throw new AppError('io-error', `the vault did not give back the ${which.entry} just stored: nothing was signed, and the key file was kept`);
  writeTransaction(ctx.db, () => writeSetting(ctx.db, `${which.setting}.public`, JSON.stringify(info)));
  if (legacyFile) fs.rmSync(legacyFile.file, { force: true });
  return candidate;
}

const claimStaleMs = 30_000;

async function waitForKey(ctx: ServiceContext, which: ConsoleKey): Promise<KeyObject> {
  for (let attempt = 0; attempt < claimStaleMs / 100; attempt++) {
    const stored = await getSecret(ctx, which.entry);
    if (stored) return parseKey(stored, which);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new AppError('conflict', `another Firebreak process began making ${which.entry} but it has not reached the vault: try again`);
}

/** A vault created anew starts with new console keys: the public halves of the old ones are forgotten. */
export function forgetConsoleKeys(ctx: ServiceContext): void {
  writeTransaction(ctx.db, () => {
    for (const which of Object.values(consoleKeys)) ctx.db.prepare('DELETE FROM settings WHERE key IN (?, ?)').run(`${which.setting}.public`, `${which.setting}.claim`);
  });
}

/** Moves the evidence key in and makes the device key, when the vault can be used now; a locked vault waits for its unlock. */
export async function ensureConsoleKeys(ctx: ServiceContext): Promise<void> {
  const { store } = await vaultOf(ctx);
  if (store.locked()) return;
  await consoleKey(ctx, consoleKeys.evidence);
  await loadDeviceKey(ctx);
}

/**
 * Takes the device key from the vault into this process: events are signed as they are written
 * from now on, and those written while it was locked are signed now. Returns how many were.
 */
export async function loadDeviceKey(ctx: ServiceContext): Promise<{ actorKey: string; signed: number }> {
  const key = await consoleKey(ctx, consoleKeys.device);
  const identity = setDevicePrivateKey(ctx.db, key);
  const signed = writeTransaction(ctx.db, () => signUnsigned(ctx.db, identity));
  return { actorKey: identity.actorKey, signed };
}

/**
 * The same, only when there is something to do: once both keys were made (their public halves are
 * recorded) a look at the vault or a new entry reads no key back from it (for a keychain, a child
 * process per read).
 */
export async function ensureConsoleKeysOnce(ctx: ServiceContext): Promise<void> {
  if (Object.values(consoleKeys).every((which) => readSetting(ctx.db, `${which.setting}.public`))) return;
  await ensureConsoleKeys(ctx);
}

/** At start-up: the first run after an upgrade moves the old key file in, without holding up the window or the server. */
export function moveKeysInLater(ctx: ServiceContext): void {
  ensureConsoleKeys(ctx).catch((error: unknown) => logError(`firebreak: the console keys were not moved into the vault yet: ${(error as Error).message}`));
}
