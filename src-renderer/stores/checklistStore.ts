import { createStore } from 'zustand/vanilla';
import type { Checklist, ChecklistStep, Envelope, Phase, PushedEvent } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';

export type StepChange = { change: 'done' } | { change: 'reopen' } | { change: 'skip'; reason: string } | { change: 'na'; reason: string } | { change: 'note'; text: string };

export interface ChecklistStoreState {
  checklists: Record<string, Checklist>;
  /** Why the checklist of an incident could not be loaded (or refreshed); gone once it loads. */
  errors: Record<string, string>;
  /** Keyboard cursor per incident: the id of the selected step. */
  selected: Record<string, string>;
  load(incidentId: string): Promise<void>;
  change(incidentId: string, stepId: string, change: StepChange): Promise<Envelope<ChecklistStep>>;
  addStep(incidentId: string, phase: Phase, text: string): Promise<Envelope<ChecklistStep>>;
  /** An empty assignee takes the step back. */
  assign(incidentId: string, stepId: string, assignee: string): Promise<Envelope<ChecklistStep>>;
  select(incidentId: string, stepId: string): void;
  /** Moves the cursor by `delta` steps (j/k), staying within the list. */
  move(incidentId: string, delta: number): void;
  handleEvent(event: PushedEvent): void;
}

export type ChecklistStore = ReturnType<typeof createChecklistStore>;

export function createChecklistStore(rawApi: Api) {
  const api = guardApi(rawApi);
  return createStore<ChecklistStoreState>()((set, get) => ({
    checklists: {},
    errors: {},
    selected: {},

    async load(incidentId) {
      const result = await api.call('checklist.get', { id: incidentId });
      if (result.ok) {
        const selected = get().selected[incidentId] ?? result.value.steps.find((step) => step.status === 'open')?.id ?? result.value.steps[0]?.id;
        const { [incidentId]: _dropped, ...errors } = get().errors;
        set({ checklists: { ...get().checklists, [incidentId]: result.value }, errors, selected: selected ? { ...get().selected, [incidentId]: selected } : get().selected });
      } else {
        set({ errors: { ...get().errors, [incidentId]: result.error.message } });
      }
    },

    async change(incidentId, stepId, change) {
      const result = await api.call('checklist.change', { id: incidentId, stepId, ...change });
      // A conflict (already done, changed elsewhere) refreshes too, so the retry starts from what is true now.
      if (result.ok || result.error.code === 'conflict') await get().load(incidentId);
      return result;
    },

    async assign(incidentId, stepId, assignee) {
      const result = await api.call('checklist.assign', { id: incidentId, stepId, assignee });
      if (result.ok || result.error.code === 'conflict') await get().load(incidentId);
      return result;
    },

    async addStep(incidentId, phase, text) {
      const result = await api.call('checklist.addStep', { id: incidentId, phase, text });
      if (result.ok) {
        await get().load(incidentId);
        get().select(incidentId, result.value.id);
      } else if (result.error.code === 'conflict') await get().load(incidentId);
      return result;
    },

    select(incidentId, stepId) {
      set({ selected: { ...get().selected, [incidentId]: stepId } });
    },

    move(incidentId, delta) {
      const steps = get().checklists[incidentId]?.steps ?? [];
      if (steps.length === 0) return;
      const index = Math.max(0, steps.findIndex((step) => step.id === get().selected[incidentId]));
      const next = steps[Math.min(steps.length - 1, Math.max(0, index + delta))]!;
      get().select(incidentId, next.id);
    },

    handleEvent(event) {
      if (event.type === 'incident.changed' && get().checklists[event.incidentId]) void get().load(event.incidentId);
      // Sent after the event stream reconnects: checklists that failed to load try again too.
      if (event.type === 'data.changed') for (const id of new Set([...Object.keys(get().checklists), ...Object.keys(get().errors)])) void get().load(id);
    },
  }));
}
