import type { Incident, SeverityScheme } from '../../contract';
import type { IncidentState } from './incidentState';
import { findLevel, findScheme } from './severityLevels';
import { slaSnapshot } from './sla';

/** An incident as every list shows it: all of Incident but its next escalation, which needs the escalation matrix. */
export type IncidentFacts = Omit<Incident, 'nextEscalation'>;

/**
 * The one place a stored state becomes what a list row shows (severity label and rank, the SLA at
 * `now`, checklist progress): the service's incidents and the server's first screen both come from
 * it, so the static rows can never disagree with the console's. Light on purpose: no zod, no YAML.
 */
export function incidentFacts(schemes: readonly SeverityScheme[], state: IncidentState, progress: { settled: number; total: number }, now: Date): IncidentFacts {
  const { level, rank } = findLevel(findScheme(schemes, state.schemeId), state.severity);
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
    progress,
  };
}
