import { logCategories, type LogCategory } from '../../contract/logs/logs';
import type { LogHit } from './logMatch';
import type { LogRecord } from './logRecord';

/**
 * One source address in one clock minute. Times are epoch ms of the first and last line of each
 * kind, so aggregates can say exactly when a pattern started and ended; failures and 429s are also
 * counted per second (only in minutes that have some), so a window slides by the second and a
 * burst across a minute boundary is not cut in two.
 */
export interface IpMinute {
  /** 401/403 and auth-failure hits. */
  failures: number;
  failFirst: number;
  failLast: number;
  /** Null while the minute has at most one (its second is failFirst's): most cells hold one line. */
  failBySecond: Uint32Array | null;
  /** 429s and rate-limit hits. */
  limited: number;
  limitFirst: number;
  limitLast: number;
  /** Null while the minute has at most one, as failBySecond. */
  limitBySecond: Uint32Array | null;
  /**
   * 32-bit hashes of the distinct paths answered 404: one as a number (nearly every cell holds one,
   * and a set for each was a third of a large scan's memory), more as a set of at most `notFoundCap`,
   * none as an empty set. notFoundCount and notFoundHashes read either.
   */
  notFound: number | Set<number>;
  notFoundFirst: number;
  notFoundLast: number;
}

/** One clock minute site-wide: the error-spike baseline and the histogram. */
export interface SiteMinute {
  requests: number;
  errors: number;
  errorFirst: number;
  errorLast: number;
  /** Flagged lines per category, indexed like logCategories. */
  hits: number[];
}

export interface IpTotal {
  requests: number;
  /** Flagged lines. */
  hits: number;
  /** Bit per category (index in logCategories). */
  categories: number;
  /** Epoch ms; NaN until a line with a time. */
  first: number;
  last: number;
}

/** Structured-clonable (Maps, Sets, plain objects), so workers hand it back as is. */
export interface LogTally {
  /**
   * ip → minute (epoch ms / 60 000) → counters; only minutes in which the address had a failure, a
   * 429 or a 404. Ordinary requests count in `ips` and `site` alone: a cell per address and minute of
   * all traffic is nearly a cell per line on a busy site, which cost memory and most of the scan time.
   */
  ipMinutes: Map<string, Map<number, IpMinute>>;
  site: Map<number, SiteMinute>;
  ips: Map<string, IpTotal>;
}

/** More distinct 404 paths than any sensible scanning threshold in one minute; the count is then a floor. */
export const notFoundCap = 512;

export function createTally(): LogTally {
  return { ipMinutes: new Map(), site: new Map(), ips: new Map() };
}

const categoryIndex = new Map<LogCategory, number>(logCategories.map((category, index) => [category, index]));
const authFailureBit = 1 << categoryIndex.get('auth-failure')!;
const rateLimitBit = 1 << categoryIndex.get('rate-limit')!;
const errorSpikeBit = 1 << categoryIndex.get('error-spike')!;
/** Every cell's set until its first 404 (most cells are failures alone): replaced, never added to. */
const noPaths = new Set<number>();

