import { z } from 'zod';

/**
 * The tables a bundle carries and, for each, the only columns read from it and written on import:
 * a key in a bundle file is never used as a column name. `t` text, `i` integer, `?` may be null.
 * Local integer ids (notes, custody entries) are left out: their order in the bundle is theirs.
 * A finding keeps its id from the exporting laptop, renumbered on import (imported_finding_ids).
 */
export const bundleTables = {
  incidents: [
    'id:t', 'title:t', 'scenario:t', 'scheme_id:t', 'severity:t', 'response_minutes:i', 'impact_confidentiality:i', 'impact_integrity:i', 'impact_availability:i',
    'commander:t', 'detection_source:t', 'description:t', 'status:t', 'declared_at:t', 'responded_at:t?', 'updated_at:t', 'playbook_id:t', 'current_phase:t',
    'acknowledged_at:t?', 'contained_at:t?', 'recovered_at:t?', 'resolved_at:t?',
  ],
  checklist_steps: ['incident_id:t', 'step_id:t', 'position:i', 'phase:t', 'text:t', 'detail:t', 'command:t', 'action:t?', 'critical:i', 'adhoc:i', 'status:t', 'reason:t', 'updated_at:t?', 'updated_by:t?'],
  checklist_notes: ['incident_id:t', 'step_id:t', 'at:t', 'actor:t', 'text:t'],
  reminders: ['incident_id:t', 'step_key:t', 'after_minutes:i', 'notify:t', 'recipients:t', 'due_at:t', 'raised_at:t', 'acknowledged_at:t?', 'acknowledged_by:t?'],
  scan_runs: ['id:t', 'incident_id:t', 'root:t', 'history:i', 'started_at:t', 'finished_at:t', 'actor:t', 'stats:t'],
  scan_findings: [
    'id:i', 'run_id:t', 'rule:t', 'description:t', 'file:t', 'line:i', 'column_number:i', 'commit_hash:t?', 'author:t?', 'committed_at:t?', 'redacted:t', 'fingerprint:t',
    'in_working_tree:i?', 'status:t', 'status_note:t',
  ],
  evidence_items: ['id:t', 'incident_id:t', 'archive:t', 'archive_sha256:t', 'manifest_file:t', 'key_fingerprint:t', 'files:i', 'bytes:i', 'problems:i', 'collected_at:t', 'collected_by:t'],
  custody_entries: ['evidence_id:t', 'at:t', 'actor:t', 'device_id:t', 'action:t', 'detail:t'],
  quarantine: [
    'id:t', 'incident_id:t', 'original_path:t', 'stored_path:t', 'sha256:t', 'size:i', 'mode:i', 'quarantined_at:t', 'quarantined_by:t', 'released_at:t?', 'released_by:t?',
    'state:t', 'mover_pid:i?',
  ],
  rotation_items: [
    'incident_id:t', 'item_id:t', 'position:i', 'name:t', 'location:t', 'owner:t', 'priority_group:t', 'fingerprint:t?', 'finding_id:i?', 'status:t', 'added_at:t', 'added_by:t',
    'rotated_at:t?', 'rotated_by:t?', 'verified_at:t?', 'verified_by:t?',
  ],
  rotation_checks: ['incident_id:t', 'item_id:t', 'check_id:t', 'position:i', 'done:i', 'done_at:t?', 'done_by:t?'],
  action_items: ['incident_id:t', 'item_id:t', 'position:i', 'title:t', 'owner:t', 'due:t?', 'status:t', 'created_at:t', 'created_by:t', 'updated_at:t', 'updated_by:t', 'done_at:t?', 'done_by:t?'],
} as const satisfies Record<string, readonly string[]>;

export type BundleTable = keyof typeof bundleTables;
export const bundleTableNames = Object.keys(bundleTables) as BundleTable[];
export type BundleRow = Record<string, string | number | null>;

/** A table's column names, in the order the whitelist gives them. */
export const columnsOf = (table: BundleTable): string[] => bundleTables[table].map((spec) => spec.split(':')[0]!);

// A bundle holds what a responder typed: long, but not unbounded.
const textValue = z.string({ error: 'must be text' }).max(1_000_000, { message: 'must be at most 1,000,000 characters' });
const intValue = z.number({ error: 'must be a number' }).int({ message: 'must be an integer' }).min(-(2 ** 53) + 1).max(2 ** 53 - 1);

function columnSchema(spec: string): z.ZodType {
  const [, type] = spec.split(':') as [string, string];
  const base = type.startsWith('t') ? textValue : intValue;
  return type.endsWith('?') ? base.nullable() : base;
}

/** Strict: a column outside the whitelist is refused by name, never written. */
export function rowSchema(table: BundleTable): z.ZodType<BundleRow> {
  return z.strictObject(Object.fromEntries(bundleTables[table].map((spec) => [spec.split(':')[0]!, columnSchema(spec)]))) as unknown as z.ZodType<BundleRow>;
}
