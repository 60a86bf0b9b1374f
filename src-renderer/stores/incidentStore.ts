import { coalesced } from './coalesce';
import { createStore } from 'zustand/vanilla';
import type {
  AppInfo,
  DeclareIncidentInput,
  Envelope,
  Incident,
  IncidentRole,
  IncidentRoles,
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
import { guardApi } from '../api/guardedApi';
import { createIncidentDetails, type IncidentDetailsState } from './incidentDetails';
import { createIncidentList, type IncidentListState } from './incidentList';

export interface BreachAlert {
  incidentId: string;
  title: string;
  severity: string;
  dueAt: string;
}

export interface IncidentStoreState extends IncidentListState, IncidentDetailsState {
  schemes: SeverityScheme[];
  activeSchemeId: string;
  info: AppInfo | null;
  alerts: BreachAlert[];
  playbooks: PlaybookSummary[];
  playbookProblems: PlaybookProblem[];
  /** Pending reminders, most urgent first (most severe incident, then longest overdue). */
  reminders: Reminder[];
  /** All pending reminders; `reminders` holds the most urgent of them. */
  reminderTotal: number;
  /** Why severity levels, playbooks or app info could not be read; null once they are. */
  metaError: string | null;
  remindersError: string | null;
  /**
   * The last failed change per incident (status, severity, scenario, commander, acknowledge,
   * phase), wherever it was started from (controls, palette): the incident page shows it under its
   * controls until the next change succeeds or the responder dismisses it.
   */
  actionErrors: Record<string, string>;
  clearActionError(id: string): void;
  loadMeta(): Promise<void>;
  declare(input: DeclareIncidentInput): Promise<Envelope<Incident>>;
  addNote(id: string, text: string): Promise<Envelope<unknown>>;
  /** `reason` moves the status back (required then): a status set by mistake, recorded as a reversal. */
  setStatus(id: string, status: IncidentStatus, note?: string, reason?: string): Promise<Envelope<Incident>>;
  setSeverity(id: string, severity: string, reason?: string): Promise<Envelope<Incident>>;
  setCommander(id: string, commander: string): Promise<Envelope<Incident>>;
  /** An empty name leaves the role unheld. */
  setRole(id: string, role: IncidentRole, name: string, reason?: string): Promise<Envelope<IncidentRoles>>;
  acknowledge(id: string): Promise<Envelope<Incident>>;
  /** `reason`: why the phase is left with required steps open (asked by the phase gate). */
  advancePhase(id: string, to?: Phase, reason?: string): Promise<Envelope<Incident>>;
  setScenario(id: string, scenario: string): Promise<Envelope<Incident>>;
  loadReminders(): Promise<void>;
  assess(answers: SeverityAnswers): Promise<Envelope<SeverityAssessment>>;
  acknowledgeReminder(id: string, key: string): Promise<Envelope<Reminder>>;
  dismissAlert(incidentId: string): void;
  handleEvent(event: PushedEvent): void;
}

export type IncidentStore = ReturnType<typeof createIncidentStore>;

const returned = (incident: Incident) => incident;

/** Caches what the Api returns and holds view state; SQLite behind the Api holds the truth. */
export function createIncidentStore(rawApi: Api) {
  const api = guardApi(rawApi);
  return createStore<IncidentStoreState>()((set, get) => {
    function setActionError(id: string, message: string | null) {
      const { [id]: _dropped, ...others } = get().actionErrors;
      set({ actionErrors: message === null ? others : { ...others, [id]: message } });
    }

    const list = createIncidentList(api, set, get);
    const details = createIncidentDetails(api, set, get);

    /** The incident as it is now, in the list (patched, placed or dropped) and in its open detail's header. */
    function applyIncident(incident: Incident) {
      const { incidents, reminders } = get();
      const known = incidents.find((row) => row.id === incident.id) ?? get().details[incident.id]?.incident;
      list.apply(incident);
      details.applyHeader(incident);
      // Its severity or status may have changed: banners reorder, or go once it is resolved or closed
      // (and come back if a closed one is reopened).
      if (reminders.some((reminder) => reminder.incidentId === incident.id) || (known && known.status !== 'Active' && known.status !== 'Contained')) void get().loadReminders();
    }

    /**
     * After a change, show it: an incident the change returns is placed in the list at once (the pushed
     * change does the same for every window), and the open incident gets the timeline entries it added
     * (and its roles when one of them is a role change). A conflict reads the incident again,
     * so the responder retries against what is true now. `action` names a failure for the page; without
     * it the caller shows the failure next to its own field.
     */
    async function afterChange<T>(id: string, action: string | null, result: Envelope<T>, changed?: (value: T) => Incident): Promise<Envelope<T>> {
      if (result.ok) {
        if (action) setActionError(id, null);
        if (changed) applyIncident(changed(result.value));
        await get().refreshDetail(id);
      } else {
        if (action) setActionError(id, `Could not ${action}: ${result.error.message}`);
        if (result.error.code === 'conflict') await get().loadDetail(id);
      }
      return result;
    }

    return {
      ...list.state,
      ...details.state,
      schemes: [],
      activeSchemeId: '',
      info: null,
      alerts: [],
      playbooks: [],
      playbookProblems: [],
      reminders: [],
      reminderTotal: 0,
      metaError: null,
      remindersError: null,
      actionErrors: {},

      clearActionError: (id) => setActionError(id, null),

      async loadMeta() {
        const [schemes, info, playbooks] = await Promise.all([api.call('severity.schemes', {}), api.call('app.info', {}), api.call('playbook.list', {})]);
        if (schemes.ok) set({ schemes: schemes.value.schemes, activeSchemeId: schemes.value.activeSchemeId });
        if (info.ok) set({ info: info.value });
        if (playbooks.ok) set({ playbooks: playbooks.value.playbooks, playbookProblems: playbooks.value.problems });
        const failed = [
          schemes.ok ? null : `Severity levels: ${schemes.error.message}`,
          playbooks.ok ? null : `Playbooks: ${playbooks.error.message}`,
          info.ok ? null : `Settings: ${info.error.message}`,
        ].filter((line): line is string => line !== null);
        set({ metaError: failed.length ? failed.join(' · ') : null });
        await get().loadReminders();
      },

      async declare(input) {
        const result = await api.call('incident.declare', input);
        // Before the dashboard has its list, the list is what shows the new incident.
        if (result.ok) await (get().listLoaded ? applyIncident(result.value) : get().loadList());
        return result;
      },

      addNote: async (id, text) => afterChange(id, null, await api.call('incident.addNote', { id, text })),
      setStatus: async (id, status, note, reason) => afterChange(id, `change the status to ${status}`, await api.call('incident.setStatus', { id, status, note, reason }), returned),
      setSeverity: async (id, severity, reason) => afterChange(id, `change the severity to ${severity}`, await api.call('incident.setSeverity', { id, severity, reason }), returned),
      setCommander: async (id, commander) => afterChange(id, 'hand over command', await api.call('incident.setCommander', { id, commander }), returned),
      // The roles bar shows its own failure next to its field, like the note box.
      setRole: async (id, role, name, reason) => afterChange(id, null, await api.call('incident.setRole', { id, role, name, reason: reason || undefined })),

      acknowledge: async (id) => afterChange(id, 'acknowledge', await api.call('incident.acknowledge', { id }), returned),
      advancePhase: async (id, to, reason) =>
        afterChange(id, to ? `advance to ${to}` : 'advance the phase', await api.call('incident.advancePhase', { id, to, reason: reason || undefined }), returned),
      setScenario: async (id, scenario) => afterChange(id, 'switch the scenario', await api.call('incident.setScenario', { id, scenario }), returned),

      assess: (answers) => api.call('severity.assess', answers),

      loadReminders: coalesced(async () => {
        const result = await api.call('reminders.list', { scope: 'pending', limit: 100, order: 'urgency' });
        if (result.ok) set({ reminders: result.value.reminders, reminderTotal: result.value.total, remindersError: null });
        else set({ remindersError: result.error.message });
      }),

      async acknowledgeReminder(id, key) {
        const result = await api.call('reminders.acknowledge', { id, key });
        if (result.ok || result.error.code === 'conflict') await Promise.all([get().loadReminders(), get().details[id] ? get().refreshDetail(id) : undefined]);
        return result;
      },

      dismissAlert(incidentId) {
        set({ alerts: get().alerts.filter((alert) => alert.incidentId !== incidentId) });
      },

      handleEvent(event) {
        switch (event.type) {
          case 'incident.changed': {
            // The open incident takes only the entries added since it last looked (its header comes with the event).
            if (get().details[event.incidentId]) void get().refreshDetail(event.incidentId, { header: !event.incident });
            if (event.incident) {
              applyIncident(event.incident);
              break;
            }
            // Sent without the incident (it is gone, or could not be read): the list is asked again.
            void get().loadList();
            const known = get().incidents.find((incident) => incident.id === event.incidentId) ?? get().details[event.incidentId]?.incident;
            if (get().reminders.some((reminder) => reminder.incidentId === event.incidentId) || (known && known.status !== 'Active' && known.status !== 'Contained')) void get().loadReminders();
            break;
          }
          case 'data.changed':
            // Sent after the event stream reconnects: whatever failed while the server was away loads again.
            if (get().metaError) void get().loadMeta();
            void get().loadList();
            void get().loadReminders();
            for (const id of Object.keys(get().details)) void get().refreshDetail(id, { header: true });
            for (const id of Object.keys(get().detailErrors)) if (!get().details[id]) void get().loadDetail(id);
            break;
          case 'escalation.due':
          case 'reminders.changed':
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
