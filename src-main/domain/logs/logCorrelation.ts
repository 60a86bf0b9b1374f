import { logAggregateKinds, logCategories, type LogAggregate, type LogAggregateKind, type LogCategory, type LogHistogram, type LogTalker } from '../../contract/logs/logs';
import type { LogThresholds } from './logRuleSet';
import { addressCells, bySeconds, cellTotals, ipMinuteAt, minuteOf, pathCount, secondOf, type IpMinute } from './ipMinuteCells';
import type { IpTotal, LogTally } from './logTally';

/** The seconds (or minutes) of one source with something of one kind: count, first and last ms. */
interface Cell {
  /** Epoch seconds, or minutes for scanning. */
  unit: number;
  count: number;
  first: number;
  last: number;
  /** Distinct 404 paths (scanning only; one as a number): counted as the union over a window, not a sum. */
  paths?: ReadonlySet<number> | number;
}

export function correlate(tally: LogTally, thresholds: LogThresholds): LogAggregate[] {
  const aggregates: LogAggregate[] = [];
  const { bruteForce, rateLimit, scanning, errorSpike } = thresholds;
  const cells = tally.ipMinutes;
  for (const [ip, held] of addressCells(cells)) {
    // A window holds no more than the whole: an address whose totals reach no threshold (nearly
    // every address with a 404 or two) is passed without sorting its minutes.
    const totals = cellTotals(cells, held);
    if (totals.failures < bruteForce.failures && totals.limited < rateLimit.responses && totals.paths < scanning.distinctNotFound) continue;
    const sorted = held.map((cell): [number, IpMinute] => [minuteOf(cells, cell), ipMinuteAt(cells, cell)]).sort(([a], [b]) => a - b);
    const failures = sorted.flatMap(([minute, cell]) => bySecond(minute, bySeconds(cell.failures, cell.failBySecond, cell.failFirst), cell.failFirst, cell.failLast));
    for (const run of overThreshold(failures, bruteForce.failures, bruteForce.windowMinutes * 60)) {
      aggregates.push(aggregate('brute-force', ip, run, `${run.count} authentication failures in ${lasting(run)} (threshold ${bruteForce.failures} in ${bruteForce.windowMinutes} min)`));
    }
    const limited = sorted.flatMap(([minute, cell]) => bySecond(minute, bySeconds(cell.limited, cell.limitBySecond, cell.limitFirst), cell.limitFirst, cell.limitLast));
    for (const run of overThreshold(limited, rateLimit.responses, rateLimit.windowMinutes * 60)) {
      aggregates.push(aggregate('rate-limit', ip, run, `${run.count} rate-limited responses (429) in ${lasting(run)} (threshold ${rateLimit.responses} in ${rateLimit.windowMinutes} min)`));
    }
    const notFound = sorted.flatMap(([minute, cell]: [number, IpMinute]) => (pathCount(cell.notFound) ? [{ unit: minute, count: pathCount(cell.notFound), first: cell.notFoundFirst, last: cell.notFoundLast, paths: cell.notFound }] : []));
    for (const run of overThreshold(notFound, scanning.distinctNotFound, scanning.windowMinutes)) {
      aggregates.push(aggregate('scanning', ip, run, `${run.count} distinct paths not found (404) in ${lasting(run)} (threshold ${scanning.distinctNotFound} in ${scanning.windowMinutes} min)`));
    }
  }
  aggregates.push(...errorSpikes(tally, errorSpike));
  const kindOrder = (kind: LogAggregateKind) => logAggregateKinds.indexOf(kind);
  return aggregates.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) || kindOrder(a.kind) - kindOrder(b.kind) || (a.ip ?? '').localeCompare(b.ip ?? ''));
}

/**
 * A minute's per-second counts as cells. Only a minute's first and last line have exact times: a
 * run that starts or ends at another second is placed at that second's start.
 */
function bySecond(minute: number, counts: Uint32Array | null, first: number, last: number): Cell[] {
  if (counts === null) return [];
  const cells: Cell[] = [];
  const [firstSecond, lastSecond] = [secondOf(first), secondOf(last)];
  counts.forEach((count, second) => {
    if (!count) return;
    const start = (minute * 60 + second) * 1_000;
    cells.push({ unit: minute * 60 + second, count, first: second === firstSecond ? first : start, last: second === lastSecond ? last : start });
  });
  return cells;
}

interface Run {
  count: number;
  first: number;
  last: number;
}

/**
 * Sliding windows of `window` units (seconds or minutes) over one source's cells (sorted by unit):
 * every window reaching the threshold is over, and over windows that share a cell are one run, so
 * a long attack is one aggregate and two bursts further apart than a window are two. Only windows
 * starting at a cell are tried: any other holds no more than the one starting at its first cell.
 */
function overThreshold(cells: readonly Cell[], threshold: number, window: number): Run[] {
  const runs: Run[] = [];
  let open: { from: number; to: number } | null = null;
  const close = () => {
    if (open) runs.push(runOf(cells.slice(open.from, open.to + 1)));
    open = null;
  };
  let end = 0;
  let sum = 0;
  for (let start = 0; start < cells.length; start += 1) {
    // Grow the window to every cell within `window` units of its first.
    while (end < cells.length && cells[end]!.unit < cells[start]!.unit + window) sum += cells[end++]!.count;
    const reached = cells[start]!.paths !== undefined ? unionSize(cells, start, end) : sum;
    if (reached >= threshold) {
      if (open && start <= open.to) open.to = end - 1;
      else {
        close();
        open = { from: start, to: end - 1 };
      }
    }
    sum -= cells[start]!.count;
  }
  close();
  return runs;
}

