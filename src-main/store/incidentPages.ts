import type { Database, Statement } from 'better-sqlite3';
import type { IncidentKind, IncidentStatus } from '../contract';
import type { IncidentState } from '../domain/incidents/incidentState';
import { lastDateMs } from '../domain/incidents/sla';
import { fromRow, type IncidentRow } from './incidentRepo';

/**
 * The incident list in urgency order, read page by page with a keyset (never OFFSET), so a page
 * costs the same deep in the list as at its top. The order is compareUrgency's
 * (services/incidents/incidentView.ts) in two segments:
 * - waiting (response SLA running or overdue: not responded, Active or Contained), by due time, then id;
 * - every other incident by severity rank, newest declared first, then id.
 * Ranks come from the severity schemes, which the data dir may extend: rather than an index over a
 * rank computed from them, each level and status has its own stretch of one static index (scheme,
 * level, status, declared time), and the stretches sharing a rank are merged here, reading one row
 * ahead in each. Waiting rows likewise, one stretch per status. The indexes are in ensureReadIndexes.
 */

/** Where a row sits in the order; a page's cursor is the key of its last row. */
export type UrgencyKey =
  /** `dueMs`: the due time in epoch milliseconds, clamped as slaDueAt clamps it. */
  | { waiting: true; dueMs: number; id: string }
  /** `rank` null: a level no known scheme has (such rows come last; reading them fails as it always has). */
  | { waiting: false; rank: number | null; declaredAt: string; id: string };

/** One level of one scheme and its rank (0 = most severe), as findLevel would rank it. */
export interface RankedLevel {
  schemeId: string;
  levelId: string;
  rank: number;
}

export interface IncidentFilters {
  scope: 'open' | 'all';
  /** Real and drill incidents are never listed or counted together. */
  kind: IncidentKind;
  /** Lower-cased already: matched against the lower-cased id and title. */
  text?: string;
  status?: readonly IncidentStatus[];
  severity?: readonly string[];
  declaredFrom?: string;
  declaredTo?: string;
}

export interface IncidentPageRows {
  rows: { state: IncidentState; key: UrgencyKey }[];
  /** Rows follow the last one returned. */
  more: boolean;
}

// The same text in the partial indexes (ensureReadIndexes) and the queries: SQLite uses a partial
// index only when the query's WHERE holds its condition, and an expression index only for the same expression.
export const unrespondedCondition = 'responded_at IS NULL';
export const settledCondition = "(responded_at IS NOT NULL OR status IN ('Resolved', 'Closed'))";
/**
 * The response SLA's due time in epoch milliseconds (declared time plus the level's response
 * minutes), clamped to the dates a Date holds exactly as slaDueAt clamps it: compareUrgency orders by
 * that instant, and an integer orders as it does for every due time, where ISO text misorders those
 * before year 0 or after 9999 (an absurd response time another laptop's signed event may carry).
 * julianday reads the stored toISOString text to the millisecond; a product past 64 bits turns
 * real and is clamped all the same. A declared time SQLite cannot read (no Firebreak writes one)
 * falls to the end its response time points to, so every row keeps a key a cursor can hold.
 */
export const dueMsExpression =
  `coalesce(max(-${lastDateMs}, min(${lastDateMs}, CAST(round((julianday(declared_at) - 2440587.5) * 86400000) AS INTEGER) + response_minutes * 60000)), ` +
  `CASE WHEN response_minutes < 0 THEN -${lastDateMs} ELSE ${lastDateMs} END)`;

const waitingStatuses: readonly IncidentStatus[] = ['Active', 'Contained'];
const allStatuses: readonly IncidentStatus[] = ['Active', 'Contained', 'Resolved', 'Closed'];

const foldFunction = 'firebreak_fold';
const folding = new WeakSet<Database>();

