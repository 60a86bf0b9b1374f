import { createStore } from 'zustand/vanilla';
import type { Envelope, Indicator, IndicatorImport, IndicatorType, PushedEvent, Tlp } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';
import { incidentGenerations } from './generations';

export interface NewIndicator {
  value: string;
  /** Omitted: the service detects it. */
  type?: IndicatorType;
  tlp: Tlp;
  tags: string[];
  note: string;
}

export interface IndicatorChange {
  tlp?: Tlp;
  note?: string;
  tags?: string[];
}

/** A pasted list classified without storing anything, for the text it was asked for. */
export interface PastePreview {
  text: string;
  result: IndicatorImport;
}

export interface IndicatorStoreState {
  indicators: Record<string, Indicator[]>;
  loadErrors: Record<string, string>;
  /** The list's type filter per incident (view state: kept across tab switches). */
  typeFilter: Record<string, IndicatorType | null>;
  previews: Record<string, PastePreview>;
  load(incidentId: string): Promise<void>;
  setTypeFilter(incidentId: string, type: IndicatorType | null): void;
  /** What the service would make of one value (type, normalised and defanged form, or why not): nothing is stored. */
  detect(incidentId: string, value: string): Promise<Envelope<IndicatorImport>>;
  add(incidentId: string, indicator: NewIndicator): Promise<Envelope<Indicator>>;
  /** Classifies a pasted list (dry run) and keeps the answer as the incident's preview. */
  preview(incidentId: string, text: string, tlp: Tlp, tags: string[]): Promise<Envelope<IndicatorImport>>;
  clearPreview(incidentId: string): void;
  importList(incidentId: string, text: string, tlp: Tlp, tags: string[]): Promise<Envelope<IndicatorImport>>;
  update(incidentId: string, indicatorId: string, change: IndicatorChange): Promise<Envelope<Indicator>>;
  handleEvent(event: PushedEvent): void;
}

export type IndicatorStore = ReturnType<typeof createIndicatorStore>;

export function createIndicatorStore(rawApi: Api) {
  const api = guardApi(rawApi);
  const generations = incidentGenerations();
  return createStore<IndicatorStoreState>()((set, get) => {
    // A conflict (changed in another window) refreshes too, so a retry starts from what is true now.
    const refreshAfter = async <T>(incidentId: string, result: Envelope<T>): Promise<Envelope<T>> => {
      if (result.ok || result.error.code === 'conflict') await get().load(incidentId);
      return result;
    };
    return {
      indicators: {},
      loadErrors: {},
      typeFilter: {},
      previews: {},

      async load(incidentId) {
        const generation = generations.bump(incidentId);
        const result = await api.call('ioc.list', { incidentId });
        // An older answer arriving after a newer one (two changes in a row) must not win.
        if (generations.current(incidentId) !== generation) return;
        const { [incidentId]: _dropped, ...loadErrors } = get().loadErrors;
        if (result.ok) set({ indicators: { ...get().indicators, [incidentId]: result.value.indicators }, loadErrors });
        else set({ loadErrors: { ...loadErrors, [incidentId]: result.error.message } });
      },

      setTypeFilter: (incidentId, type) => set({ typeFilter: { ...get().typeFilter, [incidentId]: type } }),

      detect: (incidentId, value) => api.call('ioc.import', { incidentId, text: value, dryRun: true }),

      add: async (incidentId, indicator) =>
        refreshAfter(
          incidentId,
          await api.call('ioc.add', {
            incidentId,
            value: indicator.value,
            ...(indicator.type ? { type: indicator.type } : {}),
            tlp: indicator.tlp,
            tags: indicator.tags,
            note: indicator.note,
          }),
        ),

      async preview(incidentId, text, tlp, tags) {
        const result = await api.call('ioc.import', { incidentId, text, tlp, tags, dryRun: true });
        if (result.ok) set({ previews: { ...get().previews, [incidentId]: { text, result: result.value } } });
        return result;
      },

      clearPreview(incidentId) {
        const { [incidentId]: _dropped, ...previews } = get().previews;
        set({ previews });
      },

      async importList(incidentId, text, tlp, tags) {
        const result = await refreshAfter(incidentId, await api.call('ioc.import', { incidentId, text, tlp, tags, dryRun: false }));
        if (result.ok) get().clearPreview(incidentId);
        return result;
      },

      update: async (incidentId, indicatorId, change) => refreshAfter(incidentId, await api.call('ioc.update', { incidentId, indicatorId, ...change })),

      handleEvent(event) {
        // Indicators added from the CLI, a scan promotion or another laptop show up without a reload.
        if (event.type === 'incident.changed') {
          if (get().indicators[event.incidentId] || get().loadErrors[event.incidentId]) void get().load(event.incidentId);
        } else if (event.type === 'data.changed') {
          for (const id of new Set([...Object.keys(get().indicators), ...Object.keys(get().loadErrors)])) void get().load(id);
        }
      },
    };
  });
}
