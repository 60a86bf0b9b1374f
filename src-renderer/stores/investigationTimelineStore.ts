import { createStore } from 'zustand/vanilla';
import type { Asset, Envelope, Indicator, InvestigationEntry, InvestigationTimeline, PushedEvent, TimelineImport, TimelineLinks, TimelineSort } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';
import { incidentGenerations } from './generations';

/** Event types by what a responder filters on: a handful of groups, not sixty names. */
export const eventGroups = {
  entries: { label: 'Notes and entries', types: ['timeline.entry', 'timeline.tagged', 'incident.noteAdded', 'checklist.stepNoted'] },
  status: {
    label: 'Status and severity',
    types: ['incident.declared', 'incident.statusChanged', 'incident.severityChanged', 'incident.acknowledged', 'incident.phaseAdvanced', 'incident.commanderChanged', 'incident.roleChanged', 'sla.breached'],
  },
  investigation: { label: 'Indicators and assets', types: ['indicator.added', 'indicator.updated', 'asset.added', 'asset.stateChanged', 'asset.updated'] },
  checklist: { label: 'Checklist', types: ['checklist.snapshotted', 'checklist.stepChanged', 'checklist.stepAdded', 'checklist.stepAssigned'] },
  scans: {
    label: 'Scans and evidence',
    types: ['scan.completed', 'scan.findingMarked', 'logs.scanned', 'logs.promoted', 'supply.checked', 'evidence.custody', 'evidence.quarantined', 'evidence.released'],
  },
  alarms: { label: 'Clocks and escalations', types: ['clock.started', 'clock.stopped', 'clock.due', 'escalation.due', 'escalation.acknowledged'] },
  comms: { label: 'Messages and action items', types: ['comms.sent', 'action.added', 'action.updated'] },
} as const;
export type EventGroup = keyof typeof eventGroups;

/** What the timeline is narrowed to; each is a removable chip on screen. */
export interface TimelineFilter {
  indicator: string | null;
  asset: string | null;
  technique: string | null;
  tag: string | null;
  actor: string | null;
  group: EventGroup | null;
}

export const noTimelineFilter: TimelineFilter = { indicator: null, asset: null, technique: null, tag: null, actor: null, group: null };

/** Times shown in the responder's zone or in UTC (the zone is named on screen either way). */
export type TimelineZone = 'local' | 'utc';

export interface TimelineView {
  filter: TimelineFilter;
  sort: TimelineSort;
  zone: TimelineZone;
  /** Entries asked for: the first `limit` of those matching, in the sort. */
  limit: number;
  timeline: InvestigationTimeline | null;
  loading: boolean;
  error: string | null;
  /** The incident's indicators and assets, for the filters and link pickers; null until loaded. */
  indicators: Indicator[] | null;
  assets: Asset[] | null;
  /** Actors and tags seen on the timeline so far (filters narrow what comes back, so they are kept), sorted. */
  seen: { actors: string[]; tags: string[] };
}

export const firstPage = 200;

export const emptyTimelineView: TimelineView = { filter: noTimelineFilter, sort: 'occurred', zone: 'local', limit: firstPage, timeline: null, loading: false, error: null, indicators: null, assets: null, seen: { actors: [], tags: [] } };

/** A new entry as the form gives it: `at` already an ISO time with its offset, or absent for "now". */
export interface NewTimelineEntry {
  text: string;
  at?: string;
  category: string;
  links: TimelineLinks;
}

export const noLinks = (): TimelineLinks => ({ indicators: [], assets: [], techniques: [], tags: [] });

/** What `next` adds to and takes off `current`, per kind: one `timeline.tag` call says both. */
export function linkChange(current: TimelineLinks, next: TimelineLinks): { add: TimelineLinks; remove: TimelineLinks } {
  const keys = ['indicators', 'assets', 'techniques', 'tags'] as const;
  const add = noLinks();
  const remove = noLinks();
  for (const key of keys) {
    add[key] = next[key].filter((value) => !current[key].includes(value));
    remove[key] = current[key].filter((value) => !next[key].includes(value));
  }
  return { add, remove };
}

const union = (held: string[], more: Iterable<string>) => {
  const all = new Set([...held, ...more]);
  return all.size === held.length ? held : [...all].sort((a, b) => a.localeCompare(b));
};

function seenIn(seen: TimelineView['seen'], entries: InvestigationEntry[]): TimelineView['seen'] {
  return { actors: union(seen.actors, entries.map((entry) => entry.actor).filter(Boolean)), tags: union(seen.tags, entries.flatMap((entry) => entry.links.tags)) };
}

export const isEmptyLinks = (links: TimelineLinks) => !links.indicators.length && !links.assets.length && !links.techniques.length && !links.tags.length;

