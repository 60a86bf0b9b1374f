import type { Database } from 'better-sqlite3';
import type { LogPromotion, LogScanPage, ParsedInput } from '../../contract';
import { eventTypes } from '../../domain/incidents/incidentState';
import { summarizeEvent } from '../../domain/incidents/timelineSummary';
import { listEventsOfTypes } from '../../store/eventLog';
import { readTransaction } from '../../store/transaction';
import type { ServiceContext } from '../context';
import { requireIncident } from '../incidents/incidentChange';
import { encodePageCursor, readPageCursor } from '../pageCursor';
import { requireLogScan, toLogFinding, toLogScan, type LogFindingRow, type LogScanRow } from './logScans';

const isId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** A cursor names its incident and scan: another's is refused rather than read as a position here. */
function decodeCursor(cursor: string, incidentId: string, scanId: string): number {
  const { value, refuse } = readPageCursor(cursor, 'cursor', 'logFindings', `this scan's logs.list`);
  if (value.i !== incidentId || value.s !== scanId || !isId(value.f)) throw refuse();
  return value.f;
}

/**
 * The findings and addresses of one scan already promoted, from the incident's logs.promoted events,
 * first promotion of each; a finding by its id here (events name it by its scan's laptop's number).
 */
export function logPromotions(db: Database, incidentId: string, scanId: string): LogPromotion[] {
  const offset = db.prepare<[string], number>('SELECT finding_id_offset FROM log_scans WHERE id = ?').pluck().get(scanId) ?? 0;
  const seen = new Set<string>();
  const promotions: LogPromotion[] = [];
  for (const { payload } of listEventsOfTypes(db, incidentId, [eventTypes.logsPromoted])) {
    if (payload.scanId !== scanId) continue;
    const findingId = isId(payload.findingId) ? payload.findingId : null;
    const ip = typeof payload.ip === 'string' ? payload.ip : null;
    const key = findingId !== null ? `finding:${findingId}` : `ip:${ip}`;
    if ((findingId === null && ip === null) || seen.has(key)) continue;
    seen.add(key);
    promotions.push({ findingId: findingId === null ? null : findingId + offset, ip, summary: summarizeEvent(eventTypes.logsPromoted, payload) });
  }
  return promotions;
}

/**
 * logs.list: every log scan of the incident (newest first) and one page of one scan's findings in
 * file and line order (the order they were written in, so by id: a keyset, never an OFFSET),
 * filtered by category and source address.
 */
export function listLogScans(ctx: ServiceContext, input: ParsedInput<'logs.list'>): LogScanPage {
  return readTransaction(ctx.db, () => {
    requireIncident(ctx, input.incidentId);
    const rows = ctx.db.prepare<[string], LogScanRow>('SELECT * FROM log_scans WHERE incident_id = ? ORDER BY finished_at DESC, id DESC').all(input.incidentId);
    const counts = new Map(
      ctx.db
        .prepare<[string], { scan_id: string; n: number }>('SELECT f.scan_id, count(*) AS n FROM log_findings f JOIN log_scans s ON s.id = f.scan_id WHERE s.incident_id = ? GROUP BY f.scan_id')
        .all(input.incidentId)
        .map((row) => [row.scan_id, row.n]),
    );
    const scans = rows.map((row) => toLogScan(row, counts.get(row.id) ?? 0));
    const scanId = input.scanId ?? rows[0]?.id;
    if (scanId === undefined) return { scans, promoted: [], findings: [], total: 0, nextCursor: null };
    if (input.scanId) requireLogScan(ctx, input.incidentId, input.scanId);
    const after = input.cursor === undefined ? 0 : decodeCursor(input.cursor, input.incidentId, scanId);
    const filters = ['scan_id = @scanId'];
    if (input.category?.length) filters.push('category IN (SELECT value FROM json_each(@categories))');
    if (input.ip !== undefined) filters.push('ip = @ip');
    const where = filters.join(' AND ');
    const params = { scanId, categories: JSON.stringify(input.category ?? []), ip: input.ip ?? null, after, limit: input.limit + 1 };
    const page = ctx.db.prepare<typeof params, LogFindingRow>(`SELECT * FROM log_findings WHERE ${where} AND id > @after ORDER BY id LIMIT @limit`).all(params);
    const more = page.length > input.limit;
    const findings = (more ? page.slice(0, input.limit) : page).map(toLogFinding);
    const total = ctx.db.prepare<typeof params, number>(`SELECT count(*) FROM log_findings WHERE ${where}`).pluck().get(params)!;
    const last = findings.at(-1);
    const nextCursor = more && last ? encodePageCursor('logFindings', { i: input.incidentId, s: scanId, f: last.id }) : null;
    return { scans, promoted: logPromotions(ctx.db, input.incidentId, scanId), findings, total, nextCursor };
  });
}
