import { randomBytes } from 'node:crypto';
import { AppError, type LogCategory, type LogScanOutcome, type LogScanProgress, type LogScanResult, type LogScanSummary, type ParsedInput, type StoredLogFinding } from '../../contract';
import { eventTypes } from '../../domain/incidents/incidentState';
import { megabytes } from '../../domain/units';
import { nowIso, type ServiceContext } from '../context';
import { recordChange, requireIncident } from '../incidents/incidentChange';
import { runJob } from '../jobRegistry';
import { scanLogs } from './logScan';

export interface LogScanRow {
  id: string;
  incident_id: string;
  paths: string;
  files: string;
  started_at: string;
  finished_at: string;
  actor: string;
  stats: string;
  aggregates: string;
  histogram: string;
  top_ips: string;
  /** A finding's id here less this is its number in the incident's history (a scan from a bundle; 0 for one made here). */
  finding_id_offset: number;
}

export interface LogFindingRow {
  id: number;
  scan_id: string;
  rule: string;
  category: LogCategory;
  severity: StoredLogFinding['severity'];
  description: string;
  file: string;
  line: number;
  time: string | null;
  ip: string | null;
  excerpt: string;
}

export const toLogFinding = (row: LogFindingRow): StoredLogFinding => ({
  id: row.id,
  scanId: row.scan_id,
  rule: row.rule,
  category: row.category,
  severity: row.severity,
  description: row.description,
  file: row.file,
  line: row.line,
  time: row.time,
  ip: row.ip,
  excerpt: row.excerpt,
});

export const toLogScan = (row: LogScanRow, findingCount: number): LogScanSummary => ({
  id: row.id,
  incidentId: row.incident_id,
  paths: JSON.parse(row.paths) as string[],
  files: JSON.parse(row.files) as string[],
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  actor: row.actor,
  stats: JSON.parse(row.stats) as LogScanSummary['stats'],
  aggregates: JSON.parse(row.aggregates) as LogScanSummary['aggregates'],
  histogram: JSON.parse(row.histogram) as LogScanSummary['histogram'],
  topIps: JSON.parse(row.top_ips) as LogScanSummary['topIps'],
  findingCount,
});

/** Keeps a finished log scan against its incident (redacted excerpts only) and notes it on the timeline. */
export function recordLogScan(ctx: ServiceContext, incidentId: string, paths: readonly string[], result: LogScanResult, startedAt: string): string {
  const id = `LS-${randomBytes(4).toString('hex')}`;
  const categories = [...new Set(result.findings.map((finding) => finding.category))].sort();
  recordChange(ctx, incidentId, (current, at, actor) => ({
    next: current,
    type: eventTypes.logsScanned,
    payload: { scanId: id, files: result.stats.files, lines: result.stats.lines, findings: result.findings.length, aggregates: result.aggregates.length, categories },
    write: () => {
      ctx.db
        .prepare('INSERT INTO log_scans (id, incident_id, paths, files, started_at, finished_at, actor, stats, aggregates, histogram, top_ips) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, incidentId, JSON.stringify(paths), JSON.stringify(result.files), startedAt, at, actor, JSON.stringify(result.stats), JSON.stringify(result.aggregates), JSON.stringify(result.histogram), JSON.stringify(result.topIps));
      const insert = ctx.db.prepare('INSERT INTO log_findings (scan_id, rule, category, severity, description, file, line, time, ip, excerpt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (const f of result.findings) insert.run(id, f.rule, f.category, f.severity, f.description, f.file, f.line, f.time, f.ip, f.excerpt);
    },
  }));
  return id;
}

export interface LogScanOptions {
  signal?: AbortSignal;
  onProgress?: (progress: LogScanProgress) => void;
}

/** Scans and, for an incident, keeps the result; a cancelled scan records nothing. */
export async function scanLogsAndRecord(ctx: ServiceContext, input: ParsedInput<'scan.logs'>, options: LogScanOptions = {}): Promise<LogScanOutcome> {
  if (input.incidentId) requireIncident(ctx, input.incidentId);
  const startedAt = nowIso(ctx);
  const result = await scanLogs(ctx, { paths: input.paths, since: input.since, until: input.until, ...options });
  if (options.signal?.aborted) throw new AppError('cancelled', 'log scan cancelled: nothing was recorded');
  const scanId = input.incidentId ? recordLogScan(ctx, input.incidentId, input.paths, result, startedAt) : null;
  return { ...result, scanId };
}

export const describeLogScanProgress = (progress: LogScanProgress) =>
  `${progress.files} files · ${megabytes(progress.bytes)} of ${megabytes(progress.totalBytes)} · ${progress.findings} finding(s) so far`;

// Every worker reports each read (128 KiB): a gigabyte would push thousands of events to every window.
const progressEveryMs = 100;

export function scanLogsOperation(ctx: ServiceContext, input: ParsedInput<'scan.logs'>): Promise<LogScanOutcome> {
  return runJob(ctx, 'scan.logs', 'Listing log files…', (job) => {
    let shownAt = 0;
    const onProgress = (progress: LogScanProgress) => {
      const now = Date.now();
      if (now - shownAt < progressEveryMs && progress.bytes < progress.totalBytes) return;
      shownAt = now;
      job.progress(progress.bytes, progress.totalBytes || null, describeLogScanProgress(progress));
    };
    return scanLogsAndRecord(ctx, input, { signal: job.signal, onProgress });
  });
}

/** One of the incident's log scans; another incident's (or no such) scan is not found. */
export function requireLogScan(ctx: ServiceContext, incidentId: string, scanId: string): LogScanRow {
  requireIncident(ctx, incidentId);
  const row = ctx.db.prepare<[string, string], LogScanRow>('SELECT * FROM log_scans WHERE id = ? AND incident_id = ?').get(scanId, incidentId);
  if (!row) throw new AppError('not-found', `no log scan ${scanId} on ${incidentId}`);
  return row;
}
