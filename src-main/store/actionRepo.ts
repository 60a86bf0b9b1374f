import type { Database } from 'better-sqlite3';
import type { ActionItem, ActionStatus } from '../contract';
import { actionItemRecord } from '../domain/actions/actionItems';

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

/** Every incident's action items (or one status), unsorted: the service orders them. */
/** Every real incident's items: a drill's follow-ups are practice and are listed only with its own id. */
export function listAllActions(db: Database, today: string, onlyOpen: boolean): ActionItem[] {
  return db
    .prepare<[], ActionRow>(
      `SELECT a.*, i.title AS incident_title FROM action_items a JOIN incidents i ON i.id = a.incident_id
       WHERE i.kind = 'real' ${onlyOpen ? "AND a.status = 'open'" : ''}`,
    )
    .all()
    .map((row) => toActionItem(row, today));
}

export function findAction(db: Database, incidentId: string, itemId: string, today: string): ActionItem | undefined {
  const row = db
    .prepare<[string, string], ActionRow>('SELECT a.*, i.title AS incident_title FROM action_items a JOIN incidents i ON i.id = a.incident_id WHERE a.incident_id = ? AND a.item_id = ?')
    .get(incidentId, itemId);
  return row && toActionItem(row, today);
}

/** `A<n>` numbers only grow: an item's id is never reused. */
export function nextActionPosition(db: Database, incidentId: string): number {
  return (db.prepare<[string], number | null>('SELECT max(position) FROM action_items WHERE incident_id = ?').pluck().get(incidentId) ?? 0) + 1;
}

export interface NewActionItem {
  incidentId: string;
  id: string;
  position: number;
  title: string;
  owner: string;
  due: string | null;
}

export function insertAction(db: Database, item: NewActionItem, at: string, actor: string): void {
  db.prepare(
    `INSERT INTO action_items (incident_id, item_id, position, title, owner, due, status, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
  ).run(item.incidentId, item.id, item.position, item.title, item.owner, item.due, at, actor, at, actor);
}

export interface ActionFieldValues {
  title: string;
  owner: string;
  due: string | null;
  status: ActionStatus;
}

/** Writes the item's editable fields; done time and actor follow the status. */
export function updateAction(db: Database, incidentId: string, itemId: string, fields: ActionFieldValues, at: string, actor: string, statusChanged: boolean): void {
  const done = statusChanged ? (fields.status === 'done' ? { at, actor } : { at: null, actor: null }) : null;
  db.prepare(
    `UPDATE action_items SET title = @title, owner = @owner, due = @due, status = @status, updated_at = @at, updated_by = @actor
     ${done ? ', done_at = @doneAt, done_by = @doneBy' : ''} WHERE incident_id = @incidentId AND item_id = @itemId`,
  ).run({ ...fields, at, actor, incidentId, itemId, ...(done && { doneAt: done.at, doneBy: done.actor }) });
}

/** The action item rows in the shape the replay of the incident's events gives them (verify compares the two). */
export function readActionProjections(db: Database, incidentId: string, items: Map<string, Record<string, unknown>>): void {
  for (const row of db.prepare<[string], Omit<ActionRow, 'incident_title'>>('SELECT * FROM action_items WHERE incident_id = ?').all(incidentId)) {
    items.set(
      row.item_id,
      actionItemRecord({ title: row.title, owner: row.owner, due: row.due, status: row.status, createdAt: row.created_at, createdBy: row.created_by, updatedAt: row.updated_at, updatedBy: row.updated_by, doneAt: row.done_at, doneBy: row.done_by }),
    );
  }
}
