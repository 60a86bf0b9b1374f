import { createStore } from 'zustand/vanilla';
import type {
  AppInfo,
  DeclareIncidentInput,
  Envelope,
  Incident,
  IncidentDetail,
  IncidentStatus,
  Phase,
  PlaybookProblem,
  PlaybookSummary,
  PushedEvent,
  Reminder,
  SeverityAnswers,
  SeverityAssessment,
  SeverityScheme,
} from '../../src-main/contract';
import type { Api } from '../api/api';

export interface BreachAlert {
  incidentId: string;
  title: string;
  severity: string;
  dueAt: string;
}

export interface IncidentStoreState {
  incidents: Incident[];
  scope: 'open' | 'all';
  listLoaded: boolean;
  listError: string | null;
  details: Record<string, IncidentDetail>;
  detailErrors: Record<string, string>;
  schemes: SeverityScheme[];
  activeSchemeId: string;
  info: AppInfo | null;
  alerts: BreachAlert[];
  playbooks: PlaybookSummary[];
  playbookProblems: PlaybookProblem[];
  reminders: Reminder[];
  /** All pending reminders; `reminders` holds the newest of them. */
  reminderTotal: number;
  loadMeta(): Promise<void>;
  loadList(): Promise<void>;
  setScope(scope: 'open' | 'all'): Promise<void>;
  loadDetail(id: string): Promise<void>;
  declare(input: DeclareIncidentInput): Promise<Envelope<Incident>>;
  addNote(id: string, text: string): Promise<Envelope<unknown>>;
  setStatus(id: string, status: IncidentStatus, note?: string): Promise<Envelope<Incident>>;
  setSeverity(id: string, severity: string, reason?: string): Promise<Envelope<Incident>>;
  setCommander(id: string, commander: string): Promise<Envelope<Incident>>;
  acknowledge(id: string): Promise<Envelope<Incident>>;
  advancePhase(id: string, to?: Phase): Promise<Envelope<Incident>>;
  setScenario(id: string, scenario: string): Promise<Envelope<Incident>>;
  loadReminders(): Promise<void>;
  assess(answers: SeverityAnswers): Promise<Envelope<SeverityAssessment>>;
  acknowledgeReminder(id: string, key: string): Promise<Envelope<Reminder>>;
  dismissAlert(incidentId: string): void;
  handleEvent(event: PushedEvent): void;
}

export type IncidentStore = ReturnType<typeof createIncidentStore>;

/** Caches what the Api returns and holds view state; SQLite behind the Api holds the truth. */
export function createIncidentStore(api: Api) {
  return createStore<IncidentStoreState>()((set, get) => {
    /** After any change, refresh what is on screen: the list and the incident itself. */
    async function afterChange<T>(id: string, result: Envelope<T>): Promise<Envelope<T>> {
      if (result.ok) await Promise.all([get().loadList(), get().loadDetail(id)]);
      return result;
    }

    return {
      incidents: [],
      scope: 'open',
      listLoaded: false,
      listError: null,
      details: {},
      detailErrors: {},
      schemes: [],
      activeSchemeId: '',
      info: null,
      alerts: [],
      playbooks: [],
      playbookProblems: [],
      reminders: [],
      reminderTotal: 0,

      async loadMeta() {
        const [schemes, info, playbooks] = await Promise.all([api.call('severity.schemes', {}), api.call('app.info', {}), api.call('playbook.list', {})]);
        if (schemes.ok) set({ schemes: schemes.value.schemes, activeSchemeId: schemes.value.activeSchemeId });
        if (info.ok) set({ info: info.value });
        if (playbooks.ok) set({ playbooks: playbooks.value.playbooks, playbookProblems: playbooks.value.problems });
        await get().loadReminders();
      },

      async loadList() {
        const result = await api.call('incident.list', { scope: get().scope });
        if (result.ok) set({ incidents: result.value.incidents, listLoaded: true, listError: null });
        else set({ listLoaded: true, listError: result.error.message });
      },

      async setScope(scope) {
        set({ scope });
        await get().loadList();
      },

      async loadDetail(id) {
        const result = await api.call('incident.get', { id });
        if (result.ok) {
          const { [id]: _dropped, ...detailErrors } = get().detailErrors;
          set({ details: { ...get().details, [id]: result.value }, detailErrors });
        } else {
          set({ detailErrors: { ...get().detailErrors, [id]: result.error.message } });
        }
      },

      async declare(input) {
        const result = await api.call('incident.declare', input);
        if (result.ok) await get().loadList();
        return result;
      },

      addNote: async (id, text) => afterChange(id, await api.call('incident.addNote', { id, text })),
      setStatus: async (id, status, note) => afterChange(id, await api.call('incident.setStatus', { id, status, note })),
      setSeverity: async (id, severity, reason) => afterChange(id, await api.call('incident.setSeverity', { id, severity, reason })),
      setCommander: async (id, commander) => afterChange(id, await api.call('incident.setCommander', { id, commander })),

      acknowledge: async (id) => afterChange(id, await api.call('incident.acknowledge', { id })),
      advancePhase: async (id, to) => afterChange(id, await api.call('incident.advancePhase', { id, to })),
      setScenario: async (id, scenario) => afterChange(id, await api.call('incident.setScenario', { id, scenario })),

      assess: (answers) => api.call('severity.assess', answers),

      async loadReminders() {
        const result = await api.call('reminders.list', { scope: 'pending', limit: 100 });
        if (result.ok) set({ reminders: result.value.reminders, reminderTotal: result.value.total });
      },

      async acknowledgeReminder(id, key) {
        const result = await api.call('reminders.acknowledge', { id, key });
        if (result.ok) await Promise.all([get().loadReminders(), get().details[id] ? get().loadDetail(id) : undefined]);
        return result;
      },

      dismissAlert(incidentId) {
        set({ alerts: get().alerts.filter((alert) => alert.incidentId !== incidentId) });
      },

      handleEvent(event) {
        switch (event.type) {
          case 'incident.changed':
            void get().loadList();
            if (get().details[event.incidentId]) void get().loadDetail(event.incidentId);
            break;
          case 'data.changed':
            void get().loadList();
            void get().loadReminders();
            for (const id of Object.keys(get().details)) void get().loadDetail(id);
            break;
          case 'escalation.due':
            void get().loadReminders();
            break;
          case 'sla.breached': {
            const { type: _type, ...alert } = event;
            set({ alerts: [...get().alerts.filter((existing) => existing.incidentId !== alert.incidentId), alert] });
            break;
          }
          default:
            break;
        }
      },
    };
  });
}
