import { createStore } from 'zustand/vanilla';
import type { IncidentStatus } from '../../src-main/contract';

export type IncidentTab = 'response' | 'drill' | 'evidence' | 'scans' | 'logs' | 'supply' | 'rotation' | 'compose' | 'report' | 'actions' | 'timeline' | 'indicators' | 'assets';
export type Route = { name: 'dashboard' } | { name: 'incident'; id: string; tab?: IncidentTab } | { name: 'contacts' } | { name: 'vault' } | { name: 'hub' } | { name: 'import' } | { name: 'drills' };

export interface UiStoreState {
  route: Route;
  declareOpen: boolean;
  /** The playbook the declare dialog starts with (a runbook just imported), else its default. */
  declareScenario: string | null;
  helpOpen: boolean;
  paletteOpen: boolean;
  search: string;
  /**
   * What the responder has typed but not saved, by field (`note:INC-…`, `step:INC-…:id:skip`…):
   * closing a small editor, switching tabs or a failed save never throws it away.
   */
  drafts: Record<string, string>;
  /** Whether an incident's drafts are kept on this laptop yet (see draftSync), by incident id. */
  draftsKept: Record<string, DraftsKept>;
  setDraftsKept(incidentId: string, kept: DraftsKept): void;
  /** Drafts read back from this laptop after a reload: each fills its field unless something was typed there since. */
  restoreDrafts(drafts: Record<string, string>): void;
  /** A status or severity confirmation asked for from elsewhere (the palette): the incident's controls open it. */
  changeRequest: ChangeRequest | null;
  setChangeRequest(request: ChangeRequest | null): void;
  /** A field to focus once its screen shows (the palette's "Add action item"), by element id. */
  focusRequest: string | null;
  requestFocus(id: string | null): void;
  /** "Show on timeline" from an indicator or asset: the Timeline tab opens narrowed to it. */
  timelineFilter: TimelineFilterRequest | null;
  setTimelineFilter(filter: TimelineFilterRequest | null): void;
  navigate(route: Route): void;
  setDeclareOpen(open: boolean, scenario?: string): void;
  setHelpOpen(open: boolean): void;
  setPaletteOpen(open: boolean): void;
  setSearch(search: string): void;
  setDraft(key: string, text: string): void;
  /** With `ifText`, only while the draft still reads that: text typed during a save stays. */
  clearDraft(key: string, ifText?: string): void;
}

/** What the Timeline tab is asked to narrow to, by id (`I3`, `S2`, `T1059`). */
export interface TimelineFilterRequest {
  incidentId: string;
  indicator?: string;
  asset?: string;
  technique?: string;
}

export type ForwardStatus = Exclude<IncidentStatus, 'Active'>;

/**
 * Which status or severity confirmation is open on an incident: forward with what is still open,
 * back with a reason (`to` preselects where back to), severity with a reason.
 */
export type StatusDialogRequest = { kind: 'forward'; to: ForwardStatus } | { kind: 'back'; to?: IncidentStatus } | { kind: 'severity'; to: string };

/** One confirmation for every way in: the palette asks, the incident's controls show their own dialog. */
export interface ChangeRequest {
  incidentId: string;
  dialog: StatusDialogRequest;
}

export type DraftsKept = { state: 'saving' } | { state: 'kept' } | { state: 'failed'; message: string };

export type UiStore = ReturnType<typeof createUiStore>;

export function routeFromHash(hash: string): Route {
  if (hash === '#/contacts') return { name: 'contacts' };
  if (hash === '#/vault') return { name: 'vault' };
  if (hash === '#/hub') return { name: 'hub' };
  if (hash === '#/import') return { name: 'import' };
  if (hash === '#/drills') return { name: 'drills' };
  const match = /^#\/incident\/([A-Za-z0-9-]+)(?:\/(drill|evidence|scans|logs|supply|rotation|compose|report|actions|timeline|indicators|assets))?$/.exec(hash);
  if (!match) return { name: 'dashboard' };
  return match[2] ? { name: 'incident', id: match[1]!, tab: match[2] as IncidentTab } : { name: 'incident', id: match[1]! };
}

export function hashFromRoute(route: Route): string {
  if (route.name === 'incident') return `#/incident/${route.id}${route.tab && route.tab !== 'response' ? `/${route.tab}` : ''}`;
  return route.name === 'contacts' ? '#/contacts' : route.name === 'vault' ? '#/vault' : route.name === 'hub' ? '#/hub' : route.name === 'import' ? '#/import' : route.name === 'drills' ? '#/drills' : '#/';
}

export function createUiStore(initial: Route) {
  return createStore<UiStoreState>()((set, get) => ({
    route: initial,
    declareOpen: false,
    declareScenario: null,
    helpOpen: false,
    paletteOpen: false,
    search: '',
    drafts: {},
    draftsKept: {},
    setDraftsKept: (incidentId, kept) => set({ draftsKept: { ...get().draftsKept, [incidentId]: kept } }),
    restoreDrafts(restored) {
      const missing = Object.entries(restored).filter(([key]) => !(key in get().drafts));
      if (missing.length) set({ drafts: { ...Object.fromEntries(missing), ...get().drafts } });
    },
    changeRequest: null,
    setChangeRequest: (changeRequest) => set({ changeRequest }),
    focusRequest: null,
    requestFocus: (focusRequest) => set({ focusRequest }),
    timelineFilter: null,
    setTimelineFilter: (timelineFilter) => set({ timelineFilter }),
    navigate(route) {
      // A change asked for and not yet shown belongs to its incident: it never opens on another page later.
      const request = get().changeRequest;
      set({ route, changeRequest: route.name === 'incident' && route.id === request?.incidentId ? request : null });
    },
    setDeclareOpen: (declareOpen, scenario) => set({ declareOpen, declareScenario: declareOpen ? (scenario ?? null) : null }),
    setHelpOpen: (helpOpen) => set({ helpOpen }),
    setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
    setSearch: (search) => set({ search }),
    setDraft: (key, text) => set({ drafts: { ...get().drafts, [key]: text } }),
    clearDraft(key, ifText) {
      if (!(key in get().drafts)) return;
      if (ifText !== undefined && get().drafts[key] !== ifText) return;
      const { [key]: _dropped, ...drafts } = get().drafts;
      set({ drafts });
    },
  }));
}
