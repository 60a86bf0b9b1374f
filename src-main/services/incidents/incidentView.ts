import type { Incident, NextEscalation, TimelineEntry } from '../../contract';
import { nextStep } from '../../domain/escalations/escalation';
import type { IncidentState } from '../../domain/incidents/incidentState';
import { findLevel, findScheme } from '../../domain/incidents/severity';
import { slaSnapshot } from '../../domain/incidents/sla';
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
  const scheme = findScheme(ctx.schemes, state.schemeId);
  const { level, rank } = findLevel(scheme, state.severity);
  const now = ctx.clock();
  return {
    id: state.id,
    kind: state.kind,
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
    sla: slaSnapshot(state, now),
    playbookId: state.playbookId,
    currentPhase: state.currentPhase,
    acknowledgedAt: state.acknowledgedAt,
    milestones: { containedAt: state.containedAt, recoveredAt: state.recoveredAt, resolvedAt: state.resolvedAt },
    progress: progress ?? progressByIncident(ctx.db, state.id).get(state.id) ?? { settled: 0, total: 0 },
    nextEscalation: nextEscalationOf(ctx, state, rank, now),
  };
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
