import type { Database } from 'better-sqlite3';
import type { SupplyCheck, SupplyCheckKind, SupplyCheckResult, SupplyCheckSummary } from '../contract';

interface SupplyCheckRow {
  id: string;
  incident_id: string;
  kind: SupplyCheckKind;
  inputs: string;
  summary: string;
  result: string;
  finished_at: string;
  actor: string;
}

export interface NewSupplyCheck {
  id: string;
  incidentId: string;
  kind: SupplyCheckKind;
  inputs: readonly string[];
  summary: string;
  /** The result as stored: JSON of the kind's result type. */
  result: unknown;
  finishedAt: string;
  actor: string;
}

const summaryColumns = 'id, incident_id, kind, inputs, summary, finished_at, actor';

const toSummary = (row: Omit<SupplyCheckRow, 'result'>): SupplyCheckSummary => ({
  id: row.id,
  incidentId: row.incident_id,
  kind: row.kind,
  inputs: JSON.parse(row.inputs) as string[],
  summary: row.summary,
  finishedAt: row.finished_at,
  actor: row.actor,
});

/** Called inside the transaction that appends the check's timeline event. */
export function insertSupplyCheck(db: Database, check: NewSupplyCheck): void {
  db.prepare('INSERT INTO supply_checks (id, incident_id, kind, inputs, summary, result, finished_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    check.id,
    check.incidentId,
    check.kind,
    JSON.stringify(check.inputs),
    check.summary,
    JSON.stringify(check.result),
    check.finishedAt,
    check.actor,
  );
}

export function supplyCheckExists(db: Database, id: string): boolean {
  return db.prepare<[string], number>('SELECT 1 FROM supply_checks WHERE id = ?').pluck().get(id) !== undefined;
}

/** Newest first; ties by id so the order is total. Results are left out: they can be megabytes. */
export function listSupplyCheckRows(db: Database, incidentId: string): SupplyCheckSummary[] {
  return db
    .prepare<[string], Omit<SupplyCheckRow, 'result'>>(`SELECT ${summaryColumns} FROM supply_checks WHERE incident_id = ? ORDER BY finished_at DESC, id DESC`)
    .all(incidentId)
    .map(toSummary);
}

/** One check of one incident, whole; undefined for another incident's check. */
export function findSupplyCheck(db: Database, incidentId: string, id: string): SupplyCheck | undefined {
  const row = db.prepare<[string, string], SupplyCheckRow>('SELECT * FROM supply_checks WHERE id = ? AND incident_id = ?').get(id, incidentId);
  if (!row) return undefined;
  return { ...toSummary(row), kind: row.kind, result: JSON.parse(row.result) } as SupplyCheck & SupplyCheckResult;
}
