import { createStore } from 'zustand/vanilla';
import type { Envelope, PushedEvent, RotationAddResult, RotationCheckId, RotationGroup, RotationItem } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';

export interface NewRotationItem {
  name: string;
  location: string;
  owner: string;
  group: RotationGroup;
}

export interface RotationStoreState {
  /** Per incident, in the runbooks' order as the main process sends them. */
  items: Record<string, RotationItem[]>;
  /** Why an incident's rotation items could not be listed; gone once they are. */
  loadErrors: Record<string, string>;
  load(incidentId: string): Promise<void>;
  add(incidentId: string, item: NewRotationItem): Promise<Envelope<RotationAddResult>>;
  mark(incidentId: string, itemId: string, status: 'rotated' | 'verified'): Promise<Envelope<RotationItem>>;
  check(incidentId: string, itemId: string, check: RotationCheckId, done: boolean): Promise<Envelope<RotationItem>>;
  handleEvent(event: PushedEvent): void;
}

export type RotationStore = ReturnType<typeof createRotationStore>;

export function createRotationStore(rawApi: Api) {
  const api = guardApi(rawApi);
  return createStore<RotationStoreState>()((set, get) => {
    // A conflict (already rotated, changed in another window) refreshes too, so the retry starts from what is true now.
    const refreshAfter = async <T>(incidentId: string, result: Envelope<T>): Promise<Envelope<T>> => {
      if (result.ok || result.error.code === 'conflict') await get().load(incidentId);
      return result;
    };
    return {
      items: {},
      loadErrors: {},

      async load(incidentId) {
        const result = await api.call('rotation.list', { incidentId });
        const { [incidentId]: _dropped, ...loadErrors } = get().loadErrors;
        if (result.ok) set({ items: { ...get().items, [incidentId]: result.value.items }, loadErrors });
        else set({ loadErrors: { ...loadErrors, [incidentId]: result.error.message } });
      },

      add: async (incidentId, item) => refreshAfter(incidentId, await api.call('rotation.add', { incidentId, ...item })),
      mark: async (incidentId, itemId, status) => refreshAfter(incidentId, await api.call('rotation.mark', { incidentId, itemId, status })),
      check: async (incidentId, itemId, check, done) => refreshAfter(incidentId, await api.call('rotation.check', { incidentId, itemId, check, done })),

      handleEvent(event) {
        // A finding sent to rotation from the Scans tab, or a CLI call, shows up here without a reload.
        if (event.type === 'incident.changed' && get().items[event.incidentId]) void get().load(event.incidentId);
        if (event.type === 'data.changed') for (const id of new Set([...Object.keys(get().items), ...Object.keys(get().loadErrors)])) void get().load(id);
      },
    };
  });
}
