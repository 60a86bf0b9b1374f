import type { Database } from 'better-sqlite3';
import type { ActionItem, ActionStatus } from '../contract';

export interface ActionRow {
  incident_id: string;
  item_id: string;
  position: number;
  title: string;
  owner: string;
  due: string | null;
  status: ActionStatus;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  done_at: string | null;
  done_by: string | null;
  incident_title: string;
}

/** Open and due before `today` (YYYY-MM-DD, UTC). */
export function isOverdue(row: Pick<ActionRow, 'status' | 'due'>, today: string): boolean {
  return row.status === 'open' && row.due !== null && row.due < today;
}

export function toActionItem(row: ActionRow, today: string): ActionItem {
  return {
    incidentId: row.incident_id,
    incidentTitle: row.incident_title,
    id: row.item_id,
    title: row.title,
    owner: row.owner,
    due: row.due,
    status: row.status,
    overdue: isOverdue(row, today),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    doneAt: row.done_at,
    doneBy: row.done_by,
  };
}

/** One incident's action items in the order they were added. */
export function listIncidentActions(db: Database, incidentId: string, today: string): ActionItem[] {
  return db
    .prepare<[string], ActionRow>(
      `SELECT a.*, i.title AS incident_title FROM action_items a JOIN incidents i ON i.id = a.incident_id
       WHERE a.incident_id = ? ORDER BY a.position`,
    )
    .all(incidentId)
    .map((row) => toActionItem(row, today));
}
