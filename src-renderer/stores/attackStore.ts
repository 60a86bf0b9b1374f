import { createStore } from 'zustand/vanilla';
import type { AttackCatalogue, Technique } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';

/** `T1059` or `T1059.001`, as the contract takes it. */
export const techniqueIdPattern = /^T\d{4}(\.\d{3})?$/;

/** A typed id made into the form the contract stores (`t1059.001 ` → `T1059.001`), or null when it is not one. */
export function typedTechniqueId(text: string): string | null {
  const id = text.trim().toUpperCase();
  return techniqueIdPattern.test(id) ? id : null;
}

export interface AttackSearch {
  text: string;
  techniques: Technique[];
  loading: boolean;
  error: string | null;
}

export interface AttackStoreState {
  /** Null until a search answered; then the imported catalogue, or `false` when none is imported. */
  catalogue: AttackCatalogue | false | null;
  search: AttackSearch;
  /** Technique names by id, as searches found them: chips show `T1059 Command and Scripting Interpreter`. */
  names: Record<string, string>;
  find(text: string): Promise<void>;
  /** Looks up ids not named yet (one search each; a missing catalogue answers once for all). */
  name(ids: readonly string[]): Promise<void>;
}

export type AttackStore = ReturnType<typeof createAttackStore>;

/** The ATT&CK catalogue as reference data: searches for the pickers, and names for the chips. */
export function createAttackStore(rawApi: Api) {
  const api = guardApi(rawApi);
  const asked = new Set<string>();
  let latest = 0;
  return createStore<AttackStoreState>()((set, get) => {
    const remember = (techniques: Technique[]) => {
      const fresh = techniques.filter((technique) => get().names[technique.id] !== technique.name);
      if (fresh.length) set({ names: { ...get().names, ...Object.fromEntries(fresh.map((technique) => [technique.id, technique.name])) } });
    };
    return {
      catalogue: null,
      search: { text: '', techniques: [], loading: false, error: null },
      names: {},

      async find(text) {
        const wanted = text.trim();
        const ticket = ++latest;
        if (!wanted) return set({ search: { text: '', techniques: [], loading: false, error: null } });
        set({ search: { ...get().search, text: wanted, loading: true, error: null } });
        const result = await api.call('attack.search', { text: wanted, limit: 12 });
        // Typing on: only the answer to the last search is shown.
        if (ticket !== latest) return;
        if (!result.ok) return set({ search: { text: wanted, techniques: [], loading: false, error: result.error.message } });
        // A catalogue imported since (from the CLI): ids looked up before it may have names now.
        if (result.value.catalogue && get().catalogue === false) asked.clear();
        set({ catalogue: result.value.catalogue ?? false, search: { text: wanted, techniques: result.value.techniques, loading: false, error: null } });
        remember(result.value.techniques);
      },

      async name(ids) {
        if (get().catalogue === false) return;
        const missing = ids.filter((id) => !get().names[id] && !asked.has(id));
        for (const id of missing) {
          asked.add(id);
          const result = await api.call('attack.search', { text: id, limit: 5 });
          if (!result.ok) continue;
          set({ catalogue: result.value.catalogue ?? false });
          remember(result.value.techniques.filter((technique) => technique.id === id));
          if (!result.value.catalogue) return;
        }
      },
    };
  });
}
