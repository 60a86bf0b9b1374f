import { z } from 'zod';
import { logAggregateKinds, logCategories, logFormats, logSeverities } from '../../contract/logs/logs';
import { viewOf } from './bundleDag';
import type { Bundle } from './bundleFormat';
import type { BundleRow } from './bundleTables';

// What the console reads back from a stored log scan: JSON columns parsed whole on every logs.list,
// so a bundle's must have the shape Firebreak writes, or the Logs tab of the incident breaks for good.
const count = z.number().int().min(0).max(2 ** 48);
// A scan's length: a century is more than any.
const duration = z.number().int().min(0).max(100 * 366 * 24 * 3_600_000);
// As Date#toISOString() writes a time, a year past 9999 included (a log may name one).
const time = z.string().regex(/^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const shortText = z.string().max(100_000);
const category = z.enum(logCategories);
const jsonColumns = {
  paths: z.array(shortText).max(1_000),
  files: z.array(shortText).max(1_000_000),
  stats: z.looseObject({
    files: count,
    bytes: count,
    lines: count,
    malformed: count,
    outOfRange: count,
    formats: z.partialRecord(z.enum(logFormats), count),
    findingsOmitted: count,
    longLinesCut: count.optional(),
    skipped: z.array(z.strictObject({ file: shortText, reason: shortText })).max(1_000_000),
    durationMs: duration,
  }),
  aggregates: z.array(z.strictObject({ kind: z.enum(logAggregateKinds), ip: shortText.nullable(), count, from: time, to: time, detail: shortText })).max(1_000_000),
  // Firebreak draws at most 400 bars and keeps 20 talkers: a little room, no more.
  histogram: z.strictObject({ bucketMinutes: z.number().int().min(1).max(100 * 366 * 24 * 60), buckets: z.array(z.strictObject({ start: time, counts: z.partialRecord(category, count) })).max(1_000) }),
  top_ips: z.array(z.strictObject({ ip: shortText, requests: count, hits: count, categories: z.array(category).max(logCategories.length), firstSeen: time.nullable(), lastSeen: time.nullable() })).max(100),
} as const;

const highestFindingId = 2 ** 40;

/** What a logs.scanned event says of its scan, against the scan's row and findings. */
function eventProblem(id: string, said: Record<string, unknown>, row: BundleRow, findings: readonly BundleRow[]): string | null {
  const stats = JSON.parse(String(row.stats)) as { files: number; lines: number };
  const aggregates = (JSON.parse(String(row.aggregates)) as unknown[]).length;
  const categories = [...new Set(findings.map((finding) => String(finding.category)))].sort();
  const held = { findings: findings.length, files: stats.files, lines: stats.lines, aggregates, categories };
  for (const [field, value] of Object.entries(held)) {
    if (JSON.stringify(said[field]) !== JSON.stringify(value)) return `log scan ${id} holds ${field} ${JSON.stringify(value)}, but its logs.scanned event says ${JSON.stringify(said[field])}`;
  }
  return null;
}

/**
 * A scan's findings are numbered one after another, as one write gives them: an import shifts them
 * past this laptop's own by no more than their count, so no bundle can push its numbers far ahead.
 */
function numberingProblem(id: string, findings: readonly BundleRow[]): string | null {
  if (findings.length === 0) return null;
  const numbers = findings.map((row) => Number(row.id));
  const lowest = numbers.reduce((low, n) => Math.min(low, n), Infinity);
  const highest = numbers.reduce((high, n) => Math.max(high, n), -Infinity);
  return highest - lowest + 1 === findings.length ? null : `the findings of log scan ${id} are not numbered one after another (${lowest} to ${highest} for ${findings.length})`;
}

function jsonProblem(row: BundleRow, index: number): string | null {
  for (const [column, schema] of Object.entries(jsonColumns)) {
    let value: unknown;
    try {
      value = JSON.parse(String(row[column]));
    } catch {
      return `tables.log_scans[${index}].${column} is not JSON`;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) return `tables.log_scans[${index}].${column} is not what a log scan holds (${parsed.error.issues[0]!.path.join('.') || 'value'}: ${parsed.error.issues[0]!.message})`;
  }
  return null;
}

/**
 * A bundle's log scans and findings: each scan named by its logs.scanned event with as many findings
 * as that event counted, each finding of a scan the bundle holds, numbered as a laptop numbers them,
 * with a category, severity and stored columns Firebreak writes.
 */
export function logRowsProblem(bundle: Bundle): string | null {
  const scans = bundle.tables.log_scans ?? [];
  const findings = bundle.tables.log_findings ?? [];
  const scanned = new Map<string, Record<string, unknown>>();
  for (const view of bundle.events.map(viewOf)) if (view.type === 'logs.scanned' && typeof view.payload.scanId === 'string') scanned.set(view.payload.scanId, view.payload);
  const perScan = new Map<string, BundleRow[]>();
  for (const row of findings) {
    const own = perScan.get(String(row.scan_id));
    if (own) own.push(row);
    else perScan.set(String(row.scan_id), [row]);
  }
  const scanIds = new Set(scans.map((row) => String(row.id)));
  const seenFindings = new Set<number>();
  for (const [index, row] of findings.entries()) {
    const id = Number(row.id);
    if (!scanIds.has(String(row.scan_id))) return `tables.log_findings[${index}] belongs to log scan ${String(row.scan_id)}, which the bundle does not hold`;
    if (!Number.isSafeInteger(id) || id < 1 || id > highestFindingId) return `tables.log_findings[${index}].id ${String(row.id)} is not a finding number`;
    if (seenFindings.has(id)) return `log_findings holds ${id} twice`;
    seenFindings.add(id);
    if (!(logCategories as readonly string[]).includes(String(row.category))) return `tables.log_findings[${index}].category ${JSON.stringify(row.category)} is not one of ${logCategories.join(', ')}`;
    if (!(logSeverities as readonly string[]).includes(String(row.severity))) return `tables.log_findings[${index}].severity ${JSON.stringify(row.severity)} is not one of ${logSeverities.join(', ')}`;
    if (Number(row.line) < 1) return `tables.log_findings[${index}].line must be 1 or more`;
  }
  const seenScans = new Set<string>();
  for (const [index, row] of scans.entries()) {
    const id = String(row.id);
    if (!/^LS-[0-9a-f]{8}$/.test(id)) return `tables.log_scans[${index}].id ${JSON.stringify(id)} is not a log scan id like LS-1a2b3c4d`;
    if (seenScans.has(id)) return `log_scans holds ${id} twice`;
    seenScans.add(id);
    const said = scanned.get(id);
    if (!said) return `log scan ${id} is not in the incident's events (no logs.scanned event names it)`;
    const own = perScan.get(id) ?? [];
    const problem = jsonProblem(row, index) ?? eventProblem(id, said, row, own) ?? numberingProblem(id, own);
    if (problem) return problem;
  }
  return null;
}
