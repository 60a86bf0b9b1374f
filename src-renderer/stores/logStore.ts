import { createStore } from 'zustand/vanilla';
import type { Envelope, LogCategory, LogPromoted, LogScanOutcome, LogScanSummary, PushedEvent, StoredLogFinding } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';
import type { JobProgress } from './evidenceStore';
import { pageSize } from './listRequests';
import { cancelJob } from './cancelJob';
import { incidentGenerations } from './generations';

/** A jump far down the findings asks for up to this many rows at once (the End key on 100,000 rows). */
const maxPage = 1000;

/** The findings list's server-side filters (logs.list's `category` and `ip`). */
export interface LogFilter {
  categories: LogCategory[];
  ip: string | null;
}

/** One incident's Logs tab: its scans, the one shown, and the findings loaded so far under the filter. */
export interface LogView {
  /** Newest first; null until loaded. */
  scans: LogScanSummary[] | null;
  /** The scan shown; null for the newest. */
  scanId: string | null;
  filter: LogFilter;
  /** The first rows of the list, in file and line order; the rest load as the list scrolls. */
  findings: StoredLogFinding[];
  /** Findings matching the filter on the server. */
  total: number;
  nextCursor: string | null;
  loading: boolean;
  error: string | null;
}

/** What a promote targets: one finding, or every line of an address. */
export type PromoteTarget = { findingId: number } | { ip: string };

export interface LogStoreState {
  views: Record<string, LogView>;
  /** The incident whose scan is running (one at a time, like the other scans); null when none. */
  running: string | null;
  progress: JobProgress | null;
  /** What the timeline says for each thing promoted, by `promoteKey`. */
  promoted: Record<string, string>;
  /** Loads the scans and the first page of the chosen scan's findings. */
  load(incidentId: string): Promise<void>;
  /** Loads pages until row `upTo` is loaded (or the list ends). */
  loadMore(incidentId: string, upTo: number): Promise<void>;
  selectScan(incidentId: string, scanId: string): Promise<void>;
  setFilter(incidentId: string, filter: Partial<LogFilter>): Promise<void>;
  run(incidentId: string, paths: string[], since?: string, until?: string): Promise<Envelope<LogScanOutcome>>;
  /** Null once the cancel is asked for; otherwise why it could not be. */
  cancel(): Promise<string | null>;
  promote(incidentId: string, scanId: string, target: PromoteTarget, note: string): Promise<Envelope<LogPromoted>>;
  handleEvent(event: PushedEvent): void;
}

export type LogStore = ReturnType<typeof createLogStore>;

export const emptyLogView: LogView = { scans: null, scanId: null, filter: { categories: [], ip: null }, findings: [], total: 0, nextCursor: null, loading: false, error: null };

export function promoteKey(scanId: string, target: PromoteTarget): string {
  return 'ip' in target ? `${scanId}:ip:${target.ip}` : `${scanId}:finding:${target.findingId}`;
}

/** The scan a view shows: the one chosen, else the newest. */
export function shownScan(view: LogView): LogScanSummary | undefined {
  return view.scans?.find((scan) => scan.id === view.scanId) ?? view.scans?.[0];
}

