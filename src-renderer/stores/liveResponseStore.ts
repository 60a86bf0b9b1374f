import { createStore } from 'zustand/vanilla';
import type { Envelope, LiveCollectedEvidence, LiveProfile, LiveProfileProblem, PushedEvent } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';
import type { JobProgress } from './evidenceStore';
import { cancelJob } from './cancelJob';

export interface LiveRunInput {
  incidentId: string;
  profile: string;
  output: string;
  paths: string[];
  namespaces: string[];
}

/** What a run came to, kept under the form until the responder dismisses it or starts another. */
export type LiveOutcome = { ok: true; input: LiveRunInput; value: LiveCollectedEvidence } | { ok: false; input: LiveRunInput; code: string; message: string };

export interface LiveResponseStoreState {
  profiles: LiveProfile[] | null;
  profilesError: string | null;
  /** Profile files that failed validation: not offered, and said so. */
  profileProblems: LiveProfileProblem[];
  /** Per incident: the Evidence tab shows live response, on this profile (a playbook step's action sets it). */
  chosen: Record<string, { profile: string; at: number; focus: boolean }>;
  /** The run going on, if any: one at a time, on one incident. */
  running: LiveRunInput | null;
  progress: JobProgress | null;
  outcomes: Record<string, LiveOutcome>;
  loadProfiles(): Promise<void>;
  /** Opens live response on an incident with `profile` chosen; `focus` (a playbook step asked) moves the focus there. */
  choose(incidentId: string, profile: string, focus: boolean): void;
  /** Back to collecting files. */
  close(incidentId: string): void;
  run(input: LiveRunInput): Promise<LiveOutcome>;
  /** Null once the cancel is asked for; otherwise why it could not be. */
  cancel(): Promise<string | null>;
  dismiss(incidentId: string): void;
  handleEvent(event: PushedEvent): void;
}

export type LiveResponseStore = ReturnType<typeof createLiveResponseStore>;

/**
 * Live response: the profiles and what each collector will run, one run at a time with progress and
 * cancel, and the per-collector result. `afterRun` reloads the incident's archives so the new one shows.
 */
export function createLiveResponseStore(rawApi: Api, afterRun: (incidentId: string, outcome: LiveOutcome) => Promise<void> | void = () => {}) {
  const api = guardApi(rawApi);
  return createStore<LiveResponseStoreState>()((set, get) => ({
    profiles: null,
    profilesError: null,
    profileProblems: [],
    chosen: {},
    running: null,
    progress: null,
    outcomes: {},

    async loadProfiles() {
      const result = await api.call('evidence.liveProfiles', {});
      if (result.ok) set({ profiles: result.value.profiles, profileProblems: result.value.problems, profilesError: null });
      else set({ profilesError: result.error.message });
    },

    choose(incidentId, profile, focus) {
      set({ chosen: { ...get().chosen, [incidentId]: { profile, at: Date.now(), focus } } });
    },

    close(incidentId) {
      const { [incidentId]: _closed, ...chosen } = get().chosen;
      set({ chosen });
    },

    async run(input) {
      if (get().running) return { ok: false, input, code: 'conflict', message: 'A live response is already running: wait for it or cancel it.' };
      const { [input.incidentId]: _previous, ...outcomes } = get().outcomes;
      set({ running: input, progress: null, outcomes });
      const result: Envelope<LiveCollectedEvidence> = await api.call('evidence.liveCollect', {
        incidentId: input.incidentId,
        profile: input.profile,
        output: input.output,
        ...(input.paths.length ? { paths: input.paths } : {}),
        ...(input.namespaces.length ? { namespaces: input.namespaces } : {}),
      });
      const outcome: LiveOutcome = result.ok ? { ok: true, input, value: result.value } : { ok: false, input, code: result.error.code, message: result.error.message };
      set({ running: null, progress: null, outcomes: { ...get().outcomes, [input.incidentId]: outcome } });
      await afterRun(input.incidentId, outcome);
      return outcome;
    },

    async cancel() {
      return cancelJob(api, get().progress?.jobId, 'live response');
    },

    dismiss(incidentId) {
      const { [incidentId]: _dismissed, ...outcomes } = get().outcomes;
      set({ outcomes });
    },

    handleEvent(event) {
      if (event.type === 'job.progress' && event.operation === 'evidence.liveCollect' && get().running) set({ progress: { jobId: event.jobId, done: event.done, total: event.total, message: event.message } });
    },
  }));
}
