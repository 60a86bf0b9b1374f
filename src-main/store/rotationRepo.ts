import type { Database } from 'better-sqlite3';
import { rotationChecks, type RotationGroup, type RotationItem, type RotationStatus } from '../contract';
import { rotationCheckKey, rotationCheckRecord, rotationItemRecord } from '../domain/rotation/rotationReplay';
import { checkLabel } from '../domain/rotation/rotationRules';

interface ItemRow {
  incident_id: string;
  item_id: string;
  position: number;
  name: string;
  location: string;
  owner: string;
  priority_group: RotationGroup;
  fingerprint: string | null;
  finding_id: number | null;
  status: RotationStatus;
  added_at: string;
  added_by: string;
  rotated_at: string | null;
  rotated_by: string | null;
  verified_at: string | null;
  verified_by: string | null;
}

interface CheckRow {
  item_id: string;
  check_id: string;
  done: number;
  done_at: string | null;
  done_by: string | null;
}

/** An item row's fields as the contract names them: what the page shows, and what verify compares with the replay. */
function itemFields(row: ItemRow) {
  return {
    name: row.name,
    location: row.location,
    owner: row.owner,
    group: row.priority_group,
    fingerprint: row.fingerprint,
    findingId: row.finding_id,
    status: row.status,
    addedAt: row.added_at,
    addedBy: row.added_by,
    rotatedAt: row.rotated_at,
    rotatedBy: row.rotated_by,
    verifiedAt: row.verified_at,
    verifiedBy: row.verified_by,
  };
}

function toItem(row: ItemRow, checks: readonly CheckRow[]): RotationItem {
  return {
    incidentId: row.incident_id,
    id: row.item_id,
    ...itemFields(row),
    checks: checks.map((check) => ({ id: check.check_id as RotationItem['checks'][number]['id'], label: checkLabel(check.check_id), done: check.done === 1, at: check.done_at, by: check.done_by })),
  };
}

/** The incident's items with their checks, in the order they were added. */
export function listRotationItems(db: Database, incidentId: string): RotationItem[] {
  const rows = db.prepare<[string], ItemRow>('SELECT * FROM rotation_items WHERE incident_id = ? ORDER BY position').all(incidentId);
  const checks = db.prepare<[string], CheckRow>('SELECT item_id, check_id, done, done_at, done_by FROM rotation_checks WHERE incident_id = ? ORDER BY item_id, position').all(incidentId);
  return rows.map((row) => toItem(row, checks.filter((check) => check.item_id === row.item_id)));
}

export function findRotationItem(db: Database, incidentId: string, itemId: string): RotationItem | undefined {
  const row = db.prepare<[string, string], ItemRow>('SELECT * FROM rotation_items WHERE incident_id = ? AND item_id = ?').get(incidentId, itemId);
  if (!row) return undefined;
  const checks = db.prepare<[string, string], CheckRow>('SELECT item_id, check_id, done, done_at, done_by FROM rotation_checks WHERE incident_id = ? AND item_id = ? ORDER BY position').all(incidentId, itemId);
  return toItem(row, checks);
}

export function findRotationItemByFingerprint(db: Database, incidentId: string, fingerprint: string): RotationItem | undefined {
  const itemId = db.prepare<[string, string], string>('SELECT item_id FROM rotation_items WHERE incident_id = ? AND fingerprint = ?').pluck().get(incidentId, fingerprint);
  return itemId === undefined ? undefined : findRotationItem(db, incidentId, itemId);
}

/** `R<n>` numbers only grow: an item's id is never reused. */
export function nextRotationPosition(db: Database, incidentId: string): number {
  return (db.prepare<[string], number | null>('SELECT max(position) FROM rotation_items WHERE incident_id = ?').pluck().get(incidentId) ?? 0) + 1;
}

export type NewRotationItem = Pick<RotationItem, 'incidentId' | 'id' | 'name' | 'location' | 'owner' | 'group' | 'fingerprint' | 'findingId'> & { position: number };

/** The item, pending, with every after-rotation check not done yet. */
export function insertRotationItem(db: Database, item: NewRotationItem, at: string, actor: string): void {
  db.prepare(
    `INSERT INTO rotation_items (incident_id, item_id, position, name, location, owner, priority_group, fingerprint, finding_id, status, added_at, added_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
  ).run(item.incidentId, item.id, item.position, item.name, item.location, item.owner, item.group, item.fingerprint, item.findingId, at, actor);
  const insertCheck = db.prepare('INSERT INTO rotation_checks (incident_id, item_id, check_id, position, done) VALUES (?, ?, ?, ?, 0)');
  rotationChecks.forEach((check, position) => insertCheck.run(item.incidentId, item.id, check.id, position));
}

export function updateRotationStatus(db: Database, incidentId: string, itemId: string, status: 'rotated' | 'verified', at: string, actor: string): void {
  const columns = status === 'rotated' ? 'rotated_at = ?, rotated_by = ?' : 'verified_at = ?, verified_by = ?';
  db.prepare(`UPDATE rotation_items SET status = ?, ${columns} WHERE incident_id = ? AND item_id = ?`).run(status, at, actor, incidentId, itemId);
}

export function updateRotationCheck(db: Database, incidentId: string, itemId: string, checkId: string, done: boolean, at: string, actor: string): void {
  db.prepare('UPDATE rotation_checks SET done = ?, done_at = ?, done_by = ? WHERE incident_id = ? AND item_id = ? AND check_id = ?').run(done ? 1 : 0, done ? at : null, done ? actor : null, incidentId, itemId, checkId);
}

/** The rotation rows in the shape the replay of the incident's events gives them (verify compares the two). */
export function readRotationProjections(db: Database, incidentId: string, items: Map<string, Record<string, unknown>>, checks: Map<string, Record<string, unknown>>): void {
  // An imported incident's events name the finding ids of the laptop that recorded them.
  const rows = db.prepare<[string], ItemRow & { bundle_finding_id: number | null }>(
    'SELECT r.*, m.bundle_id AS bundle_finding_id FROM rotation_items r LEFT JOIN imported_finding_ids m ON m.local_id = r.finding_id WHERE r.incident_id = ?',
  );
  for (const row of rows.all(incidentId)) {
    items.set(row.item_id, rotationItemRecord(itemFields({ ...row, finding_id: row.bundle_finding_id ?? row.finding_id })));
  }
  // Checks are read on their own, so one left behind by a deleted item is still named.
  for (const row of db.prepare<[string], CheckRow>('SELECT item_id, check_id, done, done_at, done_by FROM rotation_checks WHERE incident_id = ?').all(incidentId)) {
    checks.set(rotationCheckKey(row.item_id, row.check_id), rotationCheckRecord(row.done === 1, row.done_at, row.done_by));
  }
}