/** Counts one record (requests per IP and minute, 401/403/auth failures, 429s, 5xx, distinct 404 paths, hits per category per minute). */
export function addToTally(tally: LogTally, record: LogRecord, hits: readonly LogHit[]): void {
  const { time, ip, status } = record;
  // One pass over the hits: the categories seen, as bits.
  let categories = 0;
  for (let h = 0; h < hits.length; h += 1) categories |= 1 << categoryIndex.get(hits[h]!.category)!;
  const failed = status === 401 || status === 403 || (categories & authFailureBit) !== 0;
  const limited = status === 429 || (categories & rateLimitBit) !== 0;
  const errored = (status !== null && status >= 500 && status <= 599) || (categories & errorSpikeBit) !== 0;

  if (ip !== null) {
    let total = tally.ips.get(ip);
    if (!total) tally.ips.set(ip, (total = { requests: 0, hits: 0, categories: 0, first: NaN, last: NaN }));
    total.requests += 1;
    if (hits.length > 0) total.hits += 1;
    total.categories |= categories;
    if (time !== null) {
      if (!(time >= total.first)) total.first = time;
      if (!(time <= total.last)) total.last = time;
    }
  }
  // Lines without a time cannot be placed in a window or a histogram.
  if (time === null) return;
  const minute = Math.floor(time / 60_000);

  let site = tally.site.get(minute);
  if (!site) tally.site.set(minute, (site = { requests: 0, errors: 0, errorFirst: time, errorLast: time, hits: [] }));
  site.requests += 1;
  if (errored) {
    if (site.errors === 0 || time < site.errorFirst) site.errorFirst = time;
    if (site.errors === 0 || time > site.errorLast) site.errorLast = time;
    site.errors += 1;
  }
  if (categories !== 0) {
    for (const hit of hits) {
      const index = categoryIndex.get(hit.category)!;
      site.hits[index] = (site.hits[index] ?? 0) + 1;
    }
  }

  const notFound = status === 404 && record.path !== null;
  if (ip === null || !(failed || limited || notFound)) return;
  const cell = ipMinute(tally, ip, minute);
  if (failed) {
    if (cell.failures > 0) cell.failBySecond ??= bySeconds(cell.failures, null, cell.failFirst);
    if (cell.failures === 0 || time < cell.failFirst) cell.failFirst = time;
    if (cell.failures === 0 || time > cell.failLast) cell.failLast = time;
    cell.failures += 1;
    if (cell.failBySecond) cell.failBySecond[secondOf(time)]! += 1;
  }
  if (limited) {
    if (cell.limited > 0) cell.limitBySecond ??= bySeconds(cell.limited, null, cell.limitFirst);
    if (cell.limited === 0 || time < cell.limitFirst) cell.limitFirst = time;
    if (cell.limited === 0 || time > cell.limitLast) cell.limitLast = time;
    cell.limited += 1;
    if (cell.limitBySecond) cell.limitBySecond[secondOf(time)]! += 1;
  }
  if (notFound) countNotFound(cell, time, hashString(record.path!));
}

/**
 * Counts a 404 that no rule flagged as addToTally counts its record (the access-log fast path):
 * the address's minute cell only; its request is counted with the others.
 */
export function addNotFound(tally: LogTally, ip: string, time: number, pathHash: number): void {
  countNotFound(ipMinute(tally, ip, Math.floor(time / 60_000)), time, pathHash);
}

/** The address's cell for the minute, made when it has none. */
function ipMinute(tally: LogTally, ip: string, minute: number): IpMinute {
  let minutes = tally.ipMinutes.get(ip);
  if (!minutes) tally.ipMinutes.set(ip, (minutes = new Map()));
  let cell = minutes.get(minute);
  if (!cell) minutes.set(minute, (cell = emptyIpMinute()));
  return cell;
}

function countNotFound(cell: IpMinute, time: number, pathHash: number): void {
  if (notFoundCount(cell) === 0) {
    cell.notFoundFirst = time;
    cell.notFoundLast = time;
  }
  if (time < cell.notFoundFirst) cell.notFoundFirst = time;
  if (time > cell.notFoundLast) cell.notFoundLast = time;
  addPath(cell, pathHash);
}

/** Adds a distinct 404 path's hash, up to notFoundCap. The shared empty set is never added to. */
function addPath(cell: IpMinute, pathHash: number): void {
  const held = cell.notFound;
  if (typeof held === 'number') {
    if (held !== pathHash) cell.notFound = new Set([held, pathHash]);
  } else if (held.size === 0) cell.notFound = pathHash;
  else if (held.size < notFoundCap) held.add(pathHash);
}

/** How many distinct paths a cell saw answered 404 (up to notFoundCap). */
export function notFoundCount(cell: IpMinute): number {
  return typeof cell.notFound === 'number' ? 1 : cell.notFound.size;
}

/** The hashes of the distinct paths a cell saw answered 404. */
export function notFoundHashes(cell: IpMinute): Iterable<number> {
  return typeof cell.notFound === 'number' ? [cell.notFound] : cell.notFound;
}

/**
 * A cell's per-second counts: its array, or built from its one line's time (a cell with a single
 * failure or 429 keeps no array); null when it has none.
 */
export function bySeconds(count: number, seconds: Uint32Array | null, first: number): Uint32Array | null {
  if (seconds !== null || count === 0) return seconds;
  const built = new Uint32Array(60);
  built[secondOf(first)] = count;
  return built;
}

