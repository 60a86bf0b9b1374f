import { z } from 'zod';
import { incidentId } from '../incidents/incident';
import { pageCursor, pageLimit } from '../incidents/paging';
import { text } from '../text';

/**
 * What a log line can be flagged as. `auth-failure` (401/403, "authentication failed"),
 * `rate-limit` (429) and `error-spike` (5xx) are per-line signals that the correlation also counts.
 */
export const logCategories = ['sqli', 'path-traversal', 'xss', 'command-injection', 'ssrf', 'scanner', 'sensitive-file', 'auth-failure', 'rate-limit', 'error-spike'] as const;
export type LogCategory = (typeof logCategories)[number];

/** Patterns across lines: per source IP and time window, or site-wide for an error spike. */
export const logAggregateKinds = ['brute-force', 'rate-limit', 'error-spike', 'scanning'] as const;
export type LogAggregateKind = (typeof logAggregateKinds)[number];

export const logSeverities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type LogSeverity = (typeof logSeverities)[number];

export const logFormats = ['combined', 'common', 'json', 'syslog', 'text'] as const;
export type LogFormat = (typeof logFormats)[number];

/** One flagged line. The line itself is never kept whole: only a short excerpt with secrets redacted. */
export interface LogFinding {
  rule: string;
  category: LogCategory;
  severity: LogSeverity;
  description: string;
  /** The file as scanned (absolute). */
  file: string;
  /** 1-based. */
  line: number;
  /** When the line says it happened (UTC ISO-8601), or null when it carries no time. */
  time: string | null;
  ip: string | null;
  /** At most 300 characters of the line, secrets redacted by the secret rules. */
  excerpt: string;
}

export interface LogAggregate {
  kind: LogAggregateKind;
  /** The source; null for a site-wide error spike. */
  ip: string | null;
  /** Lines that make up the pattern (failures, 429s, 5xx, distinct 404 paths). */
  count: number;
  /** First and last line of the pattern (UTC ISO-8601). */
  from: string;
  to: string;
  /** One sentence a responder reads: "112 authentication failures in 2 min (threshold 10 in 5 min)". */
  detail: string;
}

/** Hits per time bucket by category; buckets are a minute unless the logs span so long that a chart would not fit. */
export interface LogHistogram {
  bucketMinutes: number;
  buckets: { start: string; counts: Partial<Record<LogCategory, number>> }[];
}

/** A source address by the traffic it sent and what of it was flagged. */
export interface LogTalker {
  ip: string;
  requests: number;
  /** Flagged lines (findings) from this address. */
  hits: number;
  categories: LogCategory[];
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface LogScanStats {
  files: number;
  bytes: number;
  lines: number;
  /** Lines that did not parse as their file's format (still matched as plain text). */
  malformed: number;
  /** Lines outside `since`/`until`, or without a time when either is given. */
  outOfRange: number;
  /** Lines by the format they were read as. */
  formats: Partial<Record<LogFormat, number>>;
  /** Findings beyond the cap of a scan (they still count in the histogram, talkers and aggregates). */
  findingsOmitted: number;
  /**
   * Lines over 64 KiB: each was matched on its first 64 KiB and its last 16 KiB only, the middle
   * unread. Absent from scans stored before it was counted.
   */
  longLinesCut?: number;
  /** Paths or pattern matches that could not be read, with why (a folder, unreadable, not gzip). */
  skipped: { file: string; reason: string }[];
  durationMs: number;
}

export interface LogScanResult {
  /** The files read (patterns expanded), absolute. */
  files: string[];
  /** In file order, then line order. */
  findings: LogFinding[];
  aggregates: LogAggregate[];
  histogram: LogHistogram;
  /** The most active sources, flagged lines first, then requests. At most 20. */
  topIps: LogTalker[];
  stats: LogScanStats;
}

export interface LogScanOutcome extends LogScanResult {
  /** The stored scan, when it was for an incident. */
  scanId: string | null;
}

export interface LogScanProgress {
  files: number;
  bytes: number;
  /** Bytes of every file to read, known once the patterns are expanded. */
  totalBytes: number;
  lines: number;
  findings: number;
}

/** A stored scan without its findings (they page through `logs.list`). */
export interface LogScanSummary extends Omit<LogScanResult, 'findings'> {
  id: string;
  incidentId: string;
  /** The paths and patterns as given. */
  paths: string[];
  startedAt: string;
  finishedAt: string;
  actor: string;
  /** Findings kept for this scan. */
  findingCount: number;
}

export interface StoredLogFinding extends LogFinding {
  id: number;
  scanId: string;
}

/** A finding or a source address of a scan already on the incident's timeline, with what the entry says. */
export interface LogPromotion {
  findingId: number | null;
  ip: string | null;
  summary: string;
}

export interface LogScanPage {
  /** Every log scan of the incident, newest first. */
  scans: LogScanSummary[];
  /** What of the chosen scan is on the timeline already (a reload still says so; promoting it again adds nothing). */
  promoted: LogPromotion[];
  /** One page of the chosen scan's findings (by default the newest scan), in file and line order. */
  findings: StoredLogFinding[];
  /** Findings matching the filters, whatever the cursor. */
  total: number;
  nextCursor: string | null;
}

const pathOrPattern = text({ min: 1, max: 4_096 });
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO date-time like 2026-11-23T14:15:02Z' }).transform((value) => new Date(value).toISOString());
const logScanId = z.string().regex(/^LS-[0-9a-f]{8}$/, { message: 'must be a log scan id like LS-1a2b3c4d' });
const ipAddress = z.string().trim().min(2, { message: 'must be an IP address' }).max(64, { message: 'must be an IP address' }).regex(/^[0-9A-Fa-f:.]+$/, { message: 'must be an IP address' });

export const scanLogsInput = z.strictObject({
  /** Files, folders' files are not walked: a folder is skipped with a reason. Glob patterns (`/var/log/nginx/access.log*`) are expanded. */
  paths: z.array(pathOrPattern).min(1, { message: 'must name at least one log file' }).max(1_000),
  since: instant.optional(),
  until: instant.optional(),
  incidentId: incidentId.optional(),
});

export const listLogScansInput = z.strictObject({
  incidentId,
  /** Whose findings to page; the newest scan without it. */
  scanId: logScanId.optional(),
  category: z.array(z.enum(logCategories, { error: `must be one of ${logCategories.join(', ')}` })).max(logCategories.length).optional(),
  ip: ipAddress.optional(),
  limit: pageLimit.default(200),
  cursor: pageCursor.optional(),
});

/** Exactly one of `findingId` and `ip`. */
export const promoteLogInput = z
  .strictObject({
    incidentId,
    scanId: logScanId,
    findingId: z.number().int().positive().optional(),
    ip: ipAddress.optional(),
    note: text({ max: 1_000 }).default(''),
  })
  .refine((input) => (input.findingId === undefined) !== (input.ip === undefined), { message: 'give either findingId or ip, not both or neither' });

export interface LogPromoted {
  /** What the timeline entry now says. */
  summary: string;
}
