import { keepFindingIdDistinct } from '../../store/bundleRows';
import { randomBytes } from 'node:crypto';
import { type FindingStatus, type ParsedInput, type ScanList, type ScanOutcome, type ScanRun, type SecretScanProgress, type SecretScanResult, type StoredFinding } from '../../contract';
import { eventTypes } from '../../domain/incidents/incidentState';
import { groupFindings } from '../../domain/scans/findingGroups';
import { nowIso, type ServiceContext } from '../context';
import { recordChange, requireIncident } from '../incidents/incidentChange';
import { runJob } from '../jobRegistry';
import { redactionSecretRules } from '../redaction/rulesCache';
import { describeScanProgress, scanSecrets, secretScanStartMessage } from './secretScan';

export interface RunRow {
  id: string;
  incident_id: string | null;
  root: string;
  history: number;
  started_at: string;
  finished_at: string;
  actor: string;
  stats: string;
}

export interface FindingRow {
  id: number;
  run_id: string;
  rule: string;
  description: string;
  file: string;
  line: number;
  column_number: number;
  commit_hash: string | null;
  author: string | null;
  committed_at: string | null;
  redacted: string;
  fingerprint: string;
  in_working_tree: number | null;
  status: FindingStatus;
  status_note: string;
}

export const toFinding = (row: FindingRow): StoredFinding => ({
  id: row.id,
  rule: row.rule,
  description: row.description,
  file: row.file,
  line: row.line,
  column: row.column_number,
  commit: row.commit_hash,
  author: row.author,
  date: row.committed_at,
  redacted: row.redacted,
  fingerprint: row.fingerprint,
  inWorkingTree: row.in_working_tree === null ? null : row.in_working_tree === 1,
  status: row.status,
  statusNote: row.status_note,
});

export const toRun = (row: RunRow, findings: StoredFinding[]): ScanRun => ({
  id: row.id,
  incidentId: row.incident_id,
  root: row.root,
  history: row.history === 1,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  actor: row.actor,
  stats: JSON.parse(row.stats) as ScanRun['stats'],
  findings,
});

const readRun = (ctx: ServiceContext, row: RunRow): ScanRun => toRun(row, ctx.db.prepare<[string], FindingRow>('SELECT * FROM scan_findings WHERE run_id = ? ORDER BY id').all(row.id).map(toFinding));

/** Keeps a finished scan against its incident (redacted previews and fingerprints only) and notes it on the timeline. */
export function recordScan(ctx: ServiceContext, incidentId: string, result: SecretScanResult, history: boolean, startedAt: string): ScanRun {
  const id = `SC-${randomBytes(4).toString('hex')}`;
  recordChange(ctx, incidentId, (current, at, actor) => ({
    next: current,
    type: eventTypes.scanCompleted,
    payload: { scanId: id, root: result.root, history, findings: result.findings.length, files: result.stats.files, commits: result.stats.commits, rules: [...new Set(result.findings.map((finding) => finding.rule))] },
    write: () => {
      ctx.db.prepare('INSERT INTO scan_runs (id, incident_id, root, history, started_at, finished_at, actor, stats) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(id, incidentId, result.root, history ? 1 : 0, startedAt, at, actor, JSON.stringify(result.stats));
      const insert = ctx.db.prepare(
        `INSERT INTO scan_findings (run_id, rule, description, file, line, column_number, commit_hash, author, committed_at, redacted, fingerprint, in_working_tree)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const f of result.findings) {
        const inserted = insert.run(id, f.rule, f.description, f.file, f.line, f.column, f.commit, f.author, f.date, f.redacted, f.fingerprint, f.inWorkingTree === null ? null : f.inWorkingTree ? 1 : 0);
        keepFindingIdDistinct(ctx.db, incidentId, Number(inserted.lastInsertRowid));
      }
    },
  }));
  return readRun(ctx, ctx.db.prepare<[string], RunRow>('SELECT * FROM scan_runs WHERE id = ?').get(id)!);
}

/** Scans and, for an incident, keeps the result. The CLI passes its own signal and progress bar. */
export async function scanAndRecord(ctx: ServiceContext, input: ParsedInput<'scan.secrets'>, options: { signal?: AbortSignal; onProgress?: (progress: SecretScanProgress) => void } = {}): Promise<ScanOutcome> {
  if (input.incidentId) requireIncident(ctx, input.incidentId);
  const startedAt = nowIso(ctx);
  // The shipped rules come already read from the bundle (their YAML takes a quarter of a second to
  // parse); an edited rules file is parsed and checked as before.
  const result = await scanSecrets(redactionSecretRules(ctx.resourcesDir), { ...input, signal: options.signal, onProgress: options.onProgress });
  const run = input.incidentId ? recordScan(ctx, input.incidentId, result, input.history, startedAt) : null;
  return { ...result, scanId: run?.id ?? null };
}

export function scanOperation(ctx: ServiceContext, input: ParsedInput<'scan.secrets'>): Promise<ScanOutcome> {
  return runJob(ctx, 'scan.secrets', secretScanStartMessage, (job) => scanAndRecord(ctx, input, { signal: job.signal, onProgress: (progress) => job.progress(progress.bytes, null, describeScanProgress(progress)) }));
}

/** Every run with every finding and every group, as before paging (one page of groups: findingPages.ts). */
export function listScans(ctx: ServiceContext, input: ParsedInput<'scan.list'>): ScanList {
  // Ties by id make the order total: the pages follow the same one.
  const rows = ctx.db.prepare<[string], RunRow>('SELECT * FROM scan_runs WHERE incident_id = ? ORDER BY finished_at DESC, id DESC').all(input.incidentId);
  const runs = rows.map((row) => readRun(ctx, row));
  const groups = groupFindings(runs.flatMap((run) => run.findings.map((finding) => ({ ...finding, scanId: run.id }))));
  return { runs, groups, total: groups.length, nextCursor: null };
}
