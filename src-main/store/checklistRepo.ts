import type { Database } from 'better-sqlite3';
import type { Phase, PlaybookStep, StepAction, StepStatus } from '../contract';

export interface StoredStep extends PlaybookStep {
  position: number;
  status: StepStatus;
  reason: string;
  adhoc: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

interface StepRow {
  step_id: string;
  position: number;
  phase: Phase;
  text: string;
  detail: string;
  command: string;
  action: string | null;
  critical: number;
  adhoc: number;
  status: StepStatus;
  reason: string;
  updated_at: string | null;
  updated_by: string | null;
}

function fromRow(row: StepRow): StoredStep {
  return {
    id: row.step_id,
    position: row.position,
    phase: row.phase,
    text: row.text,
    detail: row.detail,
    command: row.command,
    action: row.action ? (JSON.parse(row.action) as StepAction) : null,
    critical: row.critical === 1,
    adhoc: row.adhoc === 1,
    status: row.status,
    reason: row.reason,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function replaceChecklist(db: Database, incidentId: string, steps: readonly PlaybookStep[]): void {
  db.prepare('DELETE FROM checklist_notes WHERE incident_id = ?').run(incidentId);
  db.prepare('DELETE FROM checklist_steps WHERE incident_id = ?').run(incidentId);
  const insert = db.prepare(
    `INSERT INTO checklist_steps (incident_id, step_id, position, phase, text, detail, command, action, critical, adhoc, status, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'open', '')`,
  );
  steps.forEach((step, position) => {
    insert.run(incidentId, step.id, position, step.phase, step.text, step.detail, step.command, step.action ? JSON.stringify(step.action) : null, step.critical ? 1 : 0);
  });
}

export function insertAdhocStep(db: Database, incidentId: string, step: PlaybookStep): number {
  const position = (db.prepare<[string], { max: number | null }>('SELECT max(position) AS max FROM checklist_steps WHERE incident_id = ?').get(incidentId)?.max ?? -1) + 1;
  db.prepare(
    `INSERT INTO checklist_steps (incident_id, step_id, position, phase, text, detail, command, action, critical, adhoc, status, reason)
     VALUES (?, ?, ?, ?, ?, '', ?, NULL, ?, 1, 'open', '')`,
  ).run(incidentId, step.id, position, step.phase, step.text, step.command, step.critical ? 1 : 0);
  return position;
}

export function findStep(db: Database, incidentId: string, stepId: string): StoredStep | undefined {
  const row = db.prepare<[string, string], StepRow>('SELECT * FROM checklist_steps WHERE incident_id = ? AND step_id = ?').get(incidentId, stepId);
  return row ? fromRow(row) : undefined;
}

export function listSteps(db: Database, incidentId: string): StoredStep[] {
  return db.prepare<[string], StepRow>('SELECT * FROM checklist_steps WHERE incident_id = ? ORDER BY position').all(incidentId).map(fromRow);
}

export function updateStepStatus(db: Database, incidentId: string, stepId: string, status: StepStatus, reason: string, at: string, actor: string): void {
  db.prepare('UPDATE checklist_steps SET status = ?, reason = ?, updated_at = ?, updated_by = ? WHERE incident_id = ? AND step_id = ?').run(status, reason, at, actor, incidentId, stepId);
}

export function insertStepNote(db: Database, incidentId: string, stepId: string, at: string, actor: string, text: string): void {
  db.prepare('INSERT INTO checklist_notes (incident_id, step_id, at, actor, text) VALUES (?, ?, ?, ?, ?)').run(incidentId, stepId, at, actor, text);
}

export function listStepNotes(db: Database, incidentId: string, stepId?: string): { stepId: string; at: string; actor: string; text: string }[] {
  const oneStep = stepId === undefined ? '' : 'AND step_id = @stepId';
  return db
    .prepare<{ incidentId: string; stepId?: string }, { step_id: string; at: string; actor: string; text: string }>(
      `SELECT step_id, at, actor, text FROM checklist_notes WHERE incident_id = @incidentId ${oneStep} ORDER BY id`,
    )
    .all(stepId === undefined ? { incidentId } : { incidentId, stepId })
    .map((row) => ({ stepId: row.step_id, at: row.at, actor: row.actor, text: row.text }));
}

/** Settled / total per incident, in one query for the whole dashboard (or for one incident). */
/** Progress of these incidents only (a page of the list), each from the checklist_progress index. */
export function progressOfIncidents(db: Database, ids: readonly string[]): Map<string, { total: number; settled: number }> {
  const rows = db
    .prepare<[string], { incident_id: string; total: number; settled: number }>(
      `SELECT incident_id, count(*) AS total, sum(status != 'open') AS settled FROM checklist_steps WHERE incident_id IN (SELECT value FROM json_each(?)) GROUP BY incident_id`,
    )
    .all(JSON.stringify(ids));
  return new Map(rows.map((row) => [row.incident_id, { total: row.total, settled: row.settled }]));
}

export function progressByIncident(db: Database, incidentId?: string): Map<string, { total: number; settled: number }> {
  const where = incidentId === undefined ? '' : 'WHERE incident_id = @incidentId';
  const rows = db
    .prepare<{ incidentId?: string }, { incident_id: string; total: number; settled: number }>(
      `SELECT incident_id, count(*) AS total, sum(status != 'open') AS settled FROM checklist_steps ${where} GROUP BY incident_id`,
    )
    .all(incidentId === undefined ? {} : { incidentId });
  return new Map(rows.map((row) => [row.incident_id, { total: row.total, settled: row.settled }]));
}
