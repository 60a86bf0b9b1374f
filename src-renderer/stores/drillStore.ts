import { createStore } from 'zustand/vanilla';
import type { DrillHistory, DrillList, DrillReport, DrillRun, DrillStarted, DrillView, Envelope, Incident, PushedEvent } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';
import { incidentGenerations } from './generations';

/** An inject that arrived while the console was open: the banner names it until dismissed or opened. */
export interface InjectAlert {
  incidentId: string;
  injectId: string;
  title: string;
}

export type ClockCommand = { action: 'start' | 'pause' | 'resume' } | { action: 'speed'; speed: number };

export interface DrillStoreState {
  /** The scenarios and the files that failed; null until loaded. */
  list: DrillList | null;
  listError: string | null;
  history: DrillHistory | null;
  historyError: string | null;
  /** Drill incidents not yet finished (listed apart from real ones), so a drill left is found again; null until loaded. */
  underWay: Incident[] | null;
  underWayError: string | null;
  /** Each drill incident's run as last read, in the view it was read in. */
  runs: Record<string, DrillRun>;
  runErrors: Record<string, string>;
  /** The view each drill incident's panel shows (see `viewOf`). */
  views: Record<string, DrillView>;
  /** Drills started from this console: its responder is the facilitator unless they switch. */
  facilitating: Record<string, true>;
  /** Wall time (ms) each inject was seen arriving, by `${incidentId}/${injectId}`: the participant view highlights new ones. */
  arrived: Record<string, number>;
  alerts: InjectAlert[];
  /** A change that failed (a clock command, an inject, finish), by incident: shown over the panel. */
  actionErrors: Record<string, string>;
  busy: Record<string, boolean>;
  reports: Record<string, DrillReport>;
  reportErrors: Record<string, string>;
  /** Where the report was last written, by incident. */
  exported: Record<string, string>;
  exportErrors: Record<string, string>;
  loadList(): Promise<void>;
  loadHistory(): Promise<void>;
  loadUnderWay(): Promise<void>;
  start(drillId: string): Promise<Envelope<DrillStarted>>;
  load(incidentId: string): Promise<void>;
  setView(incidentId: string, view: DrillView): void;
  clock(incidentId: string, command: ClockCommand): Promise<Envelope<DrillRun>>;
  inject(incidentId: string, injectId: string, action: 'fire' | 'skip'): Promise<Envelope<DrillRun>>;
  answer(incidentId: string, questionId: string, answer: string): Promise<Envelope<DrillRun>>;
  finish(incidentId: string): Promise<Envelope<DrillRun>>;
  loadReport(incidentId: string): Promise<void>;
  exportReport(incidentId: string, output: string): Promise<Envelope<DrillReport>>;
  dismissAlert(incidentId: string, injectId: string): void;
  clearActionError(incidentId: string): void;
  handleEvent(event: PushedEvent): void;
}

export type DrillStore = ReturnType<typeof createDrillStore>;

export const arrivedKey = (incidentId: string, injectId: string) => `${incidentId}/${injectId}`;

