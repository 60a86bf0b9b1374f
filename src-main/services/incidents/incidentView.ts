import type { Incident, NextEscalation, TimelineEntry } from '../../contract';
import { nextStep } from '../../domain/escalations/escalation';
import type { IncidentState } from '../../domain/incidents/incidentState';
import { incidentFacts } from '../../domain/incidents/incidentFacts';
import { summarizeEvent } from '../../domain/incidents/timelineSummary';
import { drillEntryPayload } from '../../domain/drills/drillSummary';
import { progressByIncident } from '../../store/checklistRepo';
import type { StoredEvent } from '../../store/eventLog';
import { readSetting } from '../../store/settingsRepo';
import type { TimelineKey } from '../../store/timelinePages';
import type { ServiceContext } from '../context';

export function activeSchemeId(ctx: ServiceContext): string {
  const configured = readSetting(ctx.db, 'activeSchemeId');
  return configured && ctx.schemes.some((scheme) => scheme.id === configured) ? configured : ctx.defaultSchemeId;
}

function nextEscalationOf(ctx: ServiceContext, state: IncidentState, rank: number, now: Date): NextEscalation | null {
  // A drill never escalates to anyone (services/escalations/dueWork.ts).
  if (state.kind === 'drill' || (state.status !== 'Active' && state.status !== 'Contained')) return null;
  const step = nextStep(ctx.escalation, rank, state.declaredAt, now);
  return step ? { key: step.key, notify: step.notify, dueAt: new Date(Date.parse(state.declaredAt) + step.afterMinutes * 60_000).toISOString() } : null;
}

/** The state as the UI and CLI see it; `progress` comes from one grouped query when listing. */
export function toIncident(ctx: ServiceContext, state: IncidentState, progress?: { settled: number; total: number }): Incident {
  const now = ctx.clock();
  const facts = incidentFacts(ctx.schemes, state, progress ?? progressByIncident(ctx.db, state.id).get(state.id) ?? { settled: 0, total: 0 }, now);
  return { ...facts, nextEscalation: nextEscalationOf(ctx, state, facts.severityRank, now) };
}

/**
 * Where an entry sits in timeline order (lamport, then hash) as text that sorts the same by code
 * unit: lamport is at most 2^53, 16 digits.
 */
export function timelinePosition(key: TimelineKey): string {
  return `${String(key.lamport).padStart(16, '0')}.${key.hash}`;
}

export function toTimelineEntry(event: StoredEvent, key: TimelineKey): TimelineEntry {
  return {
    seq: event.seq,
    position: timelinePosition(key),
    type: event.type,
    at: event.at,
    actor: event.actor,
    deviceId: event.deviceId,
    summary: summarizeEvent(event.type, event.payload),
    payload: drillEntryPayload(event.type, event.payload),
  };
}

export { compareUrgency } from '../../domain/incidents/urgency';
