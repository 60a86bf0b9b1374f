import { AppError } from '../../contract';
import { readSetting, writeSetting } from '../../store/settingsRepo';
import { writeTransaction } from '../../store/transaction';
import type { ServiceContext } from '../context';
import { getSecret, putSecret, vaultOf } from '../vault/vault';
import type { HubConnectionConfig } from './hubConnection';

/** Where the hub's role password lives: the vault, never settings, the database or a log. */
export const hubPasswordEntry = 'firebreak/hub-password';

const keys = { url: 'hub.url', role: 'hub.role', ca: 'hub.ca' } as const;

/** What this laptop keeps of the hub it joined: the URL without its password, the role, the CA (public, not secret). */
export interface HubSettings {
  url: string;
  role: string;
  ca: string | null;
}

export function readHubSettings(ctx: ServiceContext): HubSettings | null {
  const url = readSetting(ctx.db, keys.url);
  const role = readSetting(ctx.db, keys.role);
  if (!url || !role) return null;
  return { url, role, ca: readSetting(ctx.db, keys.ca) || null };
}

export function saveHubSettings(ctx: ServiceContext, settings: HubSettings): void {
  writeTransaction(ctx.db, () => {
    writeSetting(ctx.db, keys.url, settings.url);
    writeSetting(ctx.db, keys.role, settings.role);
    writeSetting(ctx.db, keys.ca, settings.ca ?? '');
  });
}

export function forgetHubSettings(ctx: ServiceContext): void {
  writeTransaction(ctx.db, () => {
    for (const key of Object.values(keys)) ctx.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  });
}

export async function storeHubPassword(ctx: ServiceContext, password: string): Promise<void> {
  await putSecret(ctx, hubPasswordEntry, 'password', password);
}

export async function forgetHubPassword(ctx: ServiceContext): Promise<void> {
  const { store } = await vaultOf(ctx);
  // The reserved-name guard of deleteSecret is for responders; the console removes its own entry.
  await store.remove(hubPasswordEntry, () => ctx.db.prepare('DELETE FROM vault_entries WHERE name = ?').run(hubPasswordEntry));
}

/** The joined hub's connection settings, the password read from the vault. */
export async function joinedHubConfig(ctx: ServiceContext): Promise<{ settings: HubSettings; config: HubConnectionConfig }> {
  const settings = readHubSettings(ctx);
  if (!settings) throw notJoinedError();
  let password: string | null;
  try {
    password = await getSecret(ctx, hubPasswordEntry);
  } catch (error) {
    throw new AppError('unauthorized', `the hub's password is in the vault, which cannot be read now: ${(error as Error).message}`);
  }
  return { settings, config: { url: settings.url, password: password ?? undefined, ca: settings.ca ?? undefined } };
}

export function notJoinedError(): AppError {
  return new AppError('conflict', 'this laptop has joined no hub: run `firebreak hub join --url postgres://ROLE@HOST:PORT/DATABASE` (or Settings → Team hub) first');
}
