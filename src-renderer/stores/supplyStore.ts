import { createStore } from 'zustand/vanilla';
import type { AdvisoryImportResult, AdvisoryStatus, Envelope, OperationName, PushedEvent, SupplyCheckKind, SupplyCheckResult, SupplyCheckSummary } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';
import { cancelJob } from './cancelJob';
import type { JobProgress } from './evidenceStore';
import { incidentGenerations } from './generations';

/** A check's result on screen: one just run, or one opened from the incident's past checks. */
export type ShownCheck = SupplyCheckResult & {
  /** Null when the server kept nothing (it always keeps one when given the incident). */
  checkId: string | null;
  inputs: string[];
  finishedAt: string | null;
};

/** One incident's Supply chain tab. */
export interface SupplyView {
  /** Newest first; null until loaded. */
  checks: SupplyCheckSummary[] | null;
  shown: ShownCheck | null;
  /** The past check being opened, until it arrives. */
  opening: string | null;
  error: string | null;
  /** The check form shown (a playbook's integrity step opens on its form). */
  form: SupplyCheckKind;
}

/** The check forms' inputs, by kind. */
export type SupplyRun =
  | { kind: 'deps'; lockfiles: string[]; db?: string }
  | { kind: 'lockdiff'; baseline: string; current: string }
  | { kind: 'integrity'; dir: string; baseline: string }
  | { kind: 'sbom-diff'; before: string; after: string };

export interface SupplyStoreState {
  views: Record<string, SupplyView>;
  /** The advisory database's state; null until loaded. */
  advisories: AdvisoryStatus | null;
  advisoriesError: string | null;
  /** What is running (one at a time, like the other scans); null when nothing. */
  running: { incidentId: string | null; kind: SupplyCheckKind | 'import' } | null;
  progress: JobProgress | null;
  load(incidentId: string): Promise<void>;
  choose(incidentId: string, form: SupplyCheckKind): void;
  loadAdvisories(): Promise<void>;
  open(incidentId: string, checkId: string): Promise<void>;
  run(incidentId: string, input: SupplyRun): Promise<Envelope<unknown>>;
  importAdvisories(path: string): Promise<Envelope<AdvisoryImportResult>>;
  /** Null once the cancel is asked for; otherwise why it could not be. */
  cancel(): Promise<string | null>;
  handleEvent(event: PushedEvent): void;
}

export type SupplyStore = ReturnType<typeof createSupplyStore>;

export const emptySupplyView: SupplyView = { checks: null, shown: null, opening: null, error: null, form: 'deps' };

/** The operations whose progress the tab shows. */
const supplyJobs: ReadonlySet<OperationName> = new Set<OperationName>(['scan.deps', 'scan.lockdiff', 'integrity.check', 'sbom.diff', 'advisories.import']);

function runInputs(input: SupplyRun): string[] {
  if (input.kind === 'deps') return input.db ? [...input.lockfiles, input.db] : input.lockfiles;
  if (input.kind === 'lockdiff') return [input.baseline, input.current];
  if (input.kind === 'integrity') return [input.dir, input.baseline];
  return [input.before, input.after];
}

export function createSupplyStore(rawApi: Api) {
  const api = guardApi(rawApi);
  // An open asked for before another open or run is stale when it lands.
  const generations = incidentGenerations();
  const bump = generations.bump;

  return createStore<SupplyStoreState>()((set, get) => {
    const view = (incidentId: string): SupplyView => get().views[incidentId] ?? emptySupplyView;
    const patch = (incidentId: string, changes: Partial<SupplyView>) => set({ views: { ...get().views, [incidentId]: { ...view(incidentId), ...changes } } });

    async function call(incidentId: string, input: SupplyRun) {
      if (input.kind === 'deps') return api.call('scan.deps', { lockfiles: input.lockfiles, incidentId, ...(input.db ? { db: input.db } : {}) });
      if (input.kind === 'lockdiff') return api.call('scan.lockdiff', { baseline: input.baseline, current: input.current, incidentId });
      if (input.kind === 'integrity') return api.call('integrity.check', { dir: input.dir, baseline: input.baseline, incidentId });
      return api.call('sbom.diff', { before: input.before, after: input.after, incidentId });
    }

    return {
      views: {},
      advisories: null,
      advisoriesError: null,
      running: null,
      progress: null,

      async load(incidentId) {
        void get().loadAdvisories();
        const result = await api.call('supply.list', { incidentId });
        if (!result.ok) return patch(incidentId, { error: result.error.message });
        patch(incidentId, { checks: result.value.checks, error: null });
      },

      choose(incidentId, form) {
        patch(incidentId, { form });
      },

      async loadAdvisories() {
        const result = await api.call('advisories.status', {});
        set(result.ok ? { advisories: result.value, advisoriesError: null } : { advisoriesError: result.error.message });
      },

      async open(incidentId, checkId) {
        const asked = bump(incidentId);
        patch(incidentId, { opening: checkId });
        const result = await api.call('supply.get', { incidentId, checkId });
        if (asked !== generations.current(incidentId)) return;
        if (!result.ok) return patch(incidentId, { opening: null, error: `Check ${checkId} could not be opened: ${result.error.message}` });
        const { id, inputs, finishedAt, kind, result: body } = result.value;
        patch(incidentId, { opening: null, error: null, shown: { kind, result: body, checkId: id, inputs, finishedAt } as ShownCheck });
      },

      async run(incidentId, input) {
        bump(incidentId);
        set({ running: { incidentId, kind: input.kind }, progress: null });
        const result = await call(incidentId, input);
        set({ running: null, progress: null });
        if (result.ok) {
          const { checkId, ...body } = result.value as { checkId: string | null };
          patch(incidentId, { shown: { kind: input.kind, result: body, checkId, inputs: runInputs(input), finishedAt: new Date().toISOString() } as ShownCheck, opening: null });
          await get().load(incidentId);
        }
        return result;
      },

      async importAdvisories(path) {
        set({ running: { incidentId: null, kind: 'import' }, progress: null });
        const result = await api.call('advisories.import', { path });
        set({ running: null, progress: null });
        await get().loadAdvisories();
        return result;
      },

      async cancel() {
        return cancelJob(api, get().progress?.jobId, get().running?.kind === 'import' ? 'import' : 'check');
      },

      handleEvent(event) {
        if (event.type === 'job.progress' && supplyJobs.has(event.operation) && get().running) set({ progress: { jobId: event.jobId, done: event.done, total: event.total, message: event.message } });
        // A check kept from the CLI or another window shows in the list.
        if (event.type === 'data.changed') for (const incidentId of Object.keys(get().views)) void get().load(incidentId);
      },
    };
  });
}
