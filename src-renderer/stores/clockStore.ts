import { createStore } from 'zustand/vanilla';
import type { Envelope, PushedEvent, RegulatoryClock, RegulatoryClocks } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';
import { incidentGenerations } from './generations';

export interface NewClock {
  /** A preset's name, or a new one (then with label and hours). */
  name: string;
  label?: string;
  hours?: number;
  /** ISO-8601 with its offset; omitted: now. */
  startedAt?: string;
  note?: string;
}

/** A `clock.due` pushed event, kept until dismissed, like an SLA breach. */
export interface ClockDueAlert {
  incidentId: string;
  name: string;
  label: string;
  dueAt: string;
  stage: 'soon' | 'overdue';
}

export interface ClockStoreState {
  clocks: Record<string, RegulatoryClocks>;
  loadErrors: Record<string, string>;
  alerts: ClockDueAlert[];
  load(incidentId: string): Promise<void>;
  start(incidentId: string, clock: NewClock): Promise<Envelope<RegulatoryClocks>>;
  /** Marks it met: `note` says what met it (required). */
  stop(incidentId: string, name: string, note: string): Promise<Envelope<RegulatoryClocks>>;
  dismissAlert(incidentId: string, name: string): void;
  handleEvent(event: PushedEvent): void;
}

export type ClockStore = ReturnType<typeof createClockStore>;

function clockDueOf(event: PushedEvent): ClockDueAlert | null {
  if (event.type !== 'clock.due') return null;
  const { incidentId, name, label, dueAt, stage } = event;
  return { incidentId, name, label, dueAt, stage };
}

const acronyms = new Set(['gdpr', 'hipaa', 'nis2', 'sec', 'ccpa', 'pci', 'dora', 'sox', 'csirt']);

/** The clock's name as the header shows it: `gdpr-authority` → "GDPR authority", `contract-60d` → "contract 60d". */
export function shortClockName(name: string): string {
  return name
    .split('-')
    .map((word) => (acronyms.has(word) ? word.toUpperCase() : word))
    .join(' ');
}

/** Time left or over, compact: "71 h 12 m", "12 d 4 h" (beyond four days), "42 m" (under an hour). */
export function clockSpan(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const hours = Math.floor(minutes / 60);
  if (hours >= 96) return `${Math.floor(hours / 24)} d ${hours % 24} h`;
  if (hours > 0) return `${hours} h ${String(minutes % 60).padStart(2, '0')} m`;
  return `${minutes} m`;
}

/** Running and overdue clocks first (the nearest deadline first), then met ones. */
export function clocksByUrgency(clocks: readonly RegulatoryClock[]): RegulatoryClock[] {
  const open = (clock: RegulatoryClock) => clock.state === 'running' || clock.state === 'overdue';
  return [...clocks].sort((a, b) => Number(open(b)) - Number(open(a)) || Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

export function createClockStore(rawApi: Api) {
  const api = guardApi(rawApi);
  const generations = incidentGenerations();
  return createStore<ClockStoreState>()((set, get) => {
    const keep = (incidentId: string, result: Envelope<RegulatoryClocks>) => {
      // clock.start and clock.stop answer with the whole list: no second request.
      if (result.ok) {
        generations.bump(incidentId);
        set({ clocks: { ...get().clocks, [incidentId]: result.value } });
      } else if (result.error.code === 'conflict') void get().load(incidentId);
      return result;
    };
    return {
      clocks: {},
      loadErrors: {},
      alerts: [],

      async load(incidentId) {
        const generation = generations.bump(incidentId);
        const result = await api.call('clock.list', { incidentId });
        if (generations.current(incidentId) !== generation) return;
        const { [incidentId]: _dropped, ...loadErrors } = get().loadErrors;
        if (result.ok) set({ clocks: { ...get().clocks, [incidentId]: result.value }, loadErrors });
        else set({ loadErrors: { ...loadErrors, [incidentId]: result.error.message } });
      },

      start: async (incidentId, clock) =>
        keep(
          incidentId,
          await api.call('clock.start', {
            incidentId,
            name: clock.name,
            ...(clock.label ? { label: clock.label } : {}),
            ...(clock.hours !== undefined ? { hours: clock.hours } : {}),
            ...(clock.startedAt ? { startedAt: clock.startedAt } : {}),
            note: clock.note ?? '',
          }),
        ),

      async stop(incidentId, name, note) {
        const result = keep(incidentId, await api.call('clock.stop', { incidentId, name, note }));
        if (result.ok) get().dismissAlert(incidentId, name);
        return result;
      },

      dismissAlert(incidentId, name) {
        set({ alerts: get().alerts.filter((alert) => alert.incidentId !== incidentId || alert.name !== name) });
      },

      handleEvent(event) {
        const due = clockDueOf(event);
        if (due) {
          // One line per clock: "overdue" replaces its "soon".
          set({ alerts: [...get().alerts.filter((alert) => alert.incidentId !== due.incidentId || alert.name !== due.name), due] });
          if (get().clocks[due.incidentId]) void get().load(due.incidentId);
        } else if (event.type === 'incident.changed') {
          if (get().clocks[event.incidentId] || get().loadErrors[event.incidentId]) void get().load(event.incidentId);
        } else if (event.type === 'data.changed') {
          for (const id of new Set([...Object.keys(get().clocks), ...Object.keys(get().loadErrors)])) void get().load(id);
        }
      },
    };
  });
}
