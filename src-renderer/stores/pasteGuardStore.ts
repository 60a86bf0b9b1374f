import { createStore } from 'zustand/vanilla';
import type { Envelope, TextCheckResult } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';

export interface PasteGuardStoreState {
  /** Asks the main process whether a text holds a secret; only the redacted form comes back. */
  check(text: string): Promise<Envelope<TextCheckResult>>;
  /**
   * Where "Put the value in the vault instead" hands a pasted value; null while no vault screen
   * takes it (the button is then not shown). Set once for every guarded field with `setPutInVault`.
   */
  putInVault: ((value: string) => void) | null;
  setPutInVault(handler: ((value: string) => void) | null): void;
}

export type PasteGuardStore = ReturnType<typeof createPasteGuardStore>;

export function createPasteGuardStore(rawApi: Api) {
  const api = guardApi(rawApi);
  return createStore<PasteGuardStoreState>()((set) => ({
    check: (text) => api.call('text.check', { text }),
    putInVault: null,
    setPutInVault: (putInVault) => set({ putInVault }),
  }));
}