/** The view a drill's panel shows: the one chosen, else facilitator for a drill started here, participant otherwise (no spoilers). */
export function viewOf(state: Pick<DrillStoreState, 'views' | 'facilitating'>, incidentId: string): DrillView {
  return state.views[incidentId] ?? (state.facilitating[incidentId] ? 'facilitator' : 'participant');
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

export function createDrillStore(rawApi: Api, now: () => number = Date.now) {
  const api = guardApi(rawApi);
  // A view switch or a change makes an answer asked for before it stale, per incident.
  const generations = incidentGenerations();
  const bump = generations.bump;

  return createStore<DrillStoreState>()((set, get) => {
    /** Fired injects not seen before are new: remembered with the time they showed up here. */
    function keepRun(run: DrillRun) {
      const previous = get().runs[run.incidentId];
      const arrived = { ...get().arrived };
      for (const inject of run.injects) {
        const key = arrivedKey(run.incidentId, inject.id);
        if (inject.status === 'fired' && !(key in arrived)) arrived[key] = previous ? now() : 0;
      }
      set({ runs: { ...get().runs, [run.incidentId]: run }, runErrors: without(get().runErrors, run.incidentId), arrived });
    }

    async function change(incidentId: string, what: string, call: () => Promise<Envelope<DrillRun>>): Promise<Envelope<DrillRun>> {
      set({ busy: { ...get().busy, [incidentId]: true } });
      const asked = bump(incidentId);
      const result = await call();
      set({ busy: without(get().busy, incidentId) });
      if (result.ok) {
        set({ actionErrors: without(get().actionErrors, incidentId) });
        // The change answers in the view it was asked in; the panel may have switched meanwhile.
        if (asked === generations.current(incidentId) && result.value.view === viewOf(get(), incidentId)) keepRun(result.value);
        else void get().load(incidentId);
      } else {
        set({ actionErrors: { ...get().actionErrors, [incidentId]: `Could not ${what}: ${result.error.message}` } });
        if (result.error.code === 'conflict') void get().load(incidentId);
      }
      return result;
    }

    return {
      list: null,
      listError: null,
      history: null,
      historyError: null,
      underWay: null,
      underWayError: null,
      runs: {},
      runErrors: {},
      views: {},
      facilitating: {},
      arrived: {},
      alerts: [],
      actionErrors: {},
      busy: {},
      reports: {},
      reportErrors: {},
      exported: {},
      exportErrors: {},

      async loadList() {
        const result = await api.call('drill.list', {});
        if (result.ok) set({ list: result.value, listError: null });
        else set({ listError: result.error.message });
      },

      async loadHistory() {
        const result = await api.call('drill.history', {});
        if (result.ok) set({ history: result.value, historyError: null });
        else set({ historyError: result.error.message });
      },

      async loadUnderWay() {
        const result = await api.call('incident.list', { kind: 'drill', scope: 'open', limit: 50 });
        if (result.ok) set({ underWay: result.value.incidents, underWayError: null });
        else set({ underWayError: result.error.message });
      },

      async start(drillId) {
        const result = await api.call('drill.start', { drillId });
        if (result.ok) {
          set({ facilitating: { ...get().facilitating, [result.value.id]: true } });
          void get().loadUnderWay();
          if (result.value.run.view === viewOf(get(), result.value.id)) keepRun(result.value.run);
        }
        return result;
      },

      async load(incidentId) {
        const asked = bump(incidentId);
        const view = viewOf(get(), incidentId);
        const result = await api.call('drill.get', { id: incidentId, view });
        if (asked !== generations.current(incidentId)) return;
        if (result.ok) keepRun(result.value);
        // A run already shown stays under the error: stale is better than blank.
        else set({ runErrors: { ...get().runErrors, [incidentId]: result.error.message } });
      },

      setView(incidentId, view) {
        if (viewOf(get(), incidentId) === view && get().runs[incidentId]?.view === view) return;
        set({ views: { ...get().views, [incidentId]: view } });
        void get().load(incidentId);
      },

      clock: (incidentId, command) => change(incidentId, command.action === 'speed' ? `set the speed to ×${command.speed}` : `${command.action} the clock`, () => api.call('drill.clock', { id: incidentId, ...command })),
      inject: (incidentId, injectId, action) => change(incidentId, `${action} the inject`, () => api.call('drill.inject', { id: incidentId, injectId, action })),
      answer: (incidentId, questionId, answer) => change(incidentId, 'save the answer', () => api.call('drill.answer', { id: incidentId, questionId, answer })),

      async finish(incidentId) {
        const result = await change(incidentId, 'finish the drill', () => api.call('drill.finish', { id: incidentId }));
        if (result.ok) {
          set({ alerts: get().alerts.filter((alert) => alert.incidentId !== incidentId) });
          void get().loadHistory();
          void get().loadUnderWay();
        }
        return result;
      },

      async loadReport(incidentId) {
        const result = await api.call('drill.report', { id: incidentId });
        if (result.ok) set({ reports: { ...get().reports, [incidentId]: result.value }, reportErrors: without(get().reportErrors, incidentId) });
        else set({ reportErrors: { ...get().reportErrors, [incidentId]: result.error.message } });
      },

      async exportReport(incidentId, output) {
        const result = await api.call('drill.report', { id: incidentId, output });
        if (result.ok) {
          set({
            reports: { ...get().reports, [incidentId]: result.value },
            exported: { ...get().exported, [incidentId]: result.value.path ?? output },
            exportErrors: without(get().exportErrors, incidentId),
          });
        } else set({ exportErrors: { ...get().exportErrors, [incidentId]: result.error.message } });
        return result;
      },

      dismissAlert(incidentId, injectId) {
        set({ alerts: get().alerts.filter((alert) => alert.incidentId !== incidentId || alert.injectId !== injectId) });
      },

      clearActionError: (incidentId) => set({ actionErrors: without(get().actionErrors, incidentId) }),

      handleEvent(event) {
        switch (event.type) {
          case 'drill.inject': {
            const { incidentId, injectId, title } = event;
            const alerts = get().alerts.filter((alert) => alert.incidentId !== incidentId || alert.injectId !== injectId);
            set({ alerts: [...alerts, { incidentId, injectId, title }], arrived: { ...get().arrived, [arrivedKey(incidentId, injectId)]: now() } });
            if (get().runs[incidentId]) void get().load(incidentId);
            break;
          }
          case 'incident.changed':
            // A ticked step, a phase, an acknowledgement all move the score and may trigger an inject.
            if (get().runs[event.incidentId] || get().runErrors[event.incidentId]) void get().load(event.incidentId);
            if (get().reports[event.incidentId]) void get().loadReport(event.incidentId);
            break;
          case 'data.changed':
            for (const incidentId of Object.keys(get().runs)) void get().load(incidentId);
            if (get().history) void get().loadHistory();
            if (get().underWay) void get().loadUnderWay();
            break;
          default:
            break;
        }
      },
    };
  });
}
