import { createStore } from 'zustand/vanilla';
import type { Envelope, FindingGroup, MarkFingerprintResult, PushedEvent, ScanKind, ScanOutcome, ScanRun } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';
import type { JobProgress } from './evidenceStore';
import { cancelJob } from './cancelJob';

export interface ScanStoreState {
  runs: Record<string, ScanRun[]>;
  /** One per credential (fingerprint), with every place the incident's scans found it. */
  groups: Record<string, FindingGroup[]>;
  /** The kinds of scan playbook steps link to; null until loaded. */
  kinds: ScanKind[] | null;
  /** Why an incident's scans could not be listed; gone once they are. */
  loadErrors: Record<string, string>;
  scanning: boolean;
  progress: JobProgress | null;
  load(incidentId: string): Promise<void>;
  run(incidentId: string, path: string, history: boolean): Promise<Envelope<ScanOutcome>>;
  /** Null once the cancel is asked for; otherwise why it could not be. */
  cancel(): Promise<string | null>;
  /** Settles a credential in every place it was found. */
  mark(incidentId: string, fingerprint: string, status: 'false-positive' | 'rotation', note: string): Promise<Envelope<MarkFingerprintResult>>;
  loadKinds(): Promise<void>;
  handleEvent(event: PushedEvent): void;
}

export type ScanStore = ReturnType<typeof createScanStore>;

export function createScanStore(rawApi: Api) {
  const api = guardApi(rawApi);
  return createStore<ScanStoreState>()((set, get) => ({
    runs: {},
    groups: {},
    kinds: null,
    loadErrors: {},
    scanning: false,
    progress: null,

    async load(incidentId) {
      const result = await api.call('scan.list', { incidentId });
      const { [incidentId]: _dropped, ...loadErrors } = get().loadErrors;
      if (result.ok) set({ runs: { ...get().runs, [incidentId]: result.value.runs }, groups: { ...get().groups, [incidentId]: result.value.groups }, loadErrors });
      else set({ loadErrors: { ...loadErrors, [incidentId]: result.error.message } });
    },

    async run(incidentId, path, history) {
      set({ scanning: true, progress: null });
      const result = await api.call('scan.secrets', { path, history, incidentId });
      set({ scanning: false, progress: null });
      await get().load(incidentId);
      return result;
    },

    async cancel() {
      return cancelJob(api, get().progress?.jobId, 'scan');
    },

    async mark(incidentId, fingerprint, status, note) {
      const result = await api.call('scan.markFingerprint', { incidentId, fingerprint, status, note });
      if (result.ok || result.error.code === 'conflict') await get().load(incidentId);
      return result;
    },

    async loadKinds() {
      if (get().kinds) return;
      const result = await api.call('scan.kinds', {});
      // Without the catalogue every scan link still opens the Scans tab, as before it existed.
      if (result.ok) set({ kinds: result.value.kinds });
    },

    handleEvent(event) {
      if (event.type === 'job.progress' && event.operation === 'scan.secrets' && get().scanning) set({ progress: { jobId: event.jobId, done: event.done, total: event.total, message: event.message } });
    },
  }));
}
