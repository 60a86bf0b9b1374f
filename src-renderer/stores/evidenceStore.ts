import { createStore } from 'zustand/vanilla';
import type {
  CollectedEvidence,
  CustodyAction,
  CustodyChoice,
  Envelope,
  EvidenceContents,
  EvidenceItem,
  EvidencePreflight,
  EvidenceVerifyResult,
  PickKind,
  PushedEvent,
  QuarantinedFile,
} from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';
import { cancelJob } from './cancelJob';

export interface JobProgress {
  jobId: string;
  done: number;
  total: number | null;
  message: string;
}

/** What an action on an archive came to, kept on its card until the responder dismisses it. */
export interface CardResult {
  text: string;
  failed: boolean;
  details?: string[];
  /** When it was found (set by the store): a result kept for an hour says how old it is. */
  at?: string;
}
export type CardResultKind = 'collected' | 'verified' | 'exported';

export interface EvidenceStoreState {
  items: Record<string, EvidenceItem[]>;
  /** Custody actions a responder records by hand, in words (from the console). */
  custodyChoices: CustodyChoice[];
  /** Per archive, the latest result of each kind: a verify result stays when an export reports, and across tabs. */
  results: Record<string, Partial<Record<CardResultKind, CardResult>>>;
  showResult(evidenceId: string, kind: CardResultKind, result: CardResult): void;
  dismissResult(evidenceId: string, kind: CardResultKind): void;
  /** Why an incident's archives could not be listed; gone once they are. */
  loadErrors: Record<string, string>;
  quarantine: QuarantinedFile[];
  quarantineLoaded: boolean;
  quarantineError: string | null;
  progress: JobProgress | null;
  collecting: boolean;
  /** Desktop only: the OS chooser. Absent in browser mode, where paths are typed. */
  canPick: boolean;
  load(incidentId: string): Promise<void>;
  pick(kind: PickKind): Promise<string[]>;
  preflight(paths: string[], output: string, followSymlinks: boolean): Promise<Envelope<EvidencePreflight>>;
  collect(incidentId: string, paths: string[], output: string, followSymlinks: boolean, skipUnavailable?: boolean): Promise<Envelope<CollectedEvidence>>;
  contents(evidenceId: string, page: number): Promise<Envelope<EvidenceContents>>;
  /** Null once the cancel is asked for; otherwise why it could not be. */
  cancel(): Promise<string | null>;
  verify(incidentId: string, archive: string): Promise<Envelope<EvidenceVerifyResult>>;
  exportTo(incidentId: string, evidenceId: string, destination: string): Promise<Envelope<EvidenceItem & { exportedTo: string }>>;
  addCustody(incidentId: string, evidenceId: string, action: CustodyAction, detail: string): Promise<Envelope<EvidenceItem>>;
  loadQuarantine(): Promise<void>;
  quarantineFile(incidentId: string, file: string): Promise<Envelope<QuarantinedFile>>;
  release(id: string): Promise<Envelope<QuarantinedFile>>;
  handleEvent(event: PushedEvent): void;
}

export type EvidenceStore = ReturnType<typeof createEvidenceStore>;

export function createEvidenceStore(rawApi: Api) {
  const api = guardApi(rawApi);
  return createStore<EvidenceStoreState>()((set, get) => ({
    items: {},
    custodyChoices: [],
    results: {},
    loadErrors: {},
    quarantine: [],
    quarantineLoaded: false,
    quarantineError: null,
    progress: null,
    collecting: false,
    canPick: Boolean(api.pickPaths),

    async load(incidentId) {
      const result = await api.call('evidence.list', { incidentId });
      const { [incidentId]: _dropped, ...loadErrors } = get().loadErrors;
      if (result.ok) set({ items: { ...get().items, [incidentId]: result.value.items }, custodyChoices: result.value.custodyChoices ?? get().custodyChoices, loadErrors });
      else set({ loadErrors: { ...loadErrors, [incidentId]: result.error.message } });
    },

    pick: (kind) => api.pickPaths?.(kind) ?? Promise.resolve([]),

    showResult(evidenceId, kind, result) {
      set({ results: { ...get().results, [evidenceId]: { ...get().results[evidenceId], [kind]: { ...result, at: new Date().toISOString() } } } });
    },

    dismissResult(evidenceId, kind) {
      const { [kind]: _dismissed, ...rest } = get().results[evidenceId] ?? {};
      set({ results: { ...get().results, [evidenceId]: rest } });
    },

    preflight: (paths, output, followSymlinks) => api.call('evidence.preflight', { paths, output, followSymlinks }),

    contents: (evidenceId, page) => api.call('evidence.contents', { evidenceId, page }),

    async collect(incidentId, paths, output, followSymlinks, skipUnavailable = false) {
      set({ collecting: true, progress: null });
      const result = await api.call('evidence.collect', { paths, output, incidentId, followSymlinks, skipUnavailable });
      set({ collecting: false, progress: null });
      await get().load(incidentId);
      return result;
    },

    async cancel() {
      return cancelJob(api, get().progress?.jobId, 'collection');
    },

    async verify(incidentId, archive) {
      const result = await api.call('evidence.verify', { archive });
      await get().load(incidentId);
      return result;
    },

    async exportTo(incidentId, evidenceId, destination) {
      const result = await api.call('evidence.export', { evidenceId, destination });
      if (result.ok || result.error.code === 'conflict') await get().load(incidentId);
      return result;
    },

    async addCustody(incidentId, evidenceId, action, detail) {
      const result = await api.call('evidence.addCustody', { evidenceId, action, detail });
      if (result.ok || result.error.code === 'conflict') await get().load(incidentId);
      return result;
    },

    async loadQuarantine() {
      const result = await api.call('quarantine.list', { includeReleased: true });
      if (result.ok) set({ quarantine: result.value.files, quarantineLoaded: true, quarantineError: null });
      else set({ quarantineError: result.error.message });
    },

    async quarantineFile(incidentId, file) {
      const result = await api.call('quarantine.add', { file, incidentId });
      await get().loadQuarantine();
      return result;
    },

    async release(id) {
      const result = await api.call('quarantine.release', { id });
      await get().loadQuarantine();
      return result;
    },

    handleEvent(event) {
      if (event.type === 'job.progress' && event.operation === 'evidence.collect' && get().collecting) set({ progress: { jobId: event.jobId, done: event.done, total: event.total, message: event.message } });
    },
  }));
}
