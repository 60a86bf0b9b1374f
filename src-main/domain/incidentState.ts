import type { Impact, IncidentStatus } from '../contract';

/** The current state of an incident as its event log describes it. */
export interface IncidentState {
  id: string;
  title: string;
  scenario: string;
  schemeId: string;
  severity: string;
  responseMinutes: number;
  impact: Impact;
  commander: string;
  detectionSource: string;
  description: string;
  status: IncidentStatus;
  declaredAt: string;
  respondedAt: string | null;
  updatedAt: string;
}

export interface StateEvent {
  type: string;
  at: string;
  payload: Record<string, unknown>;
}

export const eventTypes = {
  declared: 'incident.declared',
  severityChanged: 'incident.severityChanged',
  statusChanged: 'incident.statusChanged',
  commanderChanged: 'incident.commanderChanged',
  noteAdded: 'incident.noteAdded',
  slaBreached: 'sla.breached',
} as const;

/**
 * Replays an incident's events into its state. Used by verification to prove that the
 * current-state row says what the chain says; unknown event types leave the state alone
 * so that newer event kinds never break older replays.
 */
export function replayIncident(id: string, events: readonly StateEvent[]): IncidentState | null {
  let state: IncidentState | null = null;
  for (const event of events) {
    const p = event.payload;
    if (event.type === eventTypes.declared) {
      state = {
        id,
        title: String(p.title),
        scenario: String(p.scenario ?? ''),
        schemeId: String(p.schemeId),
        severity: String(p.severity),
        responseMinutes: Number(p.responseMinutes),
        impact: p.impact as Impact,
        commander: String(p.commander ?? ''),
        detectionSource: String(p.detectionSource ?? ''),
        description: String(p.description ?? ''),
        status: 'Active',
        declaredAt: event.at,
        respondedAt: null,
        updatedAt: event.at,
      };
      continue;
    }
    if (!state) continue;
    switch (event.type) {
      case eventTypes.severityChanged:
        state = { ...state, severity: String(p.to), responseMinutes: Number(p.responseMinutes) };
        break;
      case eventTypes.statusChanged:
        state = {
          ...state,
          status: p.to as IncidentStatus,
          respondedAt: state.respondedAt ?? (p.from === 'Active' ? event.at : null),
        };
        break;
      case eventTypes.commanderChanged:
        state = { ...state, commander: String(p.to) };
        break;
      default:
        break;
    }
    state.updatedAt = event.at;
  }
  return state;
}
