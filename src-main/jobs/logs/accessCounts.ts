import type { LogFormat } from '../../contract/logs/logs';
import { canonicalIp } from '../../domain/logs/logAddress';
import { addNotFound, type IpTotal, type LogTally, type SiteMinute } from '../../domain/logs/logTally';
import { hashSeed, mix } from '../../domain/logs/tableHash';
import { dottedQuad, flushTotals, Ipv4Totals, maxProbes } from './ipv4Totals';

export interface FastPathCounts {
  lines: number;
  outOfRange: number;
  formats: Partial<Record<LogFormat, number>>;
}

/** The address table's first size; it doubles when half full. */
const internSlots = 4_096;

/**
 * The count of the access-log lines the fast path reads from the bytes (accessFastPath.ts, or its
 * WebAssembly reader, accessKernel.ts): each one's address, minute and, for a 404, path, as
 * addToTally counts a line without hits.
 */
export class AccessCounts {
  private site: SiteMinute | null = null;
  private siteMinute = NaN;
  private interned = 0;
  // Addresses by their bytes (FNV-1a, as in ipTotal): a line's address found without making its string.
  private ipKeys: (string | undefined)[] = new Array<string | undefined>(internSlots);
  private ipTotals: (IpTotal | undefined)[] = new Array<IpTotal | undefined>(internSlots);
  private ipHashes = new Int32Array(internSlots);
  // Most addresses: counted by number, handed to the tally by flush().
  private readonly v4 = new Ipv4Totals();
  private readonly seed = hashSeed();
  /** Address tables a reader counts into itself (the WebAssembly reader's), added to the tally by flush(). */
  private readonly tables: (() => { table: Int32Array; base: number })[] = [];

  constructor(
    private readonly tally: LogTally,
    private readonly counts: FastPathCounts,
    private readonly window: { sinceMs: number | null; untilMs: number | null },
  ) {}

  /**
   * Counts an ordinary line: its address at [s, ipEnd) of `b` (`v4`: the address as plainIpv4 reads
   * it, -1 when it is none), its time (a minute's start and a second), and the hash of its path when
   * it is a 404 (-1 when not).
   */
  count(b: Buffer, s: number, ipEnd: number, v4: number, minuteStart: number, second: number, combined: boolean, notFoundPath: number): void {
    const counts = this.counts;
    counts.lines += 1;
    const format: LogFormat = combined ? 'combined' : 'common';
    counts.formats[format] = (counts.formats[format] ?? 0) + 1;
    const time = minuteStart + second * 1000;
    const { sinceMs, untilMs } = this.window;
    if ((sinceMs !== null && time < sinceMs) || (untilMs !== null && time > untilMs)) {
      counts.outOfRange += 1;
      return;
    }
    // As addToTally counts a line without hits: its address's total and its minute's requests.
    if (v4 < 0 || !this.v4.add(v4, time)) countRequest(this.ipTotal(b, s, ipEnd), time);
    const minute = minuteStart / 60_000;
    if (minute !== this.siteMinute) {
      let site = this.tally.site.get(minute);
      if (!site) this.tally.site.set(minute, (site = { requests: 0, errors: 0, errorFirst: time, errorLast: time, hits: [] }));
      this.site = site;
      this.siteMinute = minute;
    }
    this.site!.requests += 1;
    // A 404 also counts its path for the address's scanning window (3 % of a busy site's lines).
    if (notFoundPath >= 0) addNotFound(this.tally, canonicalIp(b.toString('latin1', s, ipEnd)), time, notFoundPath);
  }

  /** Whether lines outside a time window are left out: a reader then hands every ordinary line to count(). */
  get windowed(): boolean {
    return this.window.sinceMs !== null || this.window.untilMs !== null;
  }

  /** Whether a line of this format was counted already (the formats are named in the order met). */
  met(format: LogFormat): boolean {
    return this.counts.formats[format] !== undefined;
  }

  /** Ordinary lines a reader counted itself, before the next line it hands to count() or passes on. */
  countedLines(lines: number): void {
    this.counts.lines += lines;
  }

  /** The formats of lines given to countedLines(): each one met already. */
  countedFormats(combined: number, common: number): void {
    const { formats } = this.counts;
    if (combined > 0) formats.combined! += combined;
    if (common > 0) formats.common! += common;
  }

