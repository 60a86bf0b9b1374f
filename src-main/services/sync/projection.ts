import type { Database } from 'better-sqlite3';
import { AppError } from '../../contract';
import type { BundleTables } from '../../domain/bundle/bundleFormat';
import type { BundleRow } from '../../domain/bundle/bundleTables';
import { replayIncident } from '../../domain/incidents/incidentState';
import { replayProjections, type ReplayEvent } from '../../domain/incidents/projectionReplay';
import { unsupportedMerge } from '../../domain/sync/mergeLimits';
import { listDagRows } from '../../store/dagStore';
import { updateIncident } from '../../store/incidentRepo';

type Row = Record<string, unknown>;

/** The id a finding has on this laptop for the number the incident's history gives it. */
function localFindingId(db: Database, incidentId: string, historyId: unknown): number | null {
  if (historyId === null || historyId === undefined) return null;
  const mapped = db.prepare<[string, number], number>('SELECT local_id FROM imported_finding_ids WHERE incident_id = ? AND bundle_id = ?').pluck().get(incidentId, Number(historyId));
  return mapped ?? Number(historyId);
}

const flag = (value: unknown) => (value ? 1 : 0);

function rewriteChecklist(db: Database, id: string, steps: Map<string, Row>, notes: Map<string, Row>): void {
  db.prepare('DELETE FROM checklist_steps WHERE incident_id = ?').run(id);
  const insert = db.prepare(
    `INSERT INTO checklist_steps (incident_id, step_id, position, phase, text, detail, command, action, critical, adhoc, status, reason, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let position = 0;
  for (const [stepId, step] of steps) {
    // A change to a step no event created: left out, and verify names it.
    if (step.phase === undefined) continue;
    insert.run(id, stepId, position++, step.phase, step.text, step.detail ?? '', step.command ?? '', step.action === null || step.action === undefined ? null : JSON.stringify(step.action), flag(step.critical), flag(step.adhoc), step.status, step.reason ?? '', step.updatedAt ?? null, step.updatedBy ?? null);
  }
  db.prepare('DELETE FROM checklist_notes WHERE incident_id = ?').run(id);
  const note = db.prepare('INSERT INTO checklist_notes (incident_id, step_id, at, actor, text) VALUES (?, ?, ?, ?, ?)');
  for (const [key, row] of notes) note.run(id, key.replace(/ note \d+$/, ''), row.at, row.actor, row.text);
}

function rewriteReminders(db: Database, id: string, reminders: Map<string, Row>, bundleRows: readonly BundleRow[]): void {
  // Recipients are not in the event: this laptop's row, else the bundle's, else none (events pulled from a hub carry no rows).
  const recipients = new Map<string, string>(bundleRows.map((row) => [String(row.step_key), String(row.recipients)]));
  for (const row of db.prepare<[string], { step_key: string; recipients: string }>('SELECT step_key, recipients FROM reminders WHERE incident_id = ?').all(id)) recipients.set(row.step_key, row.recipients);
  db.prepare('DELETE FROM reminders WHERE incident_id = ?').run(id);
  const insert = db.prepare('INSERT INTO reminders (incident_id, step_key, after_minutes, notify, recipients, due_at, raised_at, acknowledged_at, acknowledged_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const [key, row] of reminders) insert.run(id, key, row.afterMinutes, row.notify, recipients.get(key) ?? '[]', row.dueAt, row.raisedAt, row.acknowledgedAt ?? null, row.acknowledgedBy ?? null);
}

function rewriteRotation(db: Database, id: string, items: Map<string, Row>, checks: Map<string, Row>): void {
  db.prepare('DELETE FROM rotation_checks WHERE incident_id = ?').run(id);
  db.prepare('DELETE FROM rotation_items WHERE incident_id = ?').run(id);
  const insertItem = db.prepare(
    `INSERT INTO rotation_items (incident_id, item_id, position, name, location, owner, priority_group, fingerprint, finding_id, status, added_at, added_by, rotated_at, rotated_by, verified_at, verified_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let position = 0;
  for (const [itemId, item] of items) {
    if (item.addedAt === undefined) continue;
    insertItem.run(id, itemId, position++, item.name, item.location, item.owner, item.group, item.fingerprint ?? null, localFindingId(db, id, item.findingId), item.status, item.addedAt, item.addedBy, item.rotatedAt ?? null, item.rotatedBy ?? null, item.verifiedAt ?? null, item.verifiedBy ?? null);
  }
  const insertCheck = db.prepare('INSERT INTO rotation_checks (incident_id, item_id, check_id, position, done, done_at, done_by) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const positions = new Map<string, number>();
  for (const [key, check] of checks) {
    const [itemId, ...rest] = key.split(' ');
    if (!items.get(itemId!)?.addedAt) continue;
    const position = positions.get(itemId!) ?? 0;
    positions.set(itemId!, position + 1);
    insertCheck.run(id, itemId, rest.join(' '), position, flag(check.done), check.at ?? null, check.by ?? null);
  }
}

function rewriteActions(db: Database, id: string, items: Map<string, Row>): void {
  db.prepare('DELETE FROM action_items WHERE incident_id = ?').run(id);
  const insert = db.prepare(
    `INSERT INTO action_items (incident_id, item_id, position, title, owner, due, status, created_at, created_by, updated_at, updated_by, done_at, done_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let position = 0;
  for (const [itemId, item] of items) {
    if (item.createdAt === undefined) continue;
    insert.run(id, itemId, position++, item.title, item.owner ?? '', item.due ?? null, item.status, item.createdAt, item.createdBy, item.updatedAt, item.updatedBy, item.doneAt ?? null, item.doneBy ?? null);
  }
}

/** Finding marks and quarantine releases: the rows stay (they hold more than events), the marked fields follow the replay. */
function updateMarked(db: Database, id: string, findings: Map<string, Row>, quarantined: Map<string, Row>): void {
  const mark = db.prepare('UPDATE scan_findings SET status = ?, status_note = ? WHERE id = ?');
  for (const [key, row] of findings) mark.run(row.status, row.statusNote ?? '', localFindingId(db, id, key));
  const release = db.prepare('UPDATE quarantine SET released_at = ?, released_by = ? WHERE id = ? AND incident_id = ?');
  for (const [key, row] of quarantined) release.run(row.releasedAt ?? null, row.releasedBy ?? null, key, id);
}

/**
 * The chain of custody is append-only: entries the replay adds after this laptop's are appended,
 * with the device id the bundle's row gives. Entries made apart on one item cannot be put in order.
 */
function appendCustody(db: Database, id: string, entries: Map<string, Row>, bundleRows: readonly BundleRow[]): void {
  const byItem = new Map<string, Row[]>();
  for (const [key, entry] of entries) {
    const item = key.replace(/ entry \d+$/, '');
    byItem.set(item, [...(byItem.get(item) ?? []), entry]);
  }
  const same = (a: Row, b: Row) => a.at === b.at && a.actor === b.actor && a.action === b.action && a.detail === b.detail;
  const insert = db.prepare('INSERT INTO custody_entries (evidence_id, at, actor, device_id, action, detail) VALUES (?, ?, ?, ?, ?, ?)');
  for (const [item, wanted] of byItem) {
    if (db.prepare('SELECT 1 FROM evidence_items WHERE id = ? AND incident_id = ?').get(item, id) === undefined) continue;
    const held = db.prepare<[string], Row>('SELECT at, actor, action, detail FROM custody_entries WHERE evidence_id = ? ORDER BY id').all(item);
    const prefix = held.every((row, index) => wanted[index] !== undefined && same(row, wanted[index]!));
    if (!prefix || held.length > wanted.length) {
      throw new AppError('conflict', `the chain of custody of ${item} was added to on two laptops apart; an append-only chain cannot take entries in between, so merging it is not supported yet`);
    }
    for (const entry of wanted.slice(held.length)) {
      const device = bundleRows.find((row) => row.evidence_id === item && same(row, entry))?.device_id ?? '';
      insert.run(item, entry.at, entry.actor, device, entry.action, entry.detail);
    }
  }
}

/**
 * Recomputes the incident's current-state tables from all its events in projection order (lamport,
 * hash), as `incident verify` replays them: the incident row, checklist, notes, reminders, rotation
 * and action items are rewritten; rows holding more than events (scans, findings, evidence,
 * custody, quarantine) keep their other fields, and custody entries are appended. Two replicas with
 * the same events end with the same rows. Runs inside the caller's write transaction.
 */
export function rebuildProjection(db: Database, incidentId: string, bundleTables?: BundleTables): void {
  const rows = listDagRows(db, incidentId);
  const events: (ReplayEvent & { hash: string })[] = rows.map((row) => ({ hash: row.hash, type: row.type, at: row.at, actor: row.actor, payload: JSON.parse(row.payload) as Record<string, unknown> }));
  const unsupported = unsupportedMerge(events);
  if (unsupported) throw new AppError('conflict', `${incidentId}: ${unsupported}`);
  const state = replayIncident(incidentId, events);
  if (state) updateIncident(db, state);
  const replayed = replayProjections(events);
  rewriteChecklist(db, incidentId, replayed['checklist step'], replayed['step note']);
  rewriteReminders(db, incidentId, replayed.reminder, bundleTables?.reminders ?? []);
  rewriteRotation(db, incidentId, replayed['rotation item'], replayed['rotation check']);
  rewriteActions(db, incidentId, replayed['action item']);
  updateMarked(db, incidentId, replayed.finding, replayed['quarantined file']);
  appendCustody(db, incidentId, replayed['custody entry'], bundleTables?.custody_entries ?? []);
}
