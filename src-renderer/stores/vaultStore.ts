import { createStore } from 'zustand/vanilla';
import type { Envelope, VaultEntry, VaultStatus } from '../../src-main/contract';

// As the main process does (contract `clipboardClearMs`): the renderer imports contract types only.
const clipboardClearMs = 30_000;
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';

export type UserVaultKind = 'api-token' | 'password' | 'leaked-secret' | 'other';

/** What the copy banner shows: which entry is on the clipboard and until when; `cleared` once it is gone. */
export interface CopyState {
  name: string;
  clearAt: number;
  cleared: boolean;
}

export interface VaultStoreState {
  status: VaultStatus | null;
  entries: VaultEntry[];
  loaded: boolean;
  error: string | null;
  copy: CopyState | null;
  load(): Promise<void>;
  save(name: string, kind: UserVaultKind, value: string): Promise<Envelope<VaultEntry>>;
  remove(name: string): Promise<Envelope<{ deleted: string }>>;
  unlock(passphrase: string, create: boolean): Promise<Envelope<VaultStatus>>;
  lock(): Promise<Envelope<VaultStatus>>;
  copyValue(name: string): Promise<Envelope<unknown>>;
  /** Values the paste guard took out of a field, waiting for a name to go into the vault under (held in this page only). */
  deposits: string[];
  deposit(value: string): void;
  /** Stores the first waiting value under `name`, or drops it when `name` is null. */
  settleDeposit(name: string | null, kind: UserVaultKind): Promise<Envelope<VaultEntry> | null>;
}

export type VaultStore = ReturnType<typeof createVaultStore>;

/** The page's clipboard (browser mode): the one place a vault value reaches the renderer, and only for this. */
export interface PageClipboard {
  write(text: string): Promise<void>;
  /** Null when the page may not read it: then it is cleared regardless. */
  read(): Promise<string | null>;
}

const browserClipboard: PageClipboard = {
  write: (text) => navigator.clipboard.writeText(text),
  read: () => navigator.clipboard.readText().catch(() => null),
};

export function createVaultStore(rawApi: Api, clipboard: PageClipboard = browserClipboard) {
  const api = guardApi(rawApi);
  let clearTimer: ReturnType<typeof setTimeout> | undefined;
  return createStore<VaultStoreState>()((set, get) => ({
    status: null,
    entries: [],
    loaded: false,
    error: null,
    copy: null,
    deposits: [],
    deposit: (value) => set({ deposits: [...get().deposits, value] }),
    async settleDeposit(name, kind) {
      const [value, ...rest] = get().deposits;
      if (value === undefined) return null;
      if (name === null) {
        set({ deposits: rest });
        return null;
      }
      const result = await get().save(name, kind, value);
      if (result.ok) set({ deposits: get().deposits.filter((waiting) => waiting !== value) });
      return result;
    },
    async load() {
      const [status, list] = await Promise.all([api.call('vault.status', {}), api.call('vault.list', {})]);
      if (!status.ok) return set({ loaded: true, error: status.error.message });
      if (!list.ok) return set({ loaded: true, status: status.value, error: list.error.message });
      set({ loaded: true, status: status.value, entries: list.value.entries, error: null });
    },
    async save(name, kind, value) {
      const result = await api.call('vault.set', { name, kind, value });
      await get().load();
      return result;
    },
    async remove(name) {
      const result = await api.call('vault.delete', { name });
      await get().load();
      return result;
    },
    async unlock(passphrase, create) {
      const result = await api.call('vault.unlock', { passphrase, create });
      await get().load();
      return result;
    },
    async lock() {
      const result = await api.call('vault.lock', {});
      await get().load();
      return result;
    },
    async copyValue(name) {
      const result = await api.call('vault.copy', { name });
      if (!result.ok) return result;
      const { value, clearAt } = result.value;
      // Timed on this page's clock: the server's may be another (a test's, a skewed one).
      const at = Date.now() + clipboardClearMs;
      // Browser mode: the page copies, and clears the clipboard itself unless something else was copied since.
      if (value !== undefined) {
        try {
          await clipboard.write(value);
        } catch (error) {
          return { ok: false, error: { code: 'forbidden', message: `the browser did not allow copying (${(error as Error).message}): use the desktop app, or allow clipboard access for this page` } };
        }
        clearTimeout(clearTimer);
        clearTimer = setTimeout(() => {
          void clipboard.read().then(async (current) => {
            if (current === null || current === value) await clipboard.write('').catch(() => undefined);
            if (get().copy?.name === name) set({ copy: { name, clearAt: at, cleared: true } });
          });
        }, Math.max(0, at - Date.now()));
      } else {
        clearTimeout(clearTimer);
        clearTimer = setTimeout(() => get().copy?.name === name && set({ copy: { name, clearAt: at, cleared: true } }), Math.max(0, at - Date.now()));
      }
      set({ copy: { name, clearAt: at, cleared: false } });
      return { ok: true, value: { name, clearAt } };
    },
  }));
}