export function createLogStore(rawApi: Api) {
  const api = guardApi(rawApi);
  // A new scan, filter or reload makes pages asked for before it stale, per incident.
  const generations = incidentGenerations();
  const wanted = new Map<string, number>();
  const paging = new Map<string, Promise<void>>();
  const bump = (incidentId: string) => {
    wanted.set(incidentId, -1);
    return generations.bump(incidentId);
  };

  return createStore<LogStoreState>()((set, get) => {
    const view = (incidentId: string): LogView => get().views[incidentId] ?? emptyLogView;
    const patch = (incidentId: string, changes: Partial<LogView>) => set({ views: { ...get().views, [incidentId]: { ...view(incidentId), ...changes } } });
    const listInput = (incidentId: string, limit: number, cursor?: string) => {
      const { scanId, filter } = view(incidentId);
      return {
        incidentId,
        limit,
        ...(scanId ? { scanId } : {}),
        ...(filter.categories.length ? { category: filter.categories } : {}),
        ...(filter.ip ? { ip: filter.ip } : {}),
        ...(cursor ? { cursor } : {}),
      };
    };

    async function loadPages(incidentId: string): Promise<void> {
      while (view(incidentId).nextCursor !== null && view(incidentId).findings.length <= (wanted.get(incidentId) ?? -1)) {
        const asked = generations.current(incidentId);
        const current = view(incidentId);
        const limit = Math.min(maxPage, Math.max(pageSize, (wanted.get(incidentId) ?? 0) - current.findings.length + pageSize / 4));
        const result = await api.call('logs.list', listInput(incidentId, limit, current.nextCursor!));
        if (asked !== generations.current(incidentId)) return;
        if (!result.ok) {
          // A cursor the server no longer takes (it restarted): start the list again.
          if (result.error.code === 'invalid-input') void get().load(incidentId);
          else patch(incidentId, { error: result.error.message });
          return;
        }
        const seen = new Set(current.findings.map((finding) => finding.id));
        patch(incidentId, { findings: [...current.findings, ...result.value.findings.filter((finding) => !seen.has(finding.id))], nextCursor: result.value.nextCursor, total: result.value.total, error: null });
      }
    }

    return {
      views: {},
      running: null,
      progress: null,
      promoted: {},

      async load(incidentId) {
        const asked = bump(incidentId);
        patch(incidentId, { loading: true });
        const result = await api.call('logs.list', listInput(incidentId, pageSize));
        if (asked !== generations.current(incidentId)) return;
        if (!result.ok) return patch(incidentId, { loading: false, error: result.error.message });
        const { scans, findings, total, nextCursor, promoted } = result.value;
        // A chosen scan that is gone (it cannot be yet, but a stale id must not pin an empty list).
        const scanId = scans.some((scan) => scan.id === view(incidentId).scanId) ? view(incidentId).scanId : null;
        patch(incidentId, { scans, scanId, findings, total, nextCursor, loading: false, error: null });
        // What is on the timeline already, so a reload still shows it and offers no second promote.
        const shownScan = scanId ?? scans[0]?.id;
        if (shownScan && promoted.length) {
          const known = Object.fromEntries(promoted.map((entry) => [promoteKey(shownScan, entry.findingId !== null ? { findingId: entry.findingId } : { ip: entry.ip! }), entry.summary]));
          set({ promoted: { ...get().promoted, ...known } });
        }
      },

      loadMore(incidentId, upTo) {
        wanted.set(incidentId, Math.max(wanted.get(incidentId) ?? -1, upTo));
        let running = paging.get(incidentId);
        if (!running) {
          running = loadPages(incidentId).finally(() => paging.delete(incidentId));
          paging.set(incidentId, running);
        }
        return running;
      },

      async selectScan(incidentId, scanId) {
        // Another scan's findings have other IPs and categories: the filter starts over.
        patch(incidentId, { scanId, filter: { categories: [], ip: null }, findings: [], total: 0, nextCursor: null });
        await get().load(incidentId);
      },

      async setFilter(incidentId, filter) {
        patch(incidentId, { filter: { ...view(incidentId).filter, ...filter }, findings: [], total: 0, nextCursor: null });
        await get().load(incidentId);
      },

      async run(incidentId, paths, since, until) {
        set({ running: incidentId, progress: null });
        const result = await api.call('scan.logs', { paths, incidentId, ...(since ? { since } : {}), ...(until ? { until } : {}) });
        set({ running: null, progress: null });
        if (result.ok) {
          // The new scan is the newest: show it, unfiltered.
          patch(incidentId, { scanId: result.value.scanId, filter: { categories: [], ip: null }, findings: [], total: 0, nextCursor: null });
          await get().load(incidentId);
        }
        return result;
      },

      async cancel() {
        return cancelJob(api, get().progress?.jobId, 'scan');
      },

      async promote(incidentId, scanId, target, note) {
        const result = await api.call('logs.promote', { incidentId, scanId, note, ...target });
        if (result.ok) set({ promoted: { ...get().promoted, [promoteKey(scanId, target)]: result.value.summary } });
        return result;
      },

      handleEvent(event) {
        if (event.type === 'job.progress' && event.operation === 'scan.logs' && get().running) set({ progress: { jobId: event.jobId, done: event.done, total: event.total, message: event.message } });
      },
    };
  });
}
