import type { FindingGroup, ParsedInput, ScanList, ScanRun } from '../../contract';
import { groupFindings } from '../../domain/scans/findingGroups';
import { readTransaction } from '../../store/transaction';
import type { ServiceContext } from '../context';
import { encodePageCursor, readPageCursor } from '../pageCursor';
import { listScans, toFinding, toRun, type FindingRow, type RunRow } from './scans';

/**
 * Where a page of credentials ends: the first finding of its last group, placed as the list orders
 * them (scans newest first, ties by scan id, then finding id); and `snapshot`, the highest finding id
 * when the first page was read, so groups keep the positions they had then.
 */
interface GroupKey {
  finishedAt: string;
  runId: string;
  findingId: number;
  snapshot: number;
}

const isId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= 200;

function encodeGroupCursor(incidentId: string, key: GroupKey): string {
  return encodePageCursor('findings', { i: incidentId, a: key.finishedAt, r: key.runId, f: key.findingId, s: key.snapshot });
}

/** A cursor names its incident: another incident's is refused rather than read as a position here. */
function decodeGroupCursor(cursor: string, incidentId: string): GroupKey {
  const { value, refuse } = readPageCursor(cursor, 'cursor', 'findings', `this incident's scan.list`);
  const { i, a, r, f, s } = value;
  if (i !== incidentId || !isText(a) || !isText(r) || !isId(f) || !isId(s)) throw refuse();
  return { finishedAt: a, runId: r, findingId: f, snapshot: s };
}

/** scan.list: everything as before paging, or with a limit (or a cursor) one page of credentials. */
export const listScansOperation = (ctx: ServiceContext, input: ParsedInput<'scan.list'>): ScanList => (input.limit === undefined && input.cursor === undefined ? listScans(ctx, input) : listScanPage(ctx, input));

const runOrder = 'r.finished_at DESC, r.id DESC';

/**
 * One page of an incident's credentials, in the order the unpaged list gives them (a group stands
 * where its first finding is listed), with the runs holding only those groups' findings.
 *
 * A group's place is the minimum over all its findings, and it moves up whenever a newer scan finds
 * the credential again, so no index holds it: each page ranks the first finding of every
 * fingerprint over the incident's findings (one window pass), then takes the keyset after the
 * cursor (never an OFFSET). Findings stored after paging began are left out of that ranking, so a
 * rescan between pages cannot lift a group not reached yet above the cursor (skipped) while the
 * groups shown still carry every place found so far; marks change no place, and no finding is ever
 * deleted, so a group already shown cannot fall below the cursor (shown twice).
 */
export function listScanPage(ctx: ServiceContext, input: ParsedInput<'scan.list'>): ScanList {
  const after = input.cursor === undefined ? undefined : decodeGroupCursor(input.cursor, input.incidentId);
  return readTransaction(ctx.db, () => {
    const db = ctx.db;
    const snapshot = after?.snapshot ?? db.prepare<[string], number>('SELECT coalesce(max(f.id), 0) FROM scan_findings f JOIN scan_runs r ON r.id = f.run_id WHERE r.incident_id = ?').pluck().get(input.incidentId)!;
    // Runs in the list's order share finished_at and id DESC, so (finished_at, run id) compare as one row value; within the cursor's run, findings go up by id.
    const keyset = after ? 'WHERE (finished_at, run_id) <= (@finishedAt, @runId) AND (run_id <> @runId OR finding_id > @findingId)' : '';
    const firsts = db
      .prepare<Record<string, unknown>, { fingerprint: string; finished_at: string; run_id: string; finding_id: number }>(
        `SELECT fingerprint, finished_at, run_id, finding_id FROM (
           SELECT f.fingerprint, r.finished_at, r.id AS run_id, f.id AS finding_id,
                  row_number() OVER (PARTITION BY f.fingerprint ORDER BY ${runOrder}, f.id) AS nth
           FROM scan_runs r JOIN scan_findings f ON f.run_id = r.id
           WHERE r.incident_id = @incidentId AND f.id <= @snapshot)
         ${keyset ? `${keyset} AND nth = 1` : 'WHERE nth = 1'}
         ORDER BY finished_at DESC, run_id DESC, finding_id LIMIT @limit`,
      )
      .all({ incidentId: input.incidentId, snapshot, finishedAt: after?.finishedAt, runId: after?.runId, findingId: after?.findingId, limit: input.limit === undefined ? -1 : input.limit + 1 });
    const more = input.limit !== undefined && firsts.length > input.limit;
    const page = more ? firsts.slice(0, input.limit) : firsts;
    const fingerprints = page.map((row) => row.fingerprint);
    const findings = db
      .prepare<[string, string], FindingRow>(`SELECT f.* FROM scan_findings f JOIN scan_runs r ON r.id = f.run_id WHERE r.incident_id = ? AND f.fingerprint IN (SELECT value FROM json_each(?)) ORDER BY f.id`)
      .all(input.incidentId, JSON.stringify(fingerprints));
    const byRun = new Map<string, FindingRow[]>();
    for (const row of findings) byRun.set(row.run_id, [...(byRun.get(row.run_id) ?? []), row]);
    const runs: ScanRun[] = db
      .prepare<[string], RunRow>(`SELECT * FROM scan_runs r WHERE r.incident_id = ? ORDER BY ${runOrder}`)
      .all(input.incidentId)
      .map((row) => toRun(row, (byRun.get(row.id) ?? []).map(toFinding)));
    const grouped = new Map(groupFindings(runs.flatMap((run) => run.findings.map((finding) => ({ ...finding, scanId: run.id })))).map((group) => [group.fingerprint, group]));
    const groups: FindingGroup[] = fingerprints.map((fingerprint) => grouped.get(fingerprint)!);
    const total = db.prepare<[string], number>('SELECT count(DISTINCT f.fingerprint) FROM scan_findings f JOIN scan_runs r ON r.id = f.run_id WHERE r.incident_id = ?').pluck().get(input.incidentId)!;
    const last = page.at(-1);
    const nextCursor = more && last ? encodeGroupCursor(input.incidentId, { finishedAt: last.finished_at, runId: last.run_id, findingId: last.finding_id, snapshot }) : null;
    return { runs, groups, total, nextCursor };
  });
}
