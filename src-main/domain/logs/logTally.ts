import { logCategories, type LogCategory } from '../../contract/logs/logs';
import { cellOf, countFailure, countLimited, countNotFound, createIpMinuteCells, mergeCells, type IpMinuteCells } from './ipMinuteCells';
import type { LogHit } from './logMatch';
import type { LogRecord } from './logRecord';

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

/** Structured-clonable (Maps, typed arrays, plain objects), so workers hand it back as is. */
export interface LogTally {
  /**
   * A cell per address and minute in which it had a failure, a 429 or a 404. Ordinary requests count
   * in `ips` and `site` alone: a cell per address and minute of all traffic is nearly a cell per line
   * on a busy site, which cost memory and most of the scan time.
   */
  ipMinutes: IpMinuteCells;
  site: Map<number, SiteMinute>;
  ips: Map<string, IpTotal>;
}

export function createTally(): LogTally {
  return { ipMinutes: createIpMinuteCells(), site: new Map(), ips: new Map() };
}

const categoryIndex = new Map<LogCategory, number>(logCategories.map((category, index) => [category, index]));
const authFailureBit = 1 << categoryIndex.get('auth-failure')!;
const rateLimitBit = 1 << categoryIndex.get('rate-limit')!;
const errorSpikeBit = 1 << categoryIndex.get('error-spike')!;

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
  const cell = cellOf(tally.ipMinutes, ip, minute);
  if (failed) countFailure(tally.ipMinutes, cell, time);
  if (limited) countLimited(tally.ipMinutes, cell, time);
  if (notFound) countNotFound(tally.ipMinutes, cell, time, hashString(record.path!));
}

/**
 * Counts a 404 that no rule flagged as addToTally counts its record (the access-log fast path):
 * the address's minute cell only; its request is counted with the others.
 */
export function addNotFound(tally: LogTally, ip: string, time: number, pathHash: number): void {
  countNotFound(tally.ipMinutes, cellOf(tally.ipMinutes, ip, Math.floor(time / 60_000)), time, pathHash);
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
  mergeCells(into.ipMinutes, from.ipMinutes);
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
