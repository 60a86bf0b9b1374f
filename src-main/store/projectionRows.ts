import type { Database } from 'better-sqlite3';
import { emptyProjections, nthKey, stepRecord, type Projections } from '../domain/incidents/projectionReplay';
import { readRotationProjections } from './rotationRepo';
import { readActionProjections } from './actionRepo';

/**
 * The rows of every table an incident's events describe, in the shape replayProjections gives
 * them, so the two can be compared field by field.
 */
export function readProjections(db: Database, incidentId: string): Projections {
  const out = emptyProjections();
  const all = <Row>(sql: string, ...params: unknown[]) => db.prepare<unknown[], Row>(sql).all(...params);

  type StepRow = { step_id: string; phase: string; text: string; detail: string; command: string; action: string | null; critical: number; adhoc: number; status: string; reason: string; updated_at: string | null; updated_by: string | null };
  all<StepRow>('SELECT * FROM checklist_steps WHERE incident_id = ? ORDER BY position', incidentId).forEach((row, rank) => {
    const action = row.action === null ? null : (JSON.parse(row.action) as unknown);
    const fields = { phase: row.phase, text: row.text, detail: row.detail, command: row.command, action, critical: row.critical === 1, adhoc: row.adhoc === 1 };
    out['checklist step'].set(row.step_id, stepRecord(fields, rank, row.status, row.reason, row.updated_at, row.updated_by));
  });

  const noteCounts = new Map<string, number>();
  for (const row of all<{ step_id: string; at: string; actor: string; text: string }>('SELECT step_id, at, actor, text FROM checklist_notes WHERE incident_id = ? ORDER BY id', incidentId)) {
    out['step note'].set(nthKey(noteCounts, row.step_id, 'note'), { at: row.at, actor: row.actor, text: row.text });
  }

  type RunRow = { id: string; root: string; history: number; finished_at: string; actor: string; findings: number; rules: string | null };
  const runs = all<RunRow>(
    `SELECT r.id, r.root, r.history, r.finished_at, r.actor, count(f.id) AS findings, group_concat(DISTINCT f.rule) AS rules
     FROM scan_runs r LEFT JOIN scan_findings f ON f.run_id = r.id WHERE r.incident_id = ? GROUP BY r.id`,
    incidentId,
  );
  for (const run of runs) {
    const rules = (run.rules ?? '').split(',').filter(Boolean).sort().join(', ');
    out.scan.set(run.id, { root: run.root, history: run.history === 1, findings: run.findings, rules, finishedAt: run.finished_at, actor: run.actor });
  }
  type FindingRow = { id: number; status: string; status_note: string; rule: string; file: string; line: number; redacted: string; fingerprint: string };
  // Only findings someone marked carry an event; an open, unannotated one has nothing to compare.
  // An imported incident's events name the finding ids of the laptop that recorded them.
  for (const row of all<FindingRow>(
    `SELECT coalesce(m.bundle_id, f.id) AS id, f.status, f.status_note, f.rule, f.file, f.line, f.redacted, f.fingerprint FROM scan_findings f JOIN scan_runs r ON r.id = f.run_id
     LEFT JOIN imported_finding_ids m ON m.local_id = f.id
     WHERE r.incident_id = @incidentId AND (f.status != 'open' OR f.status_note != '' OR coalesce(m.bundle_id, f.id) IN (
       SELECT json_extract(payload, '$.findingId') FROM events WHERE incident_id = @incidentId AND type = 'scan.findingMarked'))`,
    { incidentId },
  )) {
    out.finding.set(String(row.id), { status: row.status, statusNote: row.status_note, rule: row.rule, file: row.file, line: row.line, redacted: row.redacted, fingerprint: row.fingerprint });
  }

  const custodyCounts = new Map<string, number>();
  for (const item of all<{ id: string; archive: string }>('SELECT id, archive FROM evidence_items WHERE incident_id = ? ORDER BY collected_at, id', incidentId)) {
    out.evidence.set(item.id, { archive: item.archive });
    for (const entry of all<{ action: string; detail: string; at: string; actor: string }>('SELECT action, detail, at, actor FROM custody_entries WHERE evidence_id = ? ORDER BY id', item.id)) {
      out['custody entry'].set(nthKey(custodyCounts, item.id, 'entry'), { action: entry.action, detail: entry.detail, at: entry.at, actor: entry.actor });
    }
  }

  type QuarantineRow = { id: string; original_path: string; sha256: string; size: number; quarantined_at: string; quarantined_by: string; released_at: string | null; released_by: string | null };
  for (const row of all<QuarantineRow>("SELECT * FROM quarantine WHERE incident_id = ? AND state NOT IN ('moving-in', 'not-moved')", incidentId)) {
    out['quarantined file'].set(row.id, {
      originalPath: row.original_path,
      sha256: row.sha256,
      size: row.size,
      quarantinedAt: row.quarantined_at,
      quarantinedBy: row.quarantined_by,
      releasedAt: row.released_at,
      releasedBy: row.released_by,
    });
  }

  type ReminderRow = { step_key: string; after_minutes: number; notify: string; due_at: string; raised_at: string; acknowledged_at: string | null; acknowledged_by: string | null };
  for (const row of all<ReminderRow>('SELECT * FROM reminders WHERE incident_id = ?', incidentId)) {
    out.reminder.set(row.step_key, { afterMinutes: row.after_minutes, notify: row.notify, dueAt: row.due_at, raisedAt: row.raised_at, acknowledgedAt: row.acknowledged_at, acknowledgedBy: row.acknowledged_by });
  }
  readRotationProjections(db, incidentId, out['rotation item'], out['rotation check']);
  readActionProjections(db, incidentId, out['action item']);
  return out;
}

/** Every incident id any table mentions: live incidents, and what is left of deleted ones. */
export function allReferencedIncidentIds(db: Database): string[] {
  return db
    .prepare<[], string>(
      `SELECT id FROM incidents UNION SELECT incident_id FROM events UNION SELECT incident_id FROM checklist_steps
       UNION SELECT incident_id FROM checklist_notes UNION SELECT incident_id FROM scan_runs UNION SELECT incident_id FROM evidence_items
       UNION SELECT incident_id FROM quarantine UNION SELECT incident_id FROM reminders UNION SELECT incident_id FROM rotation_items
       UNION SELECT incident_id FROM rotation_checks UNION SELECT incident_id FROM action_items UNION SELECT incident_id FROM log_scans
       UNION SELECT incident_id FROM supply_checks ORDER BY 1`,
    )
    .pluck()
    .all()
    .filter((id): id is string => typeof id === 'string');
}

/** Whether anything but the incident row still refers to this incident. */
export function hasIncidentRows(db: Database, incidentId: string): boolean {
  const tables = ['checklist_steps', 'checklist_notes', 'scan_runs', 'evidence_items', 'quarantine', 'reminders', 'rotation_items', 'rotation_checks', 'action_items', 'log_scans', 'supply_checks'];
  return tables.some((table) => db.prepare(`SELECT 1 FROM ${table} WHERE incident_id = ? LIMIT 1`).get(incidentId) !== undefined);
}
