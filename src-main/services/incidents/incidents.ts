import { incidentConflicts } from '../../store/dagStore';
import { AppError, type FieldConflict, type Incident, type IncidentKind, type ParsedInput, type Playbook, type TimelineEntry } from '../../contract';
import { eventTypes, milestonesAfterStatus, type IncidentState } from '../../domain/incidents/incidentState';
import { incidentIdFor } from '../../domain/incidents/incidentId';
import { findLevel, findScheme } from '../../domain/incidents/severity';
import { assertTransition } from '../../domain/incidents/status';
import { replaceChecklist } from '../../store/checklistRepo';
import { appendEvent, listEventsOfTypes } from '../../store/eventLog';
import { drillEventTypes } from '../../domain/drills/drillFacts';
import { incidentExists, insertIncident } from '../../store/incidentRepo';
import { timelineKeyOf } from '../../store/timelinePages';
import { currentActor, type ServiceContext } from '../context';
import { recordChange } from './incidentChange';
import { activeSchemeId, toIncident, toTimelineEntry } from './incidentView';
import { requirePlaybook } from '../playbooks/playbooks';
import { writeTransaction } from '../../store/transaction';

export const defaultScenario = 'generic';

/** The incident keeps its own copy of the playbook's steps, hashed into its chain. */
function snapshotPayload(playbook: Playbook, reason: 'declared' | 'scenario-changed'): Record<string, unknown> {
  return { playbookId: playbook.id, playbookTitle: playbook.title, origin: playbook.origin, reason, steps: playbook.steps, variables: playbook.variables };
}

export interface DeclareOptions {
  /** 'real' unless a drill is being started. */
  kind?: IncidentKind;
  /** Runs in the declaration's write transaction, after the checklist snapshot (a drill appends its start there). */
  within?: (state: IncidentState, event: { incidentId: string; at: string; actor: string; deviceId: string }) => void;
}

export function declareIncident(ctx: ServiceContext, input: ParsedInput<'incident.declare'>, options: DeclareOptions = {}): Incident {
  const kind: IncidentKind = options.kind ?? 'real';
  const scheme = findScheme(ctx.schemes, activeSchemeId(ctx));
  const { level } = findLevel(scheme, input.severity);
  const playbook = requirePlaybook(ctx, input.scenario || defaultScenario);
  const state = writeTransaction(ctx.db, () => {
    const now = ctx.clock();
    const at = now.toISOString();
    const actor = currentActor(ctx);
    const id = incidentIdFor(now, (candidate) => incidentExists(ctx.db, candidate));
    const declared: IncidentState = {
      id,
      kind,
      title: input.title,
      scenario: playbook.id,
      schemeId: scheme.id,
      severity: level.id,
      responseMinutes: level.responseMinutes,
      impact: input.impact ?? { confidentiality: false, integrity: false, availability: false },
      commander: input.commander || actor,
      detectionSource: input.detectionSource ?? '',
      description: input.description ?? '',
      status: 'Active',
      declaredAt: at,
      respondedAt: null,
      updatedAt: at,
      playbookId: playbook.id,
      currentPhase: 'Identify',
      acknowledgedAt: null,
      containedAt: null,
      recoveredAt: null,
      resolvedAt: null,
    };
    insertIncident(ctx.db, declared);
    const { title, scenario, schemeId, severity, responseMinutes, impact, commander, detectionSource, description } = declared;
    const payload: Record<string, unknown> = { title, scenario, schemeId, severity, responseMinutes, impact, commander, detectionSource, description };
    // Only drills say so: a real declaration hashes exactly as it always has.
    if (kind === 'drill') payload.kind = 'drill';
    if (input.assessment) {
      payload.assessment = { ...input.assessment, overridden: findLevel(scheme, input.assessment.suggested).level.id !== level.id };
    }
    const event = { incidentId: id, at, actor, deviceId: ctx.deviceId };
    appendEvent(ctx.db, { ...event, type: eventTypes.declared, payload });
    replaceChecklist(ctx.db, id, playbook.steps);
    appendEvent(ctx.db, { ...event, type: eventTypes.checklistSnapshotted, payload: snapshotPayload(playbook, 'declared') });
    options.within?.(declared, event);
    return declared;
  });
  ctx.emit({ type: 'incident.changed', incidentId: state.id });
  return toIncident(ctx, state);
}

/**
 * Writing a value that two responders set concurrently settles the conflict (the new event has both
 * writes as ancestors), so it is allowed even when that value is the one that applies now, or is
 * behind the current status.
 */
function settlesConflict(ctx: ServiceContext, id: string, field: FieldConflict['field'], value: string): boolean {
  return incidentConflicts(ctx.db, id).some((conflict) => conflict.field === field && conflict.writes.some((write) => write.value === value));
}

