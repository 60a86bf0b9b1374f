import { phases, type Impact, type IncidentKind, type IncidentStatus, type Phase } from '../../contract';

/** The current state of an incident as its event log describes it. */
export interface IncidentState {
  id: string;
  /** Set once by the declaration: a drill never becomes real, nor a real incident a drill. */
  kind: IncidentKind;
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
  /** Values for the placeholders of the incident's commands (domain/incidents/variables.ts folds them). */
  variablesSet: 'incident.variablesSet',
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
  logsScanned: 'logs.scanned',
  logsPromoted: 'logs.promoted',
  /** A dependency audit, lockfile diff, SBOM diff or integrity check kept against the incident (its result in supply_checks). */
  supplyChecked: 'supply.checked',
  commsSent: 'comms.sent',
} as const;

const statusOrder: IncidentStatus[] = ['Active', 'Contained', 'Resolved', 'Closed'];

type StatusMilestones = Pick<IncidentState, 'containedAt' | 'resolvedAt' | 'respondedAt'>;

/**
 * The milestones after a status change, from its event's payload. A status records what happened:
 * Contained stamps the containment, Resolved the resolution, and a skipped status stamps nothing
 * (closing straight from Active leaves both empty); only acknowledging counts as the response.
 * A move back (`reversal`) clears the milestones past the status it returns to: they were set by
 * mistake, and the timeline keeps both the mistake and the reason.
 *
 * Events written before reversals existed carry no `reversal` field; they stamped every status
 * passed, and the first move out of Active as the response. They are replayed that way, so the
 * incidents they describe still verify.
 */
export function milestonesAfterStatus(state: IncidentState, payload: Record<string, unknown>, at: string): StatusMilestones {
  const to = payload.to as IncidentStatus;
  const reached = (status: IncidentStatus) => statusOrder.indexOf(to) >= statusOrder.indexOf(status);
  if (!('reversal' in payload)) {
    return {
      respondedAt: state.respondedAt ?? at,
      containedAt: state.containedAt ?? (reached('Contained') ? at : null),
      resolvedAt: state.resolvedAt ?? (reached('Resolved') ? at : null),
    };
  }
  if (payload.reversal === true) {
    return { respondedAt: state.respondedAt, containedAt: reached('Contained') ? state.containedAt : null, resolvedAt: reached('Resolved') ? state.resolvedAt : null };
  }
  return {
    respondedAt: state.respondedAt,
    containedAt: state.containedAt ?? (to === 'Contained' ? at : null),
    resolvedAt: state.resolvedAt ?? (to === 'Resolved' ? at : null),
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
        // Declarations before drills existed carry no kind: they were all real.
        kind: p.kind === 'drill' ? 'drill' : 'real',
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
        state = { ...state, status: p.to as IncidentStatus, ...milestonesAfterStatus(state, p, event.at) };
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
