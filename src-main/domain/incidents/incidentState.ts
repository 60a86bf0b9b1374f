import { phases, type Impact, type IncidentStatus, type Phase } from '../../contract';

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
  playbookId: string;
  currentPhase: Phase;
  acknowledgedAt: string | null;
  containedAt: string | null;
  recoveredAt: string | null;
  resolvedAt: string | null;
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
  roleChanged: 'incident.roleChanged',
  noteAdded: 'incident.noteAdded',
  slaBreached: 'sla.breached',
  acknowledged: 'incident.acknowledged',
  phaseAdvanced: 'incident.phaseAdvanced',
  checklistSnapshotted: 'checklist.snapshotted',
  stepChanged: 'checklist.stepChanged',
  stepNoted: 'checklist.stepNoted',
  stepAdded: 'checklist.stepAdded',
  stepAssigned: 'checklist.stepAssigned',
  escalationDue: 'escalation.due',
  escalationAcknowledged: 'escalation.acknowledged',
  evidenceCustody: 'evidence.custody',
  quarantined: 'evidence.quarantined',
  released: 'evidence.released',
  scanCompleted: 'scan.completed',
  findingMarked: 'scan.findingMarked',
  commsSent: 'comms.sent',
} as const;

const statusOrder: IncidentStatus[] = ['Active', 'Contained', 'Resolved', 'Closed'];

/** Milestones the report needs: first containment, recovery (past the Recover phase), resolution. */
export function milestonesAfterStatus(state: IncidentState, to: IncidentStatus, at: string): Pick<IncidentState, 'containedAt' | 'resolvedAt' | 'respondedAt'> {
  const reached = (status: IncidentStatus) => statusOrder.indexOf(to) >= statusOrder.indexOf(status);
  return {
    respondedAt: state.respondedAt ?? at,
    containedAt: state.containedAt ?? (reached('Contained') ? at : null),
    resolvedAt: state.resolvedAt ?? (reached('Resolved') ? at : null),
  };
}

export function recoveredAfterPhase(state: IncidentState, to: Phase, at: string): string | null {
  return state.recoveredAt ?? (phases.indexOf(to) > phases.indexOf('Recover') ? at : null);
}

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
        playbookId: '',
        currentPhase: 'Identify',
        acknowledgedAt: null,
        containedAt: null,
        recoveredAt: null,
        resolvedAt: null,
      };
      continue;
    }
    if (!state) continue;
    switch (event.type) {
      case eventTypes.severityChanged:
        state = { ...state, severity: String(p.to), responseMinutes: Number(p.responseMinutes) };
        break;
      case eventTypes.statusChanged:
        state = { ...state, status: p.to as IncidentStatus, ...milestonesAfterStatus(state, p.to as IncidentStatus, event.at) };
        break;
      case eventTypes.acknowledged:
        state = { ...state, acknowledgedAt: event.at, respondedAt: state.respondedAt ?? event.at };
        break;
      case eventTypes.phaseAdvanced:
        state = { ...state, currentPhase: p.to as Phase, recoveredAt: recoveredAfterPhase(state, p.to as Phase, event.at) };
        break;
      case eventTypes.checklistSnapshotted:
        state = { ...state, playbookId: String(p.playbookId), scenario: String(p.playbookId) };
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
