import { createStore } from 'zustand/vanilla';
import type { Envelope, HubStatus, IncidentPresence, PushedEvent, SyncResult } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';

/**
 * The hub service reports each round (every few seconds) as pushing, pulling, then connected, and
 * each retry while offline as connecting: a state that passes quicker than this is not shown, so
 * the indicator does not flicker at the responder.
 */
export const transientStateMs = 600;

/** How often the indicator asks for the status even when nothing was pushed (a missed event, a reconnect). */
export const hubPollMs = 15_000;

export interface JoinForm {
  url: string;
  password: string;
  caFile: string;
}

export interface HubStoreState {
  status: HubStatus | null;
  /** Why the status could not be read (the console server away); null once it is. */
  statusError: string | null;
  busy: 'join' | 'leave' | 'sync' | null;
  /** The last refusal of join, leave or sync, in the server's words, shown where it was started. */
  error: string | null;
  lastSync: SyncResult | null;
  presence: Record<string, IncidentPresence>;
  presenceErrors: Record<string, string>;
  /** Whether the OS file chooser is there (desktop) for the CA certificate file. */
  canPick: boolean;
  loadStatus(): Promise<void>;
  join(form: JoinForm): Promise<Envelope<HubStatus>>;
  leave(): Promise<Envelope<HubStatus>>;
  syncNow(incidentId?: string): Promise<Envelope<SyncResult>>;
  clearError(): void;
  loadPresence(incidentId: string): Promise<void>;
  pickFile(): Promise<string | null>;
  handleEvent(event: PushedEvent): void;
}

export type HubStore = ReturnType<typeof createHubStore>;

export function createHubStore(rawApi: Api) {
  const api = guardApi(rawApi);
  // A status pushed while a poll was in flight is newer than the poll's answer: the answer is dropped.
  let pushes = 0;
  let transient: ReturnType<typeof setTimeout> | undefined;
  return createStore<HubStoreState>()((set, get) => {
    /** A join or leave answered: its status is the newest there is. */
    const settle = <Result extends { ok: true; value: HubStatus } | { ok: false; error: { message: string } }>(result: Result): Result => {
      if (result.ok) {
        pushes += 1;
        clearTimeout(transient);
        set({ busy: null, status: result.value, statusError: null, lastSync: null });
      } else set({ busy: null, error: result.error.message });
      return result;
    };
    return {
      status: null,
      statusError: null,
      busy: null,
      error: null,
      lastSync: null,
      presence: {},
      presenceErrors: {},
      canPick: typeof rawApi.pickPaths === 'function',
      async loadStatus() {
        const before = pushes;
        const result = await api.call('hub.status', {});
        if (pushes !== before) return;
        if (result.ok) set({ status: result.value, statusError: null });
        else set({ statusError: result.error.message });
      },
      async join(form) {
        set({ busy: 'join', error: null });
        const input = { url: form.url.trim(), ...(form.password ? { password: form.password } : {}), ...(form.caFile.trim() ? { caFile: form.caFile.trim() } : {}) };
        return settle(await api.call('hub.join', input));
      },
      async leave() {
        set({ busy: 'leave', error: null });
        return settle(await api.call('hub.leave', {}));
      },
      async syncNow(incidentId) {
        set({ busy: 'sync', error: null });
        const result = await api.call('hub.sync', incidentId ? { incidentId } : {});
        if (result.ok) set({ busy: null, lastSync: result.value });
        else set({ busy: null, error: result.error.message });
        // The sync moved the counts: show them now rather than at the next poll.
        void get().loadStatus();
        return result;
      },
      clearError: () => set({ error: null }),
      async loadPresence(incidentId) {
        const result = await api.call('incident.presence', { id: incidentId });
        if (result.ok) {
          const { [incidentId]: _gone, ...errors } = get().presenceErrors;
          set({ presence: { ...get().presence, [incidentId]: result.value }, presenceErrors: errors });
        } else set({ presenceErrors: { ...get().presenceErrors, [incidentId]: result.error.message } });
      },
      async pickFile() {
        if (!rawApi.pickPaths) return null;
        const [file] = await rawApi.pickPaths('files');
        return file ?? null;
      },
      handleEvent(event) {
        switch (event.type) {
          case 'hub.status': {
            pushes += 1;
            clearTimeout(transient);
            const { status } = event;
            const passing = status.state === 'pushing' || status.state === 'pulling' || status.state === 'connecting';
            if (passing && get().status !== null && get().status?.state !== 'not-joined') transient = setTimeout(() => set({ status, statusError: null }), transientStateMs);
            else set({ status, statusError: null });
            break;
          }
          case 'incident.changed':
            if (get().presence[event.incidentId] || get().presenceErrors[event.incidentId]) void get().loadPresence(event.incidentId);
            break;
          case 'data.changed':
            // Also sent after the event stream reconnects: a hub.status missed meanwhile is read again.
            void get().loadStatus();
            for (const id of new Set([...Object.keys(get().presence), ...Object.keys(get().presenceErrors)])) void get().loadPresence(id);
            break;
          default:
            break;
        }
      },
    };
  });
}

/** Reads the status now and every `intervalMs`; returns the stop. */
export function pollHubStatus(store: HubStore, intervalMs = hubPollMs): () => void {
  void store.getState().loadStatus();
  const timer = setInterval(() => void store.getState().loadStatus(), intervalMs);
  return () => clearInterval(timer);
}
