import type { Api } from '../api/api';
import type { UiStore } from './uiStore';

// A draft key names its incident second: `note:INC-…`, `step:INC-…:<step>:note`.
const incidentOf = (key: string): string | null => /^[a-z][a-zA-Z]{0,31}:(INC-\d{8}-\d{6}(?:-\d+)?)(?::|$)/.exec(key)?.[1] ?? null;

function draftsOf(drafts: Record<string, string>, incidentId: string): Record<string, string> {
  return Object.fromEntries(Object.entries(drafts).filter(([key, text]) => incidentOf(key) === incidentId && text.trim() !== ''));
}

export interface DraftSync {
  /** Reads the incident's kept drafts back (once per incident): fields typed into since keep what was typed. */
  load(incidentId: string): Promise<void>;
  /** Saves whatever is waiting now (tests, and before the window goes). */
  flush(): Promise<void>;
  stop(): void;
}

/**
 * Keeps the ui store's drafts on this laptop through `drafts.save`, so a reload or a crashed
 * window gives back what was typed. The memory copy stays the one fields read (instant); the saved
 * copy follows it after `delayMs` of quiet typing, and at once when a draft goes (it was sent:
 * a reload must not bring a sent note back).
 */
export function syncDrafts(ui: UiStore, api: Api, delayMs = 400): DraftSync {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const lastSaved = new Map<string, string>();
  const loaded = new Set<string>();
  const inFlight = new Set<Promise<void>>();

  async function save(incidentId: string) {
    timers.delete(incidentId);
    const drafts = draftsOf(ui.getState().drafts, incidentId);
    const json = JSON.stringify(drafts);
    if (lastSaved.get(incidentId) === json) return;
    lastSaved.set(incidentId, json);
    ui.getState().setDraftsKept(incidentId, { state: 'saving' });
    const result = await api.call('drafts.save', { id: incidentId, drafts });
    if (result.ok) ui.getState().setDraftsKept(incidentId, { state: 'kept' });
    else {
      // Tried again with the next keystroke.
      lastSaved.delete(incidentId);
      ui.getState().setDraftsKept(incidentId, { state: 'failed', message: result.error.message });
    }
  }

  function track(promise: Promise<void>) {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
  }

  function schedule(incidentId: string, now: boolean) {
    clearTimeout(timers.get(incidentId));
    if (now) return track(save(incidentId));
    timers.set(incidentId, setTimeout(() => track(save(incidentId)), delayMs));
  }

  const unsubscribe = ui.subscribe((state, previous) => {
    if (state.drafts === previous.drafts) return;
    const changed = new Map<string, boolean>();
    for (const key of new Set([...Object.keys(state.drafts), ...Object.keys(previous.drafts)])) {
      if (state.drafts[key] === previous.drafts[key]) continue;
      const incidentId = incidentOf(key);
      // Only an incident whose kept drafts were read may be written: a save replaces the whole set.
      if (!incidentId || !loaded.has(incidentId)) continue;
      changed.set(incidentId, (changed.get(incidentId) ?? false) || !(key in state.drafts));
    }
    for (const [incidentId, removed] of changed) schedule(incidentId, removed);
  });

  return {
    async load(incidentId) {
      if (loaded.has(incidentId)) return;
      const result = await api.call('drafts.get', { id: incidentId });
      if (!result.ok) {
        ui.getState().setDraftsKept(incidentId, { state: 'failed', message: `kept drafts could not be read: ${result.error.message}` });
        return;
      }
      lastSaved.set(incidentId, JSON.stringify(result.value.drafts));
      loaded.add(incidentId);
      ui.getState().restoreDrafts(result.value.drafts);
      // Typed before the kept set came back: save the merged set.
      schedule(incidentId, false);
    },
    async flush() {
      for (const [incidentId, timer] of timers) {
        clearTimeout(timer);
        track(save(incidentId));
      }
      await Promise.all(inFlight);
    },
    stop() {
      unsubscribe();
      for (const timer of timers.values()) clearTimeout(timer);
    },
  };
}
