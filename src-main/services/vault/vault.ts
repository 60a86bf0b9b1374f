import { randomBytes } from 'node:crypto';
import { AppError, isReservedVaultName, type VaultBackend, type VaultEntry, type VaultKind } from '../../contract';
import { valueMarker, type ValueMarker } from '../../domain/vaultMarkers';
import { readSetting, writeSetting } from '../../store/settingsRepo';
import { writeTransaction } from '../../store/transaction';
import { nowIso, type ServiceContext } from '../context';
import { EncryptedFileStore } from './encryptedFileStore';
import { KeychainStore, UnreachableKeychain } from './keychainStore';
import { loadKeychain } from './keytarBinding';
import type { SecretStore } from './secretStore';

export interface Vault {
  store: SecretStore;
  /** Why the OS keychain is not used (null when it is). */
  keychainUnavailable: string | null;
}

const backendSetting = 'vault.backend';
const markerSaltSetting = 'vault.markerSalt';
const vaults = new WeakMap<ServiceContext, Promise<Vault>>();

/** Why the keychain cannot serve this process, or null when it answers. */
async function keychainProblem(ctx: ServiceContext): Promise<{ store: KeychainStore | null; reason: string | null }> {
  const binding = loadKeychain();
  if ('unavailable' in binding) return { store: null, reason: binding.unavailable };
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS)
    return { store: null, reason: 'no D-Bus session bus here (DBUS_SESSION_BUS_ADDRESS is not set), so the Secret Service cannot be reached' };
  const store = new KeychainStore(binding, ctx.db, ctx.deviceId);
  try {
    await store.probe();
    return { store, reason: null };
  } catch (error) {
    return { store: null, reason: (error as Error).message };
  }
}

function forcedBackend(): VaultBackend | null {
  const forced = process.env.FIREBREAK_VAULT_BACKEND;
  if (!forced) return null;
  if (forced !== 'keytar' && forced !== 'encrypted-file') throw new AppError('invalid-input', `FIREBREAK_VAULT_BACKEND=${forced}: use keytar or encrypted-file`);
  return forced;
}

/**
 * The keychain when it answers, else the encrypted file. Once a data dir's vault holds something, its
 * backend is recorded and kept: a keychain that does not answer later is an error, never a silent
 * switch to an empty file (which would make a second signing key).
 */
async function chooseVault(ctx: ServiceContext): Promise<Vault> {
  const forced = forcedBackend();
  const recorded = readSetting(ctx.db, backendSetting) as VaultBackend | undefined;
  const keychain = forced === 'encrypted-file' ? { store: null, reason: 'FIREBREAK_VAULT_BACKEND=encrypted-file asks for the encrypted file' } : await keychainProblem(ctx);
  const wanted = forced ?? recorded ?? (keychain.store ? 'keytar' : 'encrypted-file');
  if (wanted === 'encrypted-file') {
    const store = new EncryptedFileStore(ctx.db, ctx.dataDir);
    const passphrase = process.env.FIREBREAK_VAULT_PASSPHRASE;
    if (passphrase) store.usePassphrase(passphrase);
    return { store, keychainUnavailable: keychain.reason ?? (recorded === 'encrypted-file' ? 'this data dir\'s vault was made as an encrypted file' : null) };
  }
  if (keychain.store) return { store: keychain.store, keychainUnavailable: null };
  // The keychain's own reason may already end in "Nothing was changed.": said once below.
  const reason = (keychain.reason ?? 'the keychain did not answer').replace(/\s*Nothing was changed\.$/, '').replace(/[.?!]$/, '');
  const why = () =>
    new AppError(
      'io-error',
      `this data dir's vault is in the OS keychain, which cannot be reached here: ${reason}. Nothing was changed. Run where the keychain is available (a desktop session), or set FIREBREAK_VAULT_BACKEND=encrypted-file to use a separate encrypted vault.`,
    );
  return { store: new UnreachableKeychain('the OS keychain (not reachable)', why), keychainUnavailable: reason };
}

export function vaultOf(ctx: ServiceContext): Promise<Vault> {
  let vault = vaults.get(ctx);
  if (!vault) {
    vault = chooseVault(ctx);
    vaults.set(ctx, vault);
    // A failed choice (a bad FIREBREAK_VAULT_BACKEND, a wrong passphrase in the environment) is tried again next time.
    vault.catch(() => vaults.delete(ctx));
  }
  return vault;
}

/** The salt of redaction's value digests: per data dir, so digests cannot be matched across laptops. */
export function markerSaltOf(ctx: ServiceContext): string {
  const existing = readSetting(ctx.db, markerSaltSetting);
  if (existing) return existing;
  return writeTransaction(ctx.db, () => {
    const again = readSetting(ctx.db, markerSaltSetting);
    if (again) return again;
    const salt = randomBytes(16).toString('hex');
    writeSetting(ctx.db, markerSaltSetting, salt);
    return salt;
  });
}

interface EntryRow {
  name: string;
  kind: VaultKind;
  changed_at: string;
  value_length: number;
  value_prefix: string;
  value_digest: string;
}

export function listEntries(ctx: ServiceContext): VaultEntry[] {
  return ctx.db
    .prepare<[], EntryRow>('SELECT name, kind, changed_at FROM vault_entries ORDER BY name')
    .all()
    .map((row) => ({ name: row.name, kind: row.kind, changedAt: row.changed_at }));
}

/** What redaction needs to find vault values in a text: read from the index, so it works while the vault is locked. */
export function vaultMarkers(ctx: ServiceContext): { salt: string; markers: ValueMarker[] } {
  const rows = ctx.db.prepare<[], EntryRow>('SELECT value_length, value_prefix, value_digest FROM vault_entries WHERE value_length > 0').all();
  return { salt: rows.length ? markerSaltOf(ctx) : '', markers: rows.map((row) => ({ length: row.value_length, prefix: row.value_prefix, digest: row.value_digest })) };
}

/** Stores a value: the index row (with its marker) in the same transaction as the file, or right after the keychain's write. */
export async function putSecret(ctx: ServiceContext, name: string, kind: VaultKind, value: string): Promise<VaultEntry> {
  const { store } = await vaultOf(ctx);
  const changedAt = nowIso(ctx);
  const marker = valueMarker(value, markerSaltOf(ctx));
  await store.put({ name, kind, changedAt, value }, () => {
    ctx.db
      .prepare('INSERT INTO vault_entries (name, kind, changed_at, value_length, value_prefix, value_digest) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, changed_at = excluded.changed_at, value_length = excluded.value_length, value_prefix = excluded.value_prefix, value_digest = excluded.value_digest')
      .run(name, kind, changedAt, marker?.length ?? 0, marker?.prefix ?? '', marker?.digest ?? '0'.repeat(32));
    if (!readSetting(ctx.db, backendSetting)) writeSetting(ctx.db, backendSetting, store.backend);
  });
  return { name, kind, changedAt };
}

export async function getSecret(ctx: ServiceContext, name: string): Promise<string | null> {
  const { store } = await vaultOf(ctx);
  return store.get(name);
}

export async function deleteSecret(ctx: ServiceContext, name: string): Promise<void> {
  if (isReservedVaultName(name)) throw new AppError('forbidden', `${name} belongs to the console and cannot be deleted`);
  const listed = ctx.db.prepare('SELECT 1 FROM vault_entries WHERE name = ?').get(name);
  const { store } = await vaultOf(ctx);
  const removed = await store.remove(name, () => ctx.db.prepare('DELETE FROM vault_entries WHERE name = ?').run(name));
  if (!removed && !listed) throw new AppError('not-found', `the vault has no entry named ${name}`);
}
