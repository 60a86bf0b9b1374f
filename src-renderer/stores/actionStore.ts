import { coalesced } from './coalesce';
import { createStore } from 'zustand/vanilla';
import type { ActionItem, ActionStatus, Envelope, PushedEvent } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';

export interface NewActionItem {
  title: string;
  owner?: string;
  due?: string;
}

export interface ActionChange {
  title?: string;
  owner?: string;
  due?: string | null;
  status?: ActionStatus;
}

export interface ActionStoreState {
  /** Every item of an incident, open and done, per incident. */
  items: Record<string, ActionItem[]>;
  loadErrors: Record<string, string>;
  /** Open items across incidents for the dashboard, overdue first as the service sorts them. */
  open: ActionItem[] | null;
  openError: string | null;
  load(incidentId: string): Promise<void>;
  loadOpen(): Promise<void>;
  add(incidentId: string, item: NewActionItem): Promise<Envelope<ActionItem>>;
  update(incidentId: string, itemId: string, change: ActionChange): Promise<Envelope<ActionItem>>;
  handleEvent(event: PushedEvent): void;
}

export type ActionStore = ReturnType<typeof createActionStore>;

export function createActionStore(rawApi: Api) {
  const api = guardApi(rawApi);
  return createStore<ActionStoreState>()((set, get) => {
    // A conflict (changed in another window) refreshes too, so a retry starts from what is true now.
    const refreshAfter = async <T>(incidentId: string, result: Envelope<T>): Promise<Envelope<T>> => {
      if (result.ok || result.error.code === 'conflict') await Promise.all([get().load(incidentId), get().open ? get().loadOpen() : undefined]);
      return result;
    };
    return {
      items: {},
      loadErrors: {},
      open: null,
      openError: null,

      async load(incidentId) {
        const result = await api.call('action.list', { incidentId, status: 'all' });
        const { [incidentId]: _dropped, ...loadErrors } = get().loadErrors;
        if (result.ok) set({ items: { ...get().items, [incidentId]: result.value.items }, loadErrors });
        else set({ loadErrors: { ...loadErrors, [incidentId]: result.error.message } });
      },

      loadOpen: coalesced(async () => {
        const result = await api.call('action.list', { status: 'open' });
        if (result.ok) set({ open: result.value.items, openError: null });
        else set({ openError: result.error.message });
      }),

      add: async (incidentId, item) =>
        refreshAfter(incidentId, await api.call('action.add', { incidentId, title: item.title, ...(item.owner ? { owner: item.owner } : {}), ...(item.due ? { due: item.due } : {}) })),
      update: async (incidentId, itemId, change) => refreshAfter(incidentId, await api.call('action.update', { incidentId, itemId, ...change })),

      handleEvent(event) {
        // An item added from the CLI or another window shows up without a reload.
        const incidents = event.type === 'incident.changed' ? [event.incidentId] : event.type === 'data.changed' ? [...new Set([...Object.keys(get().items), ...Object.keys(get().loadErrors)])] : null;
        if (!incidents) return;
        for (const id of incidents) if (get().items[id] || get().loadErrors[id]) void get().load(id);
        if (get().open || get().openError) void get().loadOpen();
      },
    };
  });
}
