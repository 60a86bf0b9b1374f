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
  // A log finding keeps the number its scan's laptop gave it (events name it so): store/bundleRows.ts.
  log_scans: ['id:t', 'incident_id:t', 'paths:t', 'files:t', 'started_at:t', 'finished_at:t', 'actor:t', 'stats:t', 'aggregates:t', 'histogram:t', 'top_ips:t'],
  log_findings: ['id:i', 'scan_id:t', 'rule:t', 'category:t', 'severity:t', 'description:t', 'file:t', 'line:i', 'time:t?', 'ip:t?', 'excerpt:t'],
} as const satisfies Record<string, readonly string[]>;

/**
 * Tables a bundle holds only when the incident has rows in them: a bundle without them is read by
 * the releases before them, and one of those releases' bundles is read here.
 */
export const optionalBundleTables = ['log_scans', 'log_findings'] as const;

export type BundleTable = keyof typeof bundleTables;
export const bundleTableNames = Object.keys(bundleTables) as BundleTable[];
export type BundleRow = Record<string, string | number | null>;

/** A table's column names, in the order the whitelist gives them. */
export const columnsOf = (table: BundleTable): string[] => bundleTables[table].map((spec) => spec.split(':')[0]!);

// A bundle holds what a responder typed: long, but not unbounded.
const textValue = z.string({ error: 'must be text' }).max(1_000_000, { message: 'must be at most 1,000,000 characters' });
const intValue = z.number({ error: 'must be a number' }).int({ message: 'must be an integer' }).min(-(2 ** 53) + 1).max(2 ** 53 - 1);

/**
 * Every time Firebreak stores is `Date#toISOString()`. Reports print times as they are stored, so
 * a "time" holding a line break or `|` would add a heading or a column to the report.
 */
export const isoTime = z
  .string({ error: 'must be a time' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, { message: 'must be a UTC time like 2026-11-23T14:15:02.000Z' })
  .refine((text) => !Number.isNaN(Date.parse(text)), { message: 'must be a real UTC time' });
// A commit's date is git's, in git's own format.
const isTimeColumn = (column: string) => (column === 'at' || column.endsWith('_at')) && column !== 'committed_at';
// When a log line says it happened, as Date#toISOString() writes it: a log may name a year past 9999.
const logTime = z
  .string({ error: 'must be a time' })
  .regex(/^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, { message: 'must be a UTC time like 2026-11-23T14:15:02.000Z' })
  .refine((text) => !Number.isNaN(Date.parse(text)), { message: 'must be a real UTC time' });

function columnSchema(spec: string): z.ZodType {
  const [column, type] = spec.split(':') as [string, string];
  const base = type.startsWith('t') ? (column === 'time' ? logTime : isTimeColumn(column) ? isoTime : textValue) : intValue;
  return type.endsWith('?') ? base.nullable() : base;
}

/** Strict: a column outside the whitelist is refused by name, never written. */
export function rowSchema(table: BundleTable): z.ZodType<BundleRow> {
  return z.strictObject(Object.fromEntries(bundleTables[table].map((spec) => [spec.split(':')[0]!, columnSchema(spec)]))) as unknown as z.ZodType<BundleRow>;
}
