import { createStore } from 'zustand/vanilla';
import type { CollectedEvidence, CustodyAction, Envelope, EvidenceItem, EvidenceVerifyResult, PushedEvent } from '../../src-main/contract';
import type { Api } from '../api/api';

export interface JobProgress {
  jobId: string;
  done: number;
  total: number | null;
  message: string;
}

export interface EvidenceStoreState {
  items: Record<string, EvidenceItem[]>;
  progress: JobProgress | null;
  collecting: boolean;
  load(incidentId: string): Promise<void>;
  collect(incidentId: string, paths: string[], output: string): Promise<Envelope<CollectedEvidence>>;
  cancel(): Promise<void>;
  verify(incidentId: string, archive: string): Promise<Envelope<EvidenceVerifyResult>>;
  addCustody(incidentId: string, evidenceId: string, action: CustodyAction, detail: string): Promise<Envelope<EvidenceItem>>;
  handleEvent(event: PushedEvent): void;
}

export type EvidenceStore = ReturnType<typeof createEvidenceStore>;

export function createEvidenceStore(api: Api) {
  return createStore<EvidenceStoreState>()((set, get) => ({
    items: {},
    progress: null,
    collecting: false,

    async load(incidentId) {
      const result = await api.call('evidence.list', { incidentId });
      if (result.ok) set({ items: { ...get().items, [incidentId]: result.value.items } });
    },

    async collect(incidentId, paths, output) {
      set({ collecting: true, progress: null });
      const result = await api.call('evidence.collect', { paths, output, incidentId });
      set({ collecting: false, progress: null });
      await get().load(incidentId);
      return result;
    },

    async cancel() {
      const jobId = get().progress?.jobId;
      if (jobId) await api.call('jobs.cancel', { jobId });
    },

    async verify(incidentId, archive) {
      const result = await api.call('evidence.verify', { archive });
      await get().load(incidentId);
      return result;
    },

    async addCustody(incidentId, evidenceId, action, detail) {
      const result = await api.call('evidence.addCustody', { evidenceId, action, detail });
      if (result.ok) await get().load(incidentId);
      return result;
    },

    handleEvent(event) {
      if (event.type === 'job.progress' && get().collecting) set({ progress: { jobId: event.jobId, done: event.done, total: event.total, message: event.message } });
    },
  }));
}
