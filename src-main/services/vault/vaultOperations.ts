import { AppError, clipboardClearMs, isReservedVaultName, type ParsedInput, type VaultCopyResult, type VaultEntry, type VaultStatus, vaultName } from '../../contract';
import { valueMarker } from '../../domain/vaultMarkers';
import { writeTransaction } from '../../store/transaction';
import { syncIdentityOf } from '../../store/dagStore';
import type { ServiceContext } from '../context';
import { EncryptedFileStore } from './encryptedFileStore';
import { consoleKeys, consolePublicKey, ensureConsoleKeys, ensureConsoleKeysOnce, forgetConsoleKeys } from './vaultKeys';
import { deleteSecret, getSecret, listEntries, markerSaltOf, putSecret, vaultOf } from './vault';

export async function vaultStatus(ctx: ServiceContext): Promise<VaultStatus> {
  const { store, keychainUnavailable } = await vaultOf(ctx);
  // The first look at the vault moves an old key file in; a vault that cannot take it yet still reports its state.
  await ensureConsoleKeysOnce(ctx).catch(() => undefined);
  return {
    backend: store.backend,
    description: store.description,
    keychainUnavailable,
    exists: store.exists(),
    locked: store.locked(),
    entries: listEntries(ctx).length,
    evidenceKeyFingerprint: consolePublicKey(ctx, consoleKeys.evidence)?.fingerprint ?? null,
    deviceKeyFingerprint: consolePublicKey(ctx, consoleKeys.device)?.fingerprint ?? null,
    deviceActorKey: syncIdentityOf(ctx.db)?.actorKey ?? null,
  };
}

export async function listVault(ctx: ServiceContext): Promise<{ entries: VaultEntry[] }> {
  await vaultOf(ctx);
  return { entries: listEntries(ctx) };
}

export async function setVaultEntry(ctx: ServiceContext, input: ParsedInput<'vault.set'>): Promise<VaultEntry> {
  // A name is stored in clear, so the dispatch took any secret out of it; what is left is no name (it could never be deleted).
  if (!vaultName.safeParse(input.name).success)
    throw new AppError('invalid-input', `the name ${input.name} holds a secret: name the entry for what it is (e.g. github-deploy-token) and give the secret as its value`);
  const entry = await putSecret(ctx, input.name, input.kind, input.value);
  // The first value stored in a new vault is a good moment to move the console keys in.
  await ensureConsoleKeysOnce(ctx).catch(() => undefined);
  return entry;
}

export async function deleteVaultEntry(ctx: ServiceContext, input: ParsedInput<'vault.delete'>): Promise<{ deleted: string }> {
  await deleteSecret(ctx, input.name);
  return { deleted: input.name };
}

/** The desktop app copies in the main process and clears the clipboard itself, unless something else was copied since. */
export async function copyVaultEntry(ctx: ServiceContext, input: ParsedInput<'vault.copy'>): Promise<VaultCopyResult> {
  if (isReservedVaultName(input.name)) throw new AppError('forbidden', `${input.name} is the console's own key: it never leaves the vault`);
  const value = await getSecret(ctx, input.name);
  if (value === null) throw new AppError('not-found', `the vault has no entry named ${input.name}`);
  const clearAt = new Date(ctx.clock().getTime() + clipboardClearMs).toISOString();
  const clipboard = ctx.clipboard;
  if (clipboard) {
    clipboard.write(value);
    setTimeout(() => {
      void Promise.resolve(clipboard.read()).then((current) => current === value && clipboard.write(''));
    }, clipboardClearMs).unref();
    return { name: input.name, clearAt };
  }
  if (ctx.transport === 'http') return { name: input.name, clearAt, value };
  throw new AppError('invalid-input', 'copying a vault value needs the console (it clears the clipboard after 30 seconds)');
}

async function fileStore(ctx: ServiceContext): Promise<EncryptedFileStore> {
  const { store } = await vaultOf(ctx);
  if (!(store instanceof EncryptedFileStore)) throw new AppError('conflict', `the vault is in ${store.description}, which the OS unlocks: it has no passphrase of its own`);
  return store;
}

export async function unlockVault(ctx: ServiceContext, input: ParsedInput<'vault.unlock'>): Promise<VaultStatus> {
  const store = await fileStore(ctx);
  await store.unlock(input.passphrase, input.create);
  if (input.create) forgetConsoleKeys(ctx);
  await syncIndex(ctx, store);
  await ensureConsoleKeys(ctx);
  return vaultStatus(ctx);
}

export async function lockVault(ctx: ServiceContext): Promise<VaultStatus> {
  (await fileStore(ctx)).lock();
  return vaultStatus(ctx);
}

/** The database's index follows the file (restored from a backup, or written by an older version). */
async function syncIndex(ctx: ServiceContext, store: EncryptedFileStore): Promise<void> {
  const salt = markerSaltOf(ctx);
  const entries = await store.listed();
  writeTransaction(ctx.db, () => {
    ctx.db.prepare('DELETE FROM vault_entries').run();
    const insert = ctx.db.prepare('INSERT INTO vault_entries (name, kind, changed_at, value_length, value_prefix, value_digest) VALUES (?, ?, ?, ?, ?, ?)');
    for (const entry of entries) {
      const marker = valueMarker(entry.value, salt);
      insert.run(entry.name, entry.kind, entry.changedAt, marker?.length ?? 0, marker?.prefix ?? '', marker?.digest ?? '0'.repeat(32));
    }
  });
}

export async function testVault(ctx: ServiceContext): Promise<{ backend: string; description: string; roundTripMs: number }> {
  const { store } = await vaultOf(ctx);
  const started = performance.now();
  const name = 'firebreak/test';
  const value = `test ${ctx.clock().toISOString()} ${Math.random()}`;
  await store.put({ name, kind: 'other', changedAt: ctx.clock().toISOString(), value }, () => undefined);
  let readBack: string | null;
  try {
    readBack = await store.get(name);
  } finally {
    await store.remove(name, () => undefined);
  }
  if (readBack !== value) throw new AppError('io-error', `${store.description} gave back something other than the test value written: do not rely on it`);
  return { backend: store.backend, description: store.description, roundTripMs: Math.round(performance.now() - started) };
}
