import { z } from 'zod';
import { userVaultKinds } from '../choices';
export { userVaultKinds };

/** Vault entries the console itself keeps (signing and device keys): listed, never set or deleted by hand. */
export const reservedVaultPrefix = 'firebreak/';

/**
 * Whether a name is the console's, in any letter case: Windows Credential Manager matches names
 * case-insensitively, so `FIREBREAK/device-key` would be the console's key there.
 */
export function isReservedVaultName(name: string): boolean {
  return name.toLowerCase().startsWith(reservedVaultPrefix);
}

export const vaultKinds = ['api-token', 'password', 'leaked-secret', 'other', 'signing-key', 'device-key'] as const;
export type VaultKind = (typeof vaultKinds)[number];

export const vaultName = z
  .string({ error: 'must be text' })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/@-]{0,127}$/, { message: 'must be 1–128 letters, digits, . _ / @ or -, starting with a letter or digit' });

const userVaultName = vaultName.refine((name) => !isReservedVaultName(name), {
  message: `names starting with ${reservedVaultPrefix} belong to the console (its signing and device keys)`,
});

// A secret value is kept byte for byte: no trimming, any printable text, up to 64 KiB (a PEM key fits).
const secretValue = z
  .string({ error: 'must be text' })
  .min(1, { message: 'must not be empty' })
  .max(64 * 1024, { message: 'must be at most 65536 characters' })
  .refine((value) => value.isWellFormed() && !value.includes('\u0000'), { message: 'is not valid text (NUL bytes or unpaired surrogates)' });

export const vaultSetInput = z.strictObject({ name: userVaultName, value: secretValue, kind: z.enum(userVaultKinds).default('other') });
export const vaultRef = z.strictObject({ name: userVaultName });
export const vaultCopyInput = z.strictObject({ name: vaultName });
export const vaultUnlockInput = z.strictObject({
  passphrase: z.string({ error: 'must be text' }).min(1, { message: 'must not be empty' }).max(1024),
  /** Create the encrypted vault file with this passphrase when none exists yet. */
  create: z.boolean().default(false),
});

export type VaultBackend = 'keytar' | 'encrypted-file';

export interface VaultStatus {
  backend: VaultBackend;
  /** What holds the secrets, e.g. "GNOME Keyring via Secret Service" or "encrypted file /…/vault.fbv (scrypt N=2^17, AES-256-GCM)". */
  description: string;
  /** Why the OS keychain is not used; null when it is. */
  keychainUnavailable: string | null;
  /** Encrypted file only: whether the file exists yet, and whether this process holds its key. */
  exists: boolean;
  locked: boolean;
  entries: number;
  /** Fingerprints of the console's own public keys, when made. */
  evidenceKeyFingerprint: string | null;
  deviceKeyFingerprint: string | null;
  /** The device key as events name it (`actor_key`): what a commander adds with `incident member add`. */
  deviceActorKey: string | null;
}

/** What the console shows of an entry: never its value. */
export interface VaultEntry {
  name: string;
  kind: VaultKind;
  changedAt: string;
}

/**
 * The copy action's answer. In the desktop app the main process puts the value on the clipboard and
 * clears it itself (`value` absent). In browser mode the clipboard is the browser's, so the value
 * comes back here, the only place a value ever reaches the renderer, and the page clears it at `clearAt`.
 */
export interface VaultCopyResult {
  name: string;
  clearAt: string;
  value?: string;
}

export const clipboardClearMs = 30_000;