function runOf(cells: readonly Cell[]): Run {
  const count = cells[0]!.paths !== undefined ? unionSize(cells, 0, cells.length) : cells.reduce((total, cell) => total + cell.count, 0);
  // reduce, not Math.min(...): a source active for months has more cells than a call has arguments.
  return { count, first: cells.reduce((least, cell) => Math.min(least, cell.first), Infinity), last: cells.reduce((most, cell) => Math.max(most, cell.last), -Infinity) };
}

function unionSize(cells: readonly Cell[], from: number, to: number): number {
  const union = new Set<number>();
  for (let i = from; i < to; i += 1) {
    const paths = cells[i]!.paths!;
    if (typeof paths === 'number') union.add(paths);
    else for (const hash of paths) union.add(hash);
  }
  return union.size;
}

/** Site-wide: minutes whose 5xx reach max(minErrors, factor × median 5xx per minute with traffic); consecutive ones are one spike. */
function errorSpikes(tally: LogTally, { minErrors, factor }: LogThresholds['errorSpike']): LogAggregate[] {
  const minutes = [...tally.site].sort(([a], [b]) => a - b);
  if (minutes.length === 0) return [];
  const threshold = Math.max(minErrors, factor * median(minutes.map(([, site]) => site.errors)));
  const spikes: LogAggregate[] = [];
  let run: (Run & { lastMinute: number }) | null = null;
  const close = () => {
    if (run) spikes.push(aggregate('error-spike', null, run, `${run.count} server errors (5xx) in ${lasting(run)} (threshold ${formatNumber(threshold)} a minute: ${factor} × the median, at least ${minErrors})`));
    run = null;
  };
  for (const [minute, site] of minutes) {
    if (site.errors < threshold) continue;
    if (run && minute === run.lastMinute + 1) {
      run.count += site.errors;
      run.last = Math.max(run.last, site.errorLast);
      run.lastMinute = minute;
    } else {
      close();
      run = { count: site.errors, first: site.errorFirst, last: site.errorLast, lastMinute: minute };
    }
  }
  close();
  return spikes;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function aggregate(kind: LogAggregateKind, ip: string | null, run: Run, detail: string): LogAggregate {
  return { kind, ip, count: run.count, from: new Date(run.first).toISOString(), to: new Date(run.last).toISOString(), detail };
}

/** "2 min", "45 s", "3 h 10 min": how long a run lasted, rounded up so a burst never reads as 0. */
function lasting({ first, last }: Run): string {
  const seconds = Math.ceil((last - first) / 1_000);
  if (seconds < 60) return `${Math.max(seconds, 1)} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

const bucketSizes = [1, 5, 15, 60, 360, 1_440];

/** Hits per category per bucket, every bucket from the first minute with traffic to the last (gaps as empty counts). */
export function buildHistogram(tally: LogTally, maxBuckets = 400): LogHistogram {
  if (tally.site.size === 0) return { bucketMinutes: 1, buckets: [] };
  let first = Infinity;
  let last = -Infinity;
  for (const minute of tally.site.keys()) {
    first = Math.min(first, minute);
    last = Math.max(last, minute);
  }
  const span = (size: number) => Math.floor(last / size) - Math.floor(first / size) + 1;
  let bucketMinutes = bucketSizes.find((size) => span(size) <= maxBuckets);
  // Beyond days: whole days, as many as it takes (one more when alignment adds a bucket).
  if (bucketMinutes === undefined) {
    bucketMinutes = 1_440 * Math.ceil(span(1_440) / maxBuckets);
    while (span(bucketMinutes) > maxBuckets) bucketMinutes += 1_440;
  }
  const start = Math.floor(first / bucketMinutes);
  const buckets: LogHistogram['buckets'] = Array.from({ length: span(bucketMinutes) }, (_, index) => ({ start: new Date((start + index) * bucketMinutes! * 60_000).toISOString(), counts: {} }));
  for (const [minute, site] of tally.site) {
    const counts = buckets[Math.floor(minute / bucketMinutes) - start]!.counts;
    site.hits.forEach((count, index) => {
      if (!count) return;
      const category = logCategories[index]!;
      counts[category] = (counts[category] ?? 0) + count;
    });
  }
  return { bucketMinutes, buckets };
}

/** The most active sources: flagged lines first, then requests, then address. */
export function topTalkers(tally: LogTally, limit = 20): LogTalker[] {
  type Entry = [string, IpTotal];
  const before = ([ipA, a]: Entry, [ipB, b]: Entry) => b.hits - a.hits || b.requests - a.requests || (ipA < ipB ? -1 : ipA > ipB ? 1 : 0);
  // The first `limit` kept in order as the addresses go by: sorting tens of thousands of them to keep
  // twenty took a tenth of a second after every large scan.
  const top: Entry[] = [];
  if (limit < 1) return [];
  for (const entry of tally.ips) {
    if (top.length === limit && before(entry, top[limit - 1]!) >= 0) continue;
    let at = top.length === limit ? limit - 1 : top.length;
    while (at > 0 && before(entry, top[at - 1]!) < 0) {
      top[at] = top[at - 1]!;
      at -= 1;
    }
    top[at] = entry;
  }
  return top
    .map(([ip, total]) => ({
      ip,
      requests: total.requests,
      hits: total.hits,
      categories: logCategories.filter((_, index): boolean => ((total.categories >> index) & 1) === 1) as LogCategory[],
      firstSeen: Number.isNaN(total.first) ? null : new Date(total.first).toISOString(),
      lastSeen: Number.isNaN(total.last) ? null : new Date(total.last).toISOString(),
    }));
}
