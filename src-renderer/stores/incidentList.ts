import type { Incident } from '../../src-main/contract';
import type { Api } from '../api/api';
import { coalesced } from './coalesce';
import { inList, placeIncident, type ListScope, type ListShape } from './incidentListPatch';
import { openWhole, pageSize } from './listRequests';

/** A jump far down a paged list asks for up to this many rows at once. */
const maxPage = 1000;

export interface IncidentListState {
  /** The rows loaded, most urgent first; a paged list holds its first pages only. */
  incidents: Incident[];
  scope: ListScope;
  listLoaded: boolean;
  listError: string | null;
  /** Every incident the list holds on the server (its scope, and its text when paged). */
  total: number;
  /** Loaded a page at a time (the All view, or more open incidents than `openWhole`): search asks the server then. */
  paged: boolean;
  /** The next page's cursor; null once every row is loaded. */
  nextCursor: string | null;
  /** The text a paged list was asked for (the dashboard's search box). */
  listText: string;
  loadList(): Promise<void>;
  /** Loads pages until row `upTo` is loaded (or the list ends). */
  loadMore(upTo: number): Promise<void>;
  setScope(scope: ListScope): Promise<void>;
  setListText(text: string): Promise<void>;
}

type Set = (partial: Partial<IncidentListState>) => void;
type Get = () => IncidentListState;

/**
 * The dashboard's list: loaded whole or a page at a time, and patched by pushed changes. Returns the
 * state's list part and `apply`, which places one incident as it is now.
 */
export function createIncidentList(api: Api, set: Set, get: Get) {
  // Incidents pushed while a request is out: its answer may predate them, so they apply again on it.
  const recorders = new Set<Incident[]>();
  // A new list (scope, text, reload) makes pages asked for the old one stale.
  let generation = 0;
  let wantedUpTo = -1;
  let moreRunning: Promise<void> | null = null;

  const shape = (): ListShape => ({ scope: get().scope, text: get().paged ? get().listText : '', complete: get().nextCursor === null });
  const textInput = () => (get().paged && get().listText.trim() ? { text: get().listText.trim().slice(0, 200) } : {});

  async function recording<T>(request: Promise<T>): Promise<{ answer: T; pushed: Incident[] }> {
    const pushed: Incident[] = [];
    recorders.add(pushed);
    try {
      return { answer: await request, pushed };
    } finally {
      recorders.delete(pushed);
    }
  }

  const reapply = (rows: Incident[], pushed: Incident[]) => {
    const now = new Date();
    return pushed.reduce((list, incident) => placeIncident(list, incident, shape(), now), rows);
  };

  // A change to a row not loaded (a paged list): only the server knows whether the count moved.
  const refreshTotal = coalesced(async () => {
    const result = await api.call('incident.list', { scope: get().scope, limit: 1, ...textInput() });
    if (result.ok) set({ total: result.value.total });
  });

  const loadList = coalesced(async () => {
    generation += 1;
    const { scope } = get();
    const limit = scope === 'all' || get().paged ? pageSize : openWhole;
    const { answer: result, pushed } = await recording(api.call('incident.list', { scope, limit, ...textInput() }));
    if (!result.ok) return set({ listLoaded: true, listError: result.error.message });
    const { incidents, total, nextCursor } = result.value;
    set({ nextCursor, total, paged: scope === 'all' || nextCursor !== null, listLoaded: true, listError: null });
    set({ incidents: reapply(incidents, pushed) });
  });

  async function loadPages(): Promise<void> {
    while (get().nextCursor !== null && get().incidents.length <= wantedUpTo) {
      const asked = generation;
      const limit = Math.min(maxPage, Math.max(pageSize, wantedUpTo - get().incidents.length + pageSize / 4));
      const { answer: result, pushed } = await recording(api.call('incident.list', { scope: get().scope, limit, cursor: get().nextCursor!, ...textInput() }));
      if (asked !== generation) return;
      if (!result.ok) {
        // A cursor the server no longer takes (it restarted, the list changed shape): start again.
        if (result.error.code === 'invalid-input') void loadList();
        else set({ listError: result.error.message });
        return;
      }
      const page = new Map(result.value.incidents.map((incident) => [incident.id, incident]));
      const rows = [...get().incidents.filter((row) => !page.has(row.id)), ...page.values()];
      set({ nextCursor: result.value.nextCursor, total: result.value.total });
      set({ incidents: reapply(rows, pushed) });
    }
  }

  const state: IncidentListState = {
    incidents: [],
    scope: 'open',
    listLoaded: false,
    listError: null,
    total: 0,
    paged: false,
    nextCursor: null,
    listText: '',
    loadList,
    loadMore(upTo) {
      wantedUpTo = Math.max(wantedUpTo, upTo);
      moreRunning ??= loadPages().finally(() => (moreRunning = null));
      return moreRunning;
    },
    async setScope(scope) {
      wantedUpTo = -1;
      // The rows shown stay until the new list comes: no blank flash between views.
      set({ scope, paged: scope === 'all', nextCursor: null });
      await loadList();
    },
    async setListText(text) {
      if (text === get().listText) return;
      wantedUpTo = -1;
      set({ listText: text });
      if (get().paged) await loadList();
    },
  };

  function apply(incident: Incident): void {
    for (const pushed of recorders) pushed.push(incident);
    const { incidents, listLoaded } = get();
    if (!listLoaded) return;
    const wasLoaded = incidents.some((row) => row.id === incident.id);
    const current = shape();
    const next = placeIncident(incidents, incident, current, new Date());
    const isIn = inList(incident, current);
    // A whole list knows its count; a paged one knows it only for rows it holds.
    let total = get().total;
    if (wasLoaded && !isIn) total -= 1;
    else if (!wasLoaded && isIn && current.complete) total += 1;
    else if (!wasLoaded && !current.complete) void refreshTotal();
    set({ incidents: next, total: Math.max(total, next.length) });
  }

  return { state, apply };
}
