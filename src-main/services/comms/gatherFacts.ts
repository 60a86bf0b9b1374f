import type { IncidentFacts } from '../../domain/comms/incidentFacts';
import { findLevel, findScheme } from '../../domain/incidents/severity';
import { listSteps } from '../../store/checklistRepo';
import { listEvidenceFacts, listFindingFacts } from '../../store/commsRows';
import type { ServiceContext } from '../context';
import { requireIncident } from '../incidents/incidentChange';
import { rolesOf } from '../incidents/roles';

/** Everything messages and reports say about an incident, read from its rows alone. */
export function gatherFacts(ctx: ServiceContext, incidentId: string): IncidentFacts {
  const state = requireIncident(ctx, incidentId);
  const { level, rank } = findLevel(findScheme(ctx.schemes, state.schemeId), state.severity);
  const { scans, findings } = listFindingFacts(ctx.db, incidentId);
  return {
    id: state.id,
    kind: state.kind,
    title: state.title,
    scenario: state.scenario,
    severity: state.severity,
    severityLabel: level.label,
    severityRank: rank,
    responseMinutes: state.responseMinutes,
    impact: state.impact,
    commander: state.commander,
    detectionSource: state.detectionSource,
    description: state.description,
    status: state.status,
    phase: state.currentPhase,
    roles: rolesOf(ctx, incidentId),
    declaredAt: state.declaredAt,
    acknowledgedAt: state.acknowledgedAt,
    containedAt: state.containedAt,
    recoveredAt: state.recoveredAt,
    resolvedAt: state.resolvedAt,
    steps: listSteps(ctx.db, incidentId).map(({ phase, text, status, reason, updatedAt, updatedBy }) => ({ phase, text, status, reason, updatedAt, updatedBy })),
    evidence: listEvidenceFacts(ctx.db, incidentId),
    findings,
    scans,
  };
}