export interface InvestigationTimelineStoreState {
  views: Record<string, TimelineView>;
  load(incidentId: string): Promise<void>;
  /** Indicators and assets for the filters and pickers (they change less often than the timeline). */
  loadOptions(incidentId: string): Promise<void>;
  setFilter(incidentId: string, change: Partial<TimelineFilter>): Promise<void>;
  clearFilters(incidentId: string): Promise<void>;
  setSort(incidentId: string, sort: TimelineSort): Promise<void>;
  setZone(incidentId: string, zone: TimelineZone): void;
  showMore(incidentId: string): Promise<void>;
  add(incidentId: string, entry: NewTimelineEntry): Promise<Envelope<InvestigationEntry>>;
  /** Puts `links` on the entry in place of those it has: what is new is added, what is gone is taken off. */
  relink(incidentId: string, entry: InvestigationEntry, links: TimelineLinks): Promise<Envelope<InvestigationEntry> | null>;
  exportText(incidentId: string, format: 'csv' | 'json'): Promise<Envelope<string>>;
  importCsv(incidentId: string, path: string): Promise<Envelope<TimelineImport>>;
  handleEvent(event: PushedEvent): void;
}

export type InvestigationTimelineStore = ReturnType<typeof createInvestigationTimelineStore>;

export function createInvestigationTimelineStore(rawApi: Api) {
  const api = guardApi(rawApi);
  // A filter or sort change makes an answer asked for before it stale.
  const generations = incidentGenerations();
  return createStore<InvestigationTimelineStoreState>()((set, get) => {
    const view = (incidentId: string): TimelineView => get().views[incidentId] ?? emptyTimelineView;
    const patch = (incidentId: string, changes: Partial<TimelineView>) => set({ views: { ...get().views, [incidentId]: { ...view(incidentId), ...changes } } });
    const listInput = (incidentId: string) => {
      const { filter, sort, limit } = view(incidentId);
      return {
        incidentId,
        sort,
        limit,
        ...(filter.indicator ? { indicator: filter.indicator } : {}),
        ...(filter.asset ? { asset: filter.asset } : {}),
        ...(filter.technique ? { technique: filter.technique } : {}),
        ...(filter.tag ? { tag: filter.tag } : {}),
        ...(filter.actor ? { actor: filter.actor } : {}),
        ...(filter.group ? { types: [...eventGroups[filter.group].types] } : {}),
      };
    };
    const afterWrite = async <T>(incidentId: string, result: Envelope<T>): Promise<Envelope<T>> => {
      if (result.ok || result.error.code === 'conflict') await get().load(incidentId);
      return result;
    };

    return {
      views: {},

      async load(incidentId) {
        const asked = generations.bump(incidentId);
        patch(incidentId, { loading: true });
        const result = await api.call('timeline.list', listInput(incidentId));
        if (asked !== generations.current(incidentId)) return;
        if (result.ok) patch(incidentId, { timeline: result.value, loading: false, error: null, seen: seenIn(view(incidentId).seen, result.value.entries) });
        else patch(incidentId, { loading: false, error: result.error.message });
      },

      async loadOptions(incidentId) {
        const [indicators, assets] = await Promise.all([api.call('ioc.list', { incidentId }), api.call('asset.list', { incidentId })]);
        patch(incidentId, { indicators: indicators.ok ? indicators.value.indicators : (view(incidentId).indicators ?? []), assets: assets.ok ? assets.value.assets : (view(incidentId).assets ?? []) });
      },

      async setFilter(incidentId, change) {
        patch(incidentId, { filter: { ...view(incidentId).filter, ...change }, limit: firstPage });
        await get().load(incidentId);
      },
      async clearFilters(incidentId) {
        patch(incidentId, { filter: noTimelineFilter, limit: firstPage });
        await get().load(incidentId);
      },
      async setSort(incidentId, sort) {
        patch(incidentId, { sort });
        await get().load(incidentId);
      },
      setZone: (incidentId, zone) => patch(incidentId, { zone }),
      async showMore(incidentId) {
        patch(incidentId, { limit: Math.min(1_000, view(incidentId).limit + firstPage) });
        await get().load(incidentId);
      },

      add: async (incidentId, entry) =>
        afterWrite(incidentId, await api.call('timeline.add', { incidentId, text: entry.text, category: entry.category, links: entry.links, ...(entry.at ? { at: entry.at } : {}) })),

      async relink(incidentId, entry, links) {
        const { add, remove } = linkChange(entry.links, links);
        if (isEmptyLinks(add) && isEmptyLinks(remove)) return null;
        return afterWrite(incidentId, await api.call('timeline.tag', { incidentId, hash: entry.hash, add, remove }));
      },

      async exportText(incidentId, format) {
        const result = await api.call('timeline.export', { incidentId, format });
        if (!result.ok) return result;
        return result.value.text === null ? { ok: false, error: { code: 'io-error', message: 'the export came back without its text' } } : { ok: true, value: result.value.text };
      },

      importCsv: async (incidentId, path) => afterWrite(incidentId, await api.call('timeline.import', { incidentId, path })),

      handleEvent(event) {
        // Anything added elsewhere (a note, a scan, the CLI, another laptop) shows up without a reload.
        const incidents = event.type === 'incident.changed' ? [event.incidentId] : event.type === 'data.changed' ? Object.keys(get().views) : [];
        for (const id of incidents) {
          if (!get().views[id]) continue;
          void get().load(id);
          if (view(id).indicators) void get().loadOptions(id);
        }
      },
    };
  });
}
