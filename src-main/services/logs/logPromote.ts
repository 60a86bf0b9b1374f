import { AppError, type LogAggregate, type LogCategory, type LogPromoted, type LogTalker, type ParsedInput } from '../../contract';
import { eventTypes } from '../../domain/incidents/incidentState';
import { summarizeEvent } from '../../domain/incidents/timelineSummary';
import type { ServiceContext } from '../context';
import { recordChange } from '../incidents/incidentChange';
import { logPromotions } from './logPages';
import { requireLogScan, type LogFindingRow } from './logScans';

const clock = (iso: string | null, seconds: boolean) => (iso ? iso.slice(11, seconds ? 19 : 16) : '?');
const count = (value: number) => value.toLocaleString('en-US');

/** "Log finding promoted: sqli from 203.0.113.9 at 14:02:11 UTC — <excerpt>" */
function findingSummary(row: LogFindingRow): string {
  return `Log finding promoted: ${row.category}${row.ip ? ` from ${row.ip}` : ''}${row.time ? ` at ${clock(row.time, true)} UTC` : ''} — ${row.excerpt}`;
}

/** "IP 203.0.113.9 promoted from log scan LS-…: 1,204 requests, 112 flagged (sqli, scanner), first 13:58, last 14:20, brute-force 13:59–14:01" */
function ipSummary(scanId: string, ip: string, talker: LogTalker | undefined, flagged: { n: number; first: string | null; last: string | null; categories: LogCategory[] }, aggregates: LogAggregate[]): string {
  const categories = talker?.categories.length ? talker.categories : flagged.categories;
  const parts = [
    ...(talker ? [`${count(talker.requests)} requests`] : []),
    `${count(talker?.hits ?? flagged.n)} flagged${categories.length ? ` (${categories.join(', ')})` : ''}`,
    `first ${clock(talker?.firstSeen ?? flagged.first, false)}`,
    `last ${clock(talker?.lastSeen ?? flagged.last, false)}`,
    ...aggregates.map((aggregate) => `${aggregate.kind} ${clock(aggregate.from, false)}–${clock(aggregate.to, false)}`),
  ];
  return `IP ${ip} promoted from log scan ${scanId}: ${parts.join(', ')}`;
}

/** Puts one log finding, or what one source address did, on the incident's timeline. */
export function promoteLog(ctx: ServiceContext, input: ParsedInput<'logs.promote'>): LogPromoted {
  const scan = requireLogScan(ctx, input.incidentId, input.scanId);
  // Once on the timeline is enough: a second click (or a reload that forgot) adds no second entry.
  const already = logPromotions(ctx.db, input.incidentId, scan.id).find((promotion) => (input.findingId !== undefined ? promotion.findingId === input.findingId : promotion.ip === input.ip));
  if (already) return { summary: already.summary };
  let summary: string;
  if (input.findingId !== undefined) {
    const row = ctx.db.prepare<[number, string], LogFindingRow>('SELECT * FROM log_findings WHERE id = ? AND scan_id = ?').get(input.findingId, scan.id);
    if (!row) throw new AppError('not-found', `no finding ${input.findingId} in log scan ${scan.id}`);
    summary = findingSummary(row);
  } else {
    const ip = input.ip!;
    const talker = (JSON.parse(scan.top_ips) as LogTalker[]).find((candidate) => candidate.ip === ip);
    const aggregates = (JSON.parse(scan.aggregates) as LogAggregate[]).filter((aggregate) => aggregate.ip === ip);
    const flagged = ctx.db
      .prepare<[string, string], { n: number; first: string | null; last: string | null; categories: string | null }>(
        'SELECT count(*) AS n, min(time) AS first, max(time) AS last, json_group_array(DISTINCT category) AS categories FROM log_findings WHERE scan_id = ? AND ip = ?',
      )
      .get(scan.id, ip)!;
    if (!talker && aggregates.length === 0 && flagged.n === 0) throw new AppError('not-found', `${ip} is not among the sources of log scan ${scan.id}: no finding, pattern or top talker has it`);
    const categories = flagged.n ? (JSON.parse(flagged.categories ?? '[]') as LogCategory[]).sort() : [];
    summary = ipSummary(scan.id, ip, talker, { n: flagged.n, first: flagged.first, last: flagged.last, categories }, aggregates);
  }
  // The finding by the number the incident's history gives it (its scan's laptop's), as every laptop reads it.
  const payload = { scanId: scan.id, ...(input.findingId !== undefined ? { findingId: input.findingId - scan.finding_id_offset } : { ip: input.ip }), summary, note: input.note };
  recordChange(ctx, input.incidentId, (current) => ({ next: current, type: eventTypes.logsPromoted, payload }));
  return { summary: summarizeEvent(eventTypes.logsPromoted, payload) };
}
