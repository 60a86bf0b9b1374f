import type { Incident, IncidentDetail, TimelineEntry } from '../../src-main/contract';
import type { Api } from '../api/api';
import { coalesced } from './coalesce';
import { mergeTimeline, notHeld } from './timelineMerge';

/** Timeline entries an incident page asks for at a time: the newest first, older ones as the responder scrolls. */
export const timelinePage = 200;
const maxTimelinePage = 1000;
// Changes to fields two responders may set at once: with another laptop's writes they may raise or settle a conflict.
const fieldChanges = new Set(['incident.severityChanged', 'incident.statusChanged', 'incident.commanderChanged']);

/** Whether added entries may change what the pushed header does not carry: the roles, or the conflicts. */
function touchesRolesOrConflicts(held: IncidentDetail, added: TimelineEntry[]): boolean {
  if (added.some((entry) => entry.type === 'incident.roleChanged')) return true;
  if (!added.some((entry) => fieldChanges.has(entry.type))) return false;
  const devices = new Set([...held.timeline.slice(-1), ...added].map((entry) => entry.deviceId));
  return held.conflicts.length > 0 || devices.size > 1;
}

export interface IncidentDetailsState {
  /** Open incidents: the header, roles, conflicts and the newest timeline entries (older ones as loaded). */
  details: Record<string, IncidentDetail>;
  detailErrors: Record<string, string>;
  /** Incidents whose older timeline entries are being fetched. */
  olderLoading: Record<string, boolean>;
  loadDetail(id: string): Promise<void>;
  /** The entries older than those held, a page more. */
  loadOlder(id: string): Promise<void>;
  /** Only what changed: the entries added since the last look, and the header, roles and conflicts when they may have moved. */
  refreshDetail(id: string, options?: { header?: boolean }): Promise<void>;
  /** The newest entry of this type older than those held (paging back without keeping the pages); null when there is none. */
  findOlderEntry(id: string, type: string): Promise<TimelineEntry | null>;
}

type Set = (partial: Partial<IncidentDetailsState>) => void;
type Get = () => IncidentDetailsState;

export function createIncidentDetails(api: Api, set: Set, get: Get) {
  // What this laptop had stored when the held timeline was last read: `incident.get`'s timelineNewerCursor, then each `newerCursor`.
  const newerCursors = new Map<string, string>();
  const refreshers = new Map<string, (header: boolean) => Promise<void>>();

  const setDetail = (id: string, detail: IncidentDetail) => {
    const { [id]: _dropped, ...detailErrors } = get().detailErrors;
    set({ details: { ...get().details, [id]: detail }, detailErrors });
  };
  const setError = (id: string, message: string) => set({ detailErrors: { ...get().detailErrors, [id]: message } });

  async function loadDetail(id: string): Promise<void> {
    const result = await api.call('incident.get', { id, timelineLimit: timelinePage });
    if (!result.ok) return setError(id, result.error.message);
    // An older server gives no cursor: the first refresh then asks for the newest page again.
    if (result.value.timelineNewerCursor) newerCursors.set(id, result.value.timelineNewerCursor);
    else newerCursors.delete(id);
    setDetail(id, result.value);
  }

  /** The header, roles and conflicts, without the timeline held (one entry comes along). */
  async function refreshHeader(id: string): Promise<void> {
    const result = await api.call('incident.get', { id, timelineLimit: 1 });
    const held = get().details[id];
    if (!result.ok) return setError(id, result.error.message);
    if (!held) return;
    const { incident, roles, conflicts } = result.value;
    setDetail(id, { ...held, incident, roles, conflicts });
  }

  /**
   * Merges in the entries stored since the last look, each in its place (one merged from another
   * laptop may belong among those shown); more than a page of them reads the incident again.
   */
  async function fetchNewer(id: string): Promise<boolean> {
    const cursor = newerCursors.get(id);
    // One more than a page, to tell "a page came" from "more than a page came".
    const result = await api.call('incident.timeline', cursor ? { id, after: cursor, limit: timelinePage + 1 } : { id, limit: timelinePage });
    const held = get().details[id];
    if (!result.ok) {
      setError(id, result.error.message);
      return false;
    }
    if (!held) return false;
    const { entries, total, newerCursor, olderCursor } = result.value;
    const added = notHeld(held.timeline, entries);
    // More than a page came after the cursor; or, asked for the newest page without one, none of it is held.
    const gap = cursor ? entries.length > timelinePage : added.length === entries.length && entries.length > 0 && olderCursor !== null && held.timeline.length > 0;
    if (gap) {
      await loadDetail(id);
      return false; // read whole again: header, roles and conflicts came with it
    }
    newerCursors.set(id, newerCursor);
    const floor = held.timelineCursor ? held.timeline[0] : undefined;
    if (entries.length) setDetail(id, { ...held, timeline: mergeTimeline(held.timeline, entries, floor), timelineTotal: total });
    return touchesRolesOrConflicts(held, added);
  }

  function refresherOf(id: string) {
    let headerWanted = false;
    const run = coalesced(async () => {
      const header = headerWanted;
      headerWanted = false;
      const moved = await fetchNewer(id);
      if (header || moved) await refreshHeader(id);
    });
    const refresh = (header: boolean) => {
      headerWanted ||= header;
      return run();
    };
    refreshers.set(id, refresh);
    return refresh;
  }

  async function loadOlder(id: string): Promise<void> {
    const held = get().details[id];
    if (!held?.timelineCursor || get().olderLoading[id]) return;
    set({ olderLoading: { ...get().olderLoading, [id]: true } });
    try {
      const result = await api.call('incident.timeline', { id, before: held.timelineCursor, limit: timelinePage });
      const now = get().details[id];
      if (!result.ok) return setError(id, result.error.message);
      if (!now) return;
      // By position, not seq: an entry merged from another laptop is numbered late yet may belong this far back.
      const timeline = mergeTimeline(now.timeline, result.value.entries);
      setDetail(id, { ...now, timeline, timelineCursor: result.value.olderCursor, timelineTotal: result.value.total });
    } finally {
      const { [id]: _done, ...olderLoading } = get().olderLoading;
      set({ olderLoading });
    }
  }

  async function findOlderEntry(id: string, type: string): Promise<TimelineEntry | null> {
    let before = get().details[id]?.timelineCursor ?? null;
    while (before) {
      const result = await api.call('incident.timeline', { id, before, limit: maxTimelinePage });
      if (!result.ok) return null;
      const found = result.value.entries.findLast((entry) => entry.type === type);
      if (found) return found;
      before = result.value.olderCursor;
    }
    return null;
  }

  const state: IncidentDetailsState = {
    details: {},
    detailErrors: {},
    olderLoading: {},
    loadDetail,
    loadOlder,
    findOlderEntry,
    refreshDetail: (id, options) => (get().details[id] ? (refreshers.get(id) ?? refresherOf(id))(options?.header ?? false) : loadDetail(id)),
  };

  /** A pushed incident's header, into the open detail. */
  function applyHeader(incident: Incident): void {
    const held = get().details[incident.id];
    if (held) set({ details: { ...get().details, [incident.id]: { ...held, incident } } });
  }

  return { state, applyHeader };
}
