import { AppError, type Incident, type IncidentDetail, type ParsedInput, type TimelineEntry } from '../contract';
import { eventTypes, type IncidentState } from '../domain/incidentState';
import { incidentIdFor } from '../domain/incidentId';
import { findLevel, findScheme } from '../domain/severity';
import { slaRemainingMs, slaSnapshot } from '../domain/sla';
import { assertTransition } from '../domain/status';
import { summarizeEvent } from '../domain/timelineSummary';
import { appendEvent, listEvents, type StoredEvent } from '../store/eventLog';
import { findIncident, incidentExists, insertIncident, listIncidentStates, updateIncident } from '../store/incidentRepo';
import { readSetting } from '../store/settingsRepo';
import { currentActor, nowIso, type ServiceContext } from './context';

export function activeSchemeId(ctx: ServiceContext): string {
  const configured = readSetting(ctx.db, 'activeSchemeId');
  return configured && ctx.schemes.some((scheme) => scheme.id === configured) ? configured : ctx.defaultSchemeId;
}

export function toIncident(ctx: ServiceContext, state: IncidentState): Incident {
  const scheme = findScheme(ctx.schemes, state.schemeId);
  const { level, rank } = findLevel(scheme, state.severity);
  return {
    id: state.id,
    title: state.title,
    scenario: state.scenario,
    schemeId: state.schemeId,
    severity: state.severity,
    severityLabel: level.label,
    severityRank: rank,
    impact: state.impact,
    commander: state.commander,
    detectionSource: state.detectionSource,
    description: state.description,
    status: state.status,
    declaredAt: state.declaredAt,
    updatedAt: state.updatedAt,
    sla: slaSnapshot(state, ctx.clock()),
  };
}

export function toTimelineEntry(event: StoredEvent): TimelineEntry {
  return {
    seq: event.seq,
    type: event.type,
    at: event.at,
    actor: event.actor,
    deviceId: event.deviceId,
    summary: summarizeEvent(event.type, event.payload),
    payload: event.payload,
  };
}

function requireIncident(ctx: ServiceContext, id: string): IncidentState {
  const state = findIncident(ctx.db, id);
  if (!state) throw new AppError('not-found', `no incident ${id} in ${ctx.dataDir}`);
  return state;
}

/** Writes the new state and its event in one transaction, then tells the UI. */
function commitChange(ctx: ServiceContext, id: string, change: (state: IncidentState, at: string) => { next: IncidentState; type: string; payload: Record<string, unknown> }): { state: IncidentState; event: StoredEvent } {
  const result = ctx.db.transaction(() => {
    const at = nowIso(ctx);
    const { next, type, payload } = change(requireIncident(ctx, id), at);
    const state = { ...next, updatedAt: at };
    updateIncident(ctx.db, state);
    const event = appendEvent(ctx.db, { incidentId: id, type, at, actor: currentActor(ctx), deviceId: ctx.deviceId, payload });
    return { state, event };
  })();
  ctx.emit({ type: 'incident.changed', incidentId: id });
  return result;
}

export function declareIncident(ctx: ServiceContext, input: ParsedInput<'incident.declare'>): Incident {
  const scheme = findScheme(ctx.schemes, activeSchemeId(ctx));
  const { level } = findLevel(scheme, input.severity);
  const state = ctx.db.transaction(() => {
    const now = ctx.clock();
    const at = now.toISOString();
    const id = incidentIdFor(now, (candidate) => incidentExists(ctx.db, candidate));
    const declared: IncidentState = {
      id,
      title: input.title,
      scenario: input.scenario ?? '',
      schemeId: scheme.id,
      severity: level.id,
      responseMinutes: level.responseMinutes,
      impact: input.impact ?? { confidentiality: false, integrity: false, availability: false },
      commander: input.commander || currentActor(ctx),
      detectionSource: input.detectionSource ?? '',
      description: input.description ?? '',
      status: 'Active',
      declaredAt: at,
      respondedAt: null,
      updatedAt: at,
    };
    insertIncident(ctx.db, declared);
    const { id: _id, status: _status, declaredAt: _declaredAt, respondedAt: _respondedAt, updatedAt: _updatedAt, ...payload } = declared;
    appendEvent(ctx.db, { incidentId: id, type: eventTypes.declared, at, actor: currentActor(ctx), deviceId: ctx.deviceId, payload });
    return declared;
  })();
  ctx.emit({ type: 'incident.changed', incidentId: state.id });
  return toIncident(ctx, state);
}

/** Most urgent first: overdue (longest overdue first), then least time left, then the rest by severity and age. */
export function compareUrgency(a: Incident, b: Incident, now: Date): number {
  const waiting = (incident: Incident) => incident.sla.state === 'running' || incident.sla.state === 'overdue';
  if (waiting(a) !== waiting(b)) return waiting(a) ? -1 : 1;
  if (waiting(a)) return slaRemainingMs(a.sla, now) - slaRemainingMs(b.sla, now);
  if (a.severityRank !== b.severityRank) return a.severityRank - b.severityRank;
  return b.declaredAt.localeCompare(a.declaredAt);
}

export function listIncidents(ctx: ServiceContext, input: ParsedInput<'incident.list'>): { incidents: Incident[] } {
  const now = ctx.clock();
  const incidents = listIncidentStates(ctx.db, input.scope).map((state) => toIncident(ctx, state));
  incidents.sort((a, b) => compareUrgency(a, b, now));
  return { incidents };
}

export function getIncident(ctx: ServiceContext, input: ParsedInput<'incident.get'>): IncidentDetail {
  const state = requireIncident(ctx, input.id);
  return { incident: toIncident(ctx, state), timeline: listEvents(ctx.db, input.id).map(toTimelineEntry) };
}

export function setSeverity(ctx: ServiceContext, input: ParsedInput<'incident.setSeverity'>): Incident {
  const { state } = commitChange(ctx, input.id, (current) => {
    const { level } = findLevel(findScheme(ctx.schemes, current.schemeId), input.severity);
    if (level.id === current.severity) throw new AppError('conflict', `${current.id} is already ${level.id}`);
    return {
      next: { ...current, severity: level.id, responseMinutes: level.responseMinutes },
      type: eventTypes.severityChanged,
      payload: { from: current.severity, to: level.id, responseMinutes: level.responseMinutes, reason: input.reason ?? '' },
    };
  });
  return toIncident(ctx, state);
}

export function setStatus(ctx: ServiceContext, input: ParsedInput<'incident.setStatus'>): Incident {
  const { state } = commitChange(ctx, input.id, (current, at) => {
    assertTransition(current.status, input.status);
    return {
      next: { ...current, status: input.status, respondedAt: current.respondedAt ?? at },
      type: eventTypes.statusChanged,
      payload: { from: current.status, to: input.status, note: input.note ?? '' },
    };
  });
  return toIncident(ctx, state);
}

export function setCommander(ctx: ServiceContext, input: ParsedInput<'incident.setCommander'>): Incident {
  const { state } = commitChange(ctx, input.id, (current) => {
    if (current.commander === input.commander) throw new AppError('conflict', `${input.commander} already commands ${current.id}`);
    return {
      next: { ...current, commander: input.commander },
      type: eventTypes.commanderChanged,
      payload: { from: current.commander, to: input.commander },
    };
  });
  return toIncident(ctx, state);
}

export function addNote(ctx: ServiceContext, input: ParsedInput<'incident.addNote'>): TimelineEntry {
  const { event } = commitChange(ctx, input.id, (current) => ({
    next: current,
    type: eventTypes.noteAdded,
    payload: { text: input.text },
  }));
  return toTimelineEntry(event);
}
