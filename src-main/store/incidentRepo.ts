import type { Database } from 'better-sqlite3';
import type { IncidentKind, IncidentStatus, Phase } from '../contract';
import type { IncidentState } from '../domain/incidents/incidentState';

export interface IncidentRow {
  id: string;
  kind: IncidentKind;
  title: string;
  scenario: string;
  scheme_id: string;
  severity: string;
  response_minutes: number;
  impact_confidentiality: number;
  impact_integrity: number;
  impact_availability: number;
  commander: string;
  detection_source: string;
  description: string;
  status: IncidentStatus;
  declared_at: string;
  responded_at: string | null;
  updated_at: string;
  playbook_id: string;
  current_phase: Phase;
  acknowledged_at: string | null;
  contained_at: string | null;
  recovered_at: string | null;
  resolved_at: string | null;
}

export function fromRow(row: IncidentRow): IncidentState {
  return {
    id: row.id,
    kind: row.kind === 'drill' ? 'drill' : 'real',
    title: row.title,
    scenario: row.scenario,
    schemeId: row.scheme_id,
    severity: row.severity,
    responseMinutes: row.response_minutes,
    impact: {
      confidentiality: row.impact_confidentiality === 1,
      integrity: row.impact_integrity === 1,
      availability: row.impact_availability === 1,
    },
    commander: row.commander,
    detectionSource: row.detection_source,
    description: row.description,
    status: row.status,
    declaredAt: row.declared_at,
    respondedAt: row.responded_at,
    updatedAt: row.updated_at,
    playbookId: row.playbook_id,
    currentPhase: row.current_phase,
    acknowledgedAt: row.acknowledged_at,
    containedAt: row.contained_at,
    recoveredAt: row.recovered_at,
    resolvedAt: row.resolved_at,
  };
}

function toParams(state: IncidentState) {
  return {
    id: state.id,
    title: state.title,
    scenario: state.scenario,
    scheme_id: state.schemeId,
    severity: state.severity,
    response_minutes: state.responseMinutes,
    impact_confidentiality: state.impact.confidentiality ? 1 : 0,
    impact_integrity: state.impact.integrity ? 1 : 0,
    impact_availability: state.impact.availability ? 1 : 0,
    commander: state.commander,
    detection_source: state.detectionSource,
    description: state.description,
    status: state.status,
    declared_at: state.declaredAt,
    responded_at: state.respondedAt,
    updated_at: state.updatedAt,
    playbook_id: state.playbookId,
    current_phase: state.currentPhase,
    acknowledged_at: state.acknowledgedAt,
    contained_at: state.containedAt,
    recovered_at: state.recoveredAt,
    resolved_at: state.resolvedAt,
  };
}

/**
 * The kind is set here once and never updated (a declaration decides it). A real incident leaves it
 * to the column's default, so the same statement serves a database from before drills.
 */
export function insertIncident(db: Database, state: IncidentState): void {
  const drill = state.kind === 'drill';
  db.prepare(
    `INSERT INTO incidents (id, ${drill ? 'kind, ' : ''}title, scenario, scheme_id, severity, response_minutes, impact_confidentiality,
       impact_integrity, impact_availability, commander, detection_source, description, status, declared_at,
       responded_at, updated_at, playbook_id, current_phase, acknowledged_at, contained_at, recovered_at, resolved_at)
     VALUES (@id, ${drill ? "'drill', " : ''}@title, @scenario, @scheme_id, @severity, @response_minutes, @impact_confidentiality,
       @impact_integrity, @impact_availability, @commander, @detection_source, @description, @status, @declared_at,
       @responded_at, @updated_at, @playbook_id, @current_phase, @acknowledged_at, @contained_at, @recovered_at, @resolved_at)`,
  ).run(toParams(state));
}

export function updateIncident(db: Database, state: IncidentState): void {
  db.prepare(
    `UPDATE incidents SET title = @title, scenario = @scenario, scheme_id = @scheme_id, severity = @severity,
       response_minutes = @response_minutes, impact_confidentiality = @impact_confidentiality,
       impact_integrity = @impact_integrity, impact_availability = @impact_availability, commander = @commander,
       detection_source = @detection_source, description = @description, status = @status,
       declared_at = @declared_at, responded_at = @responded_at, updated_at = @updated_at,
       playbook_id = @playbook_id, current_phase = @current_phase, acknowledged_at = @acknowledged_at,
       contained_at = @contained_at, recovered_at = @recovered_at, resolved_at = @resolved_at
     WHERE id = @id`,
  ).run(toParams(state));
}

export function findIncident(db: Database, id: string): IncidentState | undefined {
  const row = db.prepare<[string], IncidentRow>('SELECT * FROM incidents WHERE id = ?').get(id);
  return row ? fromRow(row) : undefined;
}

export function incidentExists(db: Database, id: string): boolean {
  return db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(id) !== undefined;
}

/** Real incidents unless drills are asked for: the two are never listed together. */
export function listIncidentStates(db: Database, scope: 'open' | 'all', kind: IncidentKind = 'real'): IncidentState[] {
  const sql =
    scope === 'open'
      ? "SELECT * FROM incidents WHERE kind = ? AND status IN ('Active', 'Contained')"
      : 'SELECT * FROM incidents WHERE kind = ?';
  return db.prepare<[IncidentKind], IncidentRow>(sql).all(kind).map(fromRow);
}

export function isDrill(db: Database, id: string): boolean {
  return db.prepare("SELECT 1 FROM incidents WHERE id = ? AND kind = 'drill'").get(id) !== undefined;
}
