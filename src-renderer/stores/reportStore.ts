import { createStore } from 'zustand/vanilla';
import type { Envelope, ExportedReport, PushedEvent, RenderedReport, ReportKind } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';

export interface ReportStoreState {
  /** Which report each incident's Report tab shows. */
  kinds: Record<string, ReportKind>;
  /** By `reportKey(incident, kind)`. */
  reports: Record<string, RenderedReport>;
  errors: Record<string, string>;
  loading: Record<string, boolean>;
  /** The last file written, with its size and digest. */
  exported: Record<string, ExportedReport>;
  exportErrors: Record<string, string>;
  exporting: Record<string, boolean>;
  setKind(incidentId: string, kind: ReportKind): void;
  load(incidentId: string, kind: ReportKind): Promise<void>;
  exportReport(incidentId: string, kind: ReportKind): Promise<Envelope<ExportedReport>>;
  handleEvent(event: PushedEvent): void;
}

export type ReportStore = ReturnType<typeof createReportStore>;

export const reportKey = (incidentId: string, kind: ReportKind) => `${incidentId}/${kind}`;

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

export function createReportStore(rawApi: Api) {
  const api = guardApi(rawApi);
  return createStore<ReportStoreState>()((set, get) => ({
    kinds: {},
    reports: {},
    errors: {},
    loading: {},
    exported: {},
    exportErrors: {},
    exporting: {},

    setKind(incidentId, kind) {
      set({ kinds: { ...get().kinds, [incidentId]: kind } });
      if (!get().reports[reportKey(incidentId, kind)]) void get().load(incidentId, kind);
    },

    async load(incidentId, kind) {
      const key = reportKey(incidentId, kind);
      set({ loading: { ...get().loading, [key]: true } });
      const result = await api.call('report.render', { id: incidentId, kind });
      // A report already shown stays on screen under the error: stale is better than blank.
      if (result.ok) set({ reports: { ...get().reports, [key]: result.value }, errors: without(get().errors, key), loading: without(get().loading, key) });
      else set({ errors: { ...get().errors, [key]: result.error.message }, loading: without(get().loading, key) });
    },

    async exportReport(incidentId, kind) {
      const key = reportKey(incidentId, kind);
      set({ exporting: { ...get().exporting, [key]: true } });
      const result = await api.call('report.export', { id: incidentId, kind });
      if (result.ok) set({ exported: { ...get().exported, [key]: result.value }, exportErrors: without(get().exportErrors, key), exporting: without(get().exporting, key) });
      else set({ exportErrors: { ...get().exportErrors, [key]: result.error.message }, exporting: without(get().exporting, key) });
      return result;
    },

    handleEvent(event) {
      // A report on screen follows the incident: a note or a resolution shows up without a reload.
      const keys = Object.keys(get().reports);
      const stale = event.type === 'incident.changed' ? keys.filter((key) => key.startsWith(`${event.incidentId}/`)) : event.type === 'data.changed' ? keys : [];
      for (const key of stale) {
        const { incidentId, kind } = get().reports[key]!;
        void get().load(incidentId, kind);
      }
    },
  }));
}