/** SQLite's lower() and LIKE fold ASCII only; titles are in any language. */
function ensureFold(db: Database): void {
  if (folding.has(db)) return;
  db.function(foldFunction, { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
  folding.add(db);
}

interface Clause {
  sql: string[];
  params: unknown[];
}

/** The filters other than status and scope, which choose the index ranges read (statusesOf). */
function filterClause(db: Database, filters: IncidentFilters): Clause {
  // Checked on the rows each index range yields: drills are few, and a list of them rare.
  const sql: string[] = ['kind = ?'];
  const params: unknown[] = [filters.kind];
  if (filters.severity) {
    sql.push(filters.severity.length ? `upper(severity) IN (${filters.severity.map(() => '?').join(', ')})` : '0');
    params.push(...filters.severity.map((level) => level.toUpperCase()));
  }
  if (filters.text) {
    // Printable ASCII: LIKE folds ASCII case itself, in C, which is what lower-casing both would do
    // for all but a few letters (the Kelvin sign) that no title needs.
    if (/^[\x20-\x7e]*$/.test(filters.text)) {
      sql.push("(id LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\')");
      const pattern = `%${filters.text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      params.push(pattern, pattern);
    } else {
      ensureFold(db);
      sql.push(`(instr(${foldFunction}(id), ?) > 0 OR instr(${foldFunction}(title), ?) > 0)`);
      params.push(filters.text, filters.text);
    }
  }
  if (filters.declaredFrom) bound(sql, params, 'declared_at >= ?', filters.declaredFrom, { before: null, after: '0' });
  if (filters.declaredTo) bound(sql, params, 'declared_at < ?', filters.declaredTo, { before: '0', after: null });
  return { sql, params };
}

/**
 * A declaration-time bound (toISOString text). Stored times compare as text only within years
 * 0-9999, where toISOString writes four digits; an instant an offset moved outside them (written
 * +010000-… or -000001-…) lies beyond every stored time, so the bound keeps every row (null) or none ('0').
 */
function bound(sql: string[], params: unknown[], term: string, instant: string, outside: { before: string | null; after: string | null }): void {
  const side = instant.startsWith('-') ? outside.before : instant.startsWith('+') ? outside.after : undefined;
  if (side === undefined) {
    sql.push(term);
    params.push(instant);
  } else if (side !== null) {
    sql.push(side);
  }
}

/** The statuses scope and filter allow, among `among`. */
function statusesOf(filters: IncidentFilters, among: readonly IncidentStatus[]): IncidentStatus[] {
  return among.filter((status) => (filters.scope === 'all' || waitingStatuses.includes(status)) && (!filters.status || filters.status.includes(status)));
}

const where = (terms: string[]) => (terms.length ? `WHERE ${terms.join(' AND ')}` : '');

/**
 * How many of the list's incidents wait past their response time, at most `cap`: they lead the list
 * (waiting rows come first, soonest due first), so the console's first `cap` rows hold exactly these.
 * One count over the waiting index per status, not a walk of the rows.
 */
export function countOverdue(db: Database, filters: IncidentFilters, nowMs: number, cap: number): number {
  const clause = filterClause(db, filters);
  let count = 0;
  for (const status of statusesOf(filters, waitingStatuses)) {
    const sql = `SELECT count(*) FROM (SELECT 1 FROM incidents ${where([unrespondedCondition, 'status = ?', ...clause.sql, `${dueMsExpression} < ?`])} LIMIT ?)`;
    count += db.prepare<unknown[], number>(sql).pluck().get(status, ...clause.params, nowMs, cap)!;
  }
  return Math.min(count, cap);
}

/** Every incident matching scope and filters. */
export function countIncidents(db: Database, filters: IncidentFilters): number {
  const clause = filterClause(db, filters);
  const statuses = statusesOf(filters, allStatuses);
  const terms = [...(statuses.length < allStatuses.length ? [`status IN (${statuses.map(() => '?').join(', ') || 'NULL'})`] : []), ...clause.sql];
  const params = [...(statuses.length < allStatuses.length ? statuses : []), ...clause.params];
  return db.prepare<unknown[], number>(`SELECT count(*) FROM incidents ${where(terms)}`).pluck().get(...params)!;
}

type KeyedRow = IncidentRow & { sort_key: number };

interface Stream {
  sql: string;
  params: unknown[];
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const soonestDue = (a: KeyedRow, b: KeyedRow) => a.sort_key - b.sort_key || byCodeUnit(a.id, b.id);
const newestDeclared = (a: KeyedRow, b: KeyedRow) => byCodeUnit(b.declared_at, a.declared_at) || byCodeUnit(a.id, b.id);

const statements = new WeakMap<Database, Map<string, Statement<unknown[], KeyedRow>[]>>();

/**
 * The nth prepared copy of a query: streams of one shape (each level, each status) iterate at the
 * same time, and a statement runs one query at a time. Kept, as a listing runs the same few dozen
 * queries page after page.
 */
function statement(db: Database, sql: string, nth: number): Statement<unknown[], KeyedRow> {
  let bySql = statements.get(db);
  if (!bySql) statements.set(db, (bySql = new Map()));
  const copies = bySql.get(sql) ?? [];
  bySql.set(sql, copies);
  copies[nth] ??= db.prepare<unknown[], KeyedRow>(sql);
  return copies[nth];
}

/**
 * Merges streams that are each in `compare` order (one index range each), reading only as far as
 * the page needs: one row ahead per stream. limit -1: everything.
 */
function merged(db: Database, streams: Stream[], compare: (a: KeyedRow, b: KeyedRow) => number, limit: number): KeyedRow[] {
  const taken = new Map<string, number>();
  const iterators = streams.map((stream) => {
    const sql = `${stream.sql} LIMIT ?`;
    const nth = taken.get(sql) ?? 0;
    taken.set(sql, nth + 1);
    return statement(db, sql, nth).iterate(...stream.params, limit);
  });
  try {
    const heads = iterators.map((iterator) => iterator.next());
    const rows: KeyedRow[] = [];
    while (limit < 0 || rows.length < limit) {
      let best = -1;
      heads.forEach((head, index) => {
        if (!head.done && (best < 0 || compare(head.value, heads[best]!.value as KeyedRow) < 0)) best = index;
      });
      if (best < 0) break;
      rows.push(heads[best]!.value as KeyedRow);
      heads[best] = iterators[best]!.next();
    }
    return rows;
  } finally {
    for (const iterator of iterators) iterator.return?.();
  }
}

/** Waiting rows (response SLA running or overdue) by due time, one stream per status. */
function waitingStreams(filters: IncidentFilters, clause: Clause, after: Extract<UrgencyKey, { waiting: true }> | undefined): Stream[] {
  // Split so the index range starts at the cursor's due time; the few rows due at that same moment are filtered.
  const cursor = after ? { sql: [`${dueMsExpression} >= ?`, `NOT (${dueMsExpression} = ? AND id <= ?)`], params: [after.dueMs, after.dueMs, after.id] } : { sql: [], params: [] };
  return statusesOf(filters, waitingStatuses).map((status) => ({
    sql: `SELECT *, ${dueMsExpression} AS sort_key FROM incidents ${where([unrespondedCondition, 'status = ?', ...clause.sql, ...cursor.sql])} ORDER BY ${dueMsExpression}, id`,
    params: [status, ...clause.params, ...cursor.params],
  }));
}

type SettledAfter = Extract<UrgencyKey, { waiting: false }> | undefined;

function settledCursor(after: SettledAfter): Clause {
  if (!after) return { sql: [], params: [] };
  return { sql: ['declared_at <= ?', 'NOT (declared_at = ? AND id <= ?)'], params: [after.declaredAt, after.declaredAt, after.id] };
}

/** The settled rows of some levels, newest declared first: one stretch of the level index per level and status. */
function levelStreams(filters: IncidentFilters, clause: Clause, levels: readonly RankedLevel[], after: SettledAfter): Stream[] {
  const cursor = settledCursor(after);
  return levels.flatMap((level) =>
    statusesOf(filters, allStatuses).map((status) => ({
      sql: `SELECT * FROM incidents ${where([settledCondition, 'scheme_id = ?', 'severity = ? COLLATE NOCASE', 'status = ?', ...clause.sql, ...cursor.sql])} ORDER BY declared_at DESC, id`,
      params: [level.schemeId, level.levelId, status, ...clause.params, ...cursor.params],
    })),
  );
}

/** Settled rows whose scheme and level no known scheme ranks: last, newest declared first (no index: they should not exist). */
function unrankedStream(filters: IncidentFilters, clause: Clause, levels: readonly RankedLevel[], after: SettledAfter): Stream {
  const cursor = settledCursor(after);
  const statuses = statusesOf(filters, allStatuses);
  const known = levels.map(() => '(scheme_id = ? AND severity = ? COLLATE NOCASE)').join(' OR ');
  const terms = [settledCondition, `status IN (${statuses.map(() => '?').join(', ') || 'NULL'})`, ...(known ? [`NOT (${known})`] : []), ...clause.sql, ...cursor.sql];
  return {
    sql: `SELECT * FROM incidents ${where(terms)} ORDER BY declared_at DESC, id`,
    params: [...statuses, ...levels.flatMap((level) => [level.schemeId, level.levelId]), ...clause.params, ...cursor.params],
  };
}

/**
 * Up to `limit` rows after `after` (from the top without it), in urgency order; no limit: every row.
 * Each stream reads from its index only what the page needs, whatever the cursor's depth.
 */
export function pageIncidentStates(db: Database, filters: IncidentFilters, levels: readonly RankedLevel[], after: UrgencyKey | undefined, limit?: number): IncidentPageRows {
  const clause = filterClause(db, filters);
  // One row beyond the page says whether another page follows.
  const want = limit === undefined ? Number.POSITIVE_INFINITY : limit + 1;
  const remaining = () => (limit === undefined ? -1 : want - rows.length);
  const rows: IncidentPageRows['rows'] = [];
  if (!after || after.waiting) {
    for (const row of merged(db, waitingStreams(filters, clause, after?.waiting ? after : undefined), soonestDue, remaining())) {
      rows.push({ state: fromRow(row), key: { waiting: true, dueMs: row.sort_key, id: row.id } });
    }
  }
  const settledAfter = after && !after.waiting ? after : undefined;
  const wanted = filters.severity && new Set(filters.severity.map((level) => level.toUpperCase()));
  const ranks = [...new Set(levels.map((level) => level.rank))].sort((a, b) => a - b);
  for (const rank of [...ranks, null]) {
    if (rows.length >= want) break;
    // Ranks before the cursor's are done; unranked (null) comes after every rank.
    if (settledAfter && settledAfter.rank !== rank && (settledAfter.rank === null || (rank !== null && rank < settledAfter.rank))) continue;
    const cursor = settledAfter?.rank === rank ? settledAfter : undefined;
    const streams =
      rank === null
        ? [unrankedStream(filters, clause, levels, cursor)]
        : levelStreams(filters, clause, levels.filter((level) => level.rank === rank && (!wanted || wanted.has(level.levelId.toUpperCase()))), cursor);
    for (const row of merged(db, streams, newestDeclared, remaining())) {
      rows.push({ state: fromRow(row), key: { waiting: false, rank, declaredAt: row.declared_at, id: row.id } });
    }
  }
  const more = rows.length > (limit ?? Number.POSITIVE_INFINITY);
  return { rows: more ? rows.slice(0, limit) : rows, more };
}

/** Levels as findLevel ranks them: a scheme listed twice, or a level id repeated in another case, counts once (the first). */
export function rankedLevels(schemes: readonly { id: string; levels: readonly { id: string }[] }[]): RankedLevel[] {
  const schemeIds = new Set<string>();
  const levels: RankedLevel[] = [];
  for (const scheme of schemes) {
    if (schemeIds.has(scheme.id)) continue;
    schemeIds.add(scheme.id);
    const levelIds = new Set<string>();
    scheme.levels.forEach((level, rank) => {
      const folded = level.id.toUpperCase();
      if (levelIds.has(folded)) return;
      levelIds.add(folded);
      levels.push({ schemeId: scheme.id, levelId: level.id, rank });
    });
  }
  return levels;
}