export function mergeTallies(into: LogTally, from: LogTally): void {
  for (const [ip, total] of from.ips) {
    const held = into.ips.get(ip);
    if (!held) into.ips.set(ip, { ...total });
    else {
      held.requests += total.requests;
      held.hits += total.hits;
      held.categories |= total.categories;
      if (!(held.first <= total.first)) held.first = Number.isNaN(total.first) ? held.first : total.first;
      if (!(held.last >= total.last)) held.last = Number.isNaN(total.last) ? held.last : total.last;
    }
  }
  for (const [minute, site] of from.site) {
    const held = into.site.get(minute);
    if (!held) into.site.set(minute, { ...site, hits: [...site.hits] });
    else {
      held.requests += site.requests;
      [held.errorFirst, held.errorLast] = spanOf(held.errors, held.errorFirst, held.errorLast, site.errors, site.errorFirst, site.errorLast);
      held.errors += site.errors;
      site.hits.forEach((count, index) => (held.hits[index] = (held.hits[index] ?? 0) + (count ?? 0)));
    }
  }
  for (const [ip, minutes] of from.ipMinutes) {
    let heldMinutes = into.ipMinutes.get(ip);
    if (!heldMinutes) into.ipMinutes.set(ip, (heldMinutes = new Map()));
    for (const [minute, cell] of minutes) {
      const held = heldMinutes.get(minute);
      if (!held) {
        heldMinutes.set(minute, { ...cell, failBySecond: cell.failBySecond?.slice() ?? null, limitBySecond: cell.limitBySecond?.slice() ?? null, notFound: typeof cell.notFound === 'number' ? cell.notFound : new Set(cell.notFound) });
        continue;
      }
      // Arrays built from the single-line cells first: their second is their first time's, before it moves.
      const failSeconds = addSeconds(bySeconds(held.failures, held.failBySecond, held.failFirst), bySeconds(cell.failures, cell.failBySecond, cell.failFirst));
      [held.failFirst, held.failLast] = spanOf(held.failures, held.failFirst, held.failLast, cell.failures, cell.failFirst, cell.failLast);
      held.failures += cell.failures;
      held.failBySecond = held.failures > 1 ? failSeconds : null;
      const limitSeconds = addSeconds(bySeconds(held.limited, held.limitBySecond, held.limitFirst), bySeconds(cell.limited, cell.limitBySecond, cell.limitFirst));
      [held.limitFirst, held.limitLast] = spanOf(held.limited, held.limitFirst, held.limitLast, cell.limited, cell.limitFirst, cell.limitLast);
      held.limited += cell.limited;
      held.limitBySecond = held.limited > 1 ? limitSeconds : null;
      [held.notFoundFirst, held.notFoundLast] = spanOf(notFoundCount(held), held.notFoundFirst, held.notFoundLast, notFoundCount(cell), cell.notFoundFirst, cell.notFoundLast);
      for (const hash of notFoundHashes(cell)) {
        if (notFoundCount(held) >= notFoundCap) break;
        addPath(held, hash);
      }
    }
  }
}

function emptyIpMinute(): IpMinute {
  return { failures: 0, failFirst: 0, failLast: 0, failBySecond: null, limited: 0, limitFirst: 0, limitLast: 0, limitBySecond: null, notFound: noPaths, notFoundFirst: 0, notFoundLast: 0 };
}

/** The second within its minute (0–59) of an epoch-ms time. */
export function secondOf(time: number): number {
  return Math.floor((time - Math.floor(time / 60_000) * 60_000) / 1_000);
}

function addSeconds(into: Uint32Array | null, from: Uint32Array | null): Uint32Array | null {
  if (from === null) return into;
  const sum = into ?? new Uint32Array(60);
  for (let second = 0; second < 60; second += 1) sum[second]! += from[second]!;
  return sum;
}

/** The first and last time of two counted spans; a span with no lines has no times. */
function spanOf(countA: number, firstA: number, lastA: number, countB: number, firstB: number, lastB: number): [number, number] {
  if (countB === 0) return [firstA, lastA];
  if (countA === 0) return [firstB, lastB];
  return [Math.min(firstA, firstB), Math.max(lastA, lastB)];
}

/** FNV-1a over UTF-16 code units: distinct paths as 4 bytes each, never the strings. */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i += 1) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