  /** The requests of a minute among lines given to countedLines(): its first line went to count(). */
  countedRequests(minuteStart: number, requests: number): void {
    const minute = minuteStart / 60_000;
    if (minute !== this.siteMinute) {
      const site = this.tally.site.get(minute);
      if (!site) throw new Error(`minute ${minute} was counted before any of its lines`);
      this.site = site;
      this.siteMinute = minute;
    }
    this.site!.requests += requests;
  }

  /** A request from an IPv4 address (a number, as plainIpv4 gives it) that a reader counted the line of but could not place. */
  countedAddress(address: number, time: number): void {
    if (!this.v4.add(address, time)) countRequest(this.tallyTotal(dottedQuad(address)), time);
  }

  /** An address table (Ipv4Totals' layout, seconds from `base`) a reader counts into; `read` settles what it holds back. */
  adoptTable(read: () => { table: Int32Array; base: number }): void {
    this.tables.push(read);
  }

  /** Puts the counts kept by number into the tally: call once the last block is scanned. */
  flush(): void {
    // Read first: a reader's table may hand addresses it could not place to countedAddress().
    const tables = this.tables.map((read) => read());
    this.v4.flushInto(this.tally.ips);
    for (const { table, base } of tables) {
      flushTotals(table, base, this.tally.ips);
      table.fill(0);
    }
  }

  private ipTotal(b: Buffer, s: number, e: number): IpTotal {
    let hash = -2128831035 ^ this.seed;
    for (let i = s; i < e; i += 1) hash = Math.imul(hash ^ b[i]!, 0x01000193);
    // FNV's low bits alone collide on addresses that differ in one digit: mixed, seeded. Open
    // addressing, probing on: addresses that share a slot must not evict each other line after line.
    hash = mix(hash ^ this.seed);
    let slot = hash & (this.ipKeys.length - 1);
    let probes = 0;
    for (let key = this.ipKeys[slot]; key !== undefined; key = this.ipKeys[slot]) {
      // A run this long is a log built to collide: its addresses are looked up in the tally's own Map.
      if ((probes += 1) > maxProbes) return this.tallyTotal(canonicalIp(b.toString('latin1', s, e)));
      // The hashes first, side by side in one array: a busy site's addresses are spread over the heap.
      if (this.ipHashes[slot] === hash && key.length === e - s) {
        let k = 0;
        while (k < key.length && key.charCodeAt(k) === b[s + k]) k += 1;
        if (k === key.length) return this.ipTotals[slot]!;
      }
      slot = (slot + 1) & (this.ipKeys.length - 1);
    }
    // Remembered as written, counted under its one spelling (as parseAccessLine gives it).
    const written = b.toString('latin1', s, e);
    const total = this.tallyTotal(canonicalIp(written));
    this.ipKeys[slot] = written;
    this.ipTotals[slot] = total;
    this.ipHashes[slot] = hash;
    // Kept at most half full, so probes stay short; it grows with the addresses, as the tally does.
    if ((this.interned += 1) * 2 > this.ipKeys.length) this.growInterned();
    return total;
  }

  private tallyTotal(ip: string): IpTotal {
    let total = this.tally.ips.get(ip);
    if (!total) this.tally.ips.set(ip, (total = { requests: 0, hits: 0, categories: 0, first: NaN, last: NaN }));
    return total;
  }

  private growInterned(): void {
    const keys = this.ipKeys;
    const totals = this.ipTotals;
    const hashes = this.ipHashes;
    this.ipKeys = new Array<string | undefined>(keys.length * 2);
    this.ipTotals = new Array<IpTotal | undefined>(keys.length * 2);
    this.ipHashes = new Int32Array(keys.length * 2);
    for (let at = 0; at < keys.length; at += 1) {
      if (keys[at] === undefined) continue;
      let slot = hashes[at]! & (this.ipKeys.length - 1);
      while (this.ipKeys[slot] !== undefined) slot = (slot + 1) & (this.ipKeys.length - 1);
      this.ipKeys[slot] = keys[at];
      this.ipTotals[slot] = totals[at];
      this.ipHashes[slot] = hashes[at]!;
    }
  }
}

/** One more request from an address at `time` (its first and last time widened to it). */
function countRequest(total: IpTotal, time: number): void {
  total.requests += 1;
  if (!(time >= total.first)) total.first = time;
  if (!(time <= total.last)) total.last = time;
}

/** hashString's FNV-1a of the path [s, e), from its bytes (ASCII: a byte is a character). */
export function pathHash(b: Uint8Array, s: number, e: number): number {
  let hash = 0x811c9dc5;
  for (let i = s; i < e; i += 1) hash = Math.imul(hash ^ b[i]!, 0x01000193);
  return hash >>> 0;
}