export function setSeverity(ctx: ServiceContext, input: ParsedInput<'incident.setSeverity'>): Incident {
  const { state } = recordChange(ctx, input.id, (current) => {
    const { level } = findLevel(findScheme(ctx.schemes, current.schemeId), input.severity);
    if (level.id === current.severity && !settlesConflict(ctx, current.id, 'severity', level.id)) throw new AppError('conflict', `${current.id} is already ${level.id}`);
    return {
      next: { ...current, severity: level.id, responseMinutes: level.responseMinutes },
      type: eventTypes.severityChanged,
      payload: { from: current.severity, to: level.id, responseMinutes: level.responseMinutes, reason: input.reason ?? '' },
    };
  });
  return toIncident(ctx, state);
}

export function setStatus(ctx: ServiceContext, input: ParsedInput<'incident.setStatus'>): Incident {
  const { state } = recordChange(ctx, input.id, (current, at) => {
    if (input.status === 'Closed') assertDrillFinished(ctx, current);
    const settling = settlesConflict(ctx, current.id, 'status', input.status);
    const direction = settling ? 'forward' : assertTransition(current.status, input.status, input.reason);
    const payload = { from: current.status, to: input.status, note: input.note ?? '', reason: input.reason ?? '', reversal: direction === 'back' };
    return {
      next: { ...current, status: input.status, ...milestonesAfterStatus(current, payload, at) },
      type: eventTypes.statusChanged,
      payload,
    };
  });
  return toIncident(ctx, state);
}

/**
 * Closing a drill by its status alone would leave its clock running and its injects due, unscored and
 * out of the drill history: only finishing it (which closes it after scoring) does that.
 */
function assertDrillFinished(ctx: ServiceContext, current: IncidentState): void {
  if (current.kind !== 'drill') return;
  // A drill incident with no run on it (no drill.started) has nothing to finish: it closes as any incident.
  const run = listEventsOfTypes(ctx.db, current.id, [drillEventTypes.started, drillEventTypes.finished]).map((event) => event.type);
  if (!run.includes(drillEventTypes.started) || run.includes(drillEventTypes.finished)) return;
  throw new AppError(
    'conflict',
    `${current.id} is a drill: finish it with \`firebreak drill finish ${current.id}\` or Finish in the drill panel, which scores it and closes it`,
    [{ field: 'status', message: 'a drill is closed by finishing it' }],
  );
}

export function setCommander(ctx: ServiceContext, input: ParsedInput<'incident.setCommander'>): Incident {
  const { state } = recordChange(ctx, input.id, (current) => {
    if (current.commander === input.commander && !settlesConflict(ctx, current.id, 'commander', input.commander)) throw new AppError('conflict', `${input.commander} already commands ${current.id}`);
    return { next: { ...current, commander: input.commander }, type: eventTypes.commanderChanged, payload: { from: current.commander, to: input.commander } };
  });
  return toIncident(ctx, state);
}

export function addNote(ctx: ServiceContext, input: ParsedInput<'incident.addNote'>): TimelineEntry {
  const { event } = recordChange(ctx, input.id, (current) => ({ next: current, type: eventTypes.noteAdded, payload: { text: input.text } }));
  return toTimelineEntry(event, timelineKeyOf(ctx.db, event.hash));
}

/** Someone is on it: the response-time SLA stops here. */
export function acknowledgeIncident(ctx: ServiceContext, input: ParsedInput<'incident.acknowledge'>): Incident {
  return toIncident(ctx, acknowledgeState(ctx, input.id));
}

/** The acknowledgement itself, also done by ticking a checklist step that stands for it. */
export function acknowledgeState(ctx: ServiceContext, id: string): IncidentState {
  const { state } = recordChange(ctx, id, (current, at) => {
    if (current.acknowledgedAt) throw new AppError('conflict', `${current.id} was already acknowledged at ${current.acknowledgedAt}`);
    return { next: { ...current, acknowledgedAt: at, respondedAt: current.respondedAt ?? at }, type: eventTypes.acknowledged, payload: {} };
  });
  return state;
}

/** A new scenario brings a fresh checklist snapshot; the old one stays on the timeline. */
export function setScenario(ctx: ServiceContext, input: ParsedInput<'incident.setScenario'>): Incident {
  const playbook = requirePlaybook(ctx, input.scenario);
  const { state } = recordChange(ctx, input.id, (current) => {
    if (current.playbookId === playbook.id) throw new AppError('conflict', `${current.id} already follows ${playbook.id}`);
    return {
      next: { ...current, scenario: playbook.id, playbookId: playbook.id },
      type: eventTypes.checklistSnapshotted,
      payload: snapshotPayload(playbook, 'scenario-changed'),
      write: () => replaceChecklist(ctx.db, current.id, playbook.steps),
    };
  });
  return toIncident(ctx, state);
}
