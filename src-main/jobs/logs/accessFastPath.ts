import type { LogFormat } from '../../contract/logs/logs';
import { canonicalIp } from '../../domain/logs/logAddress';
import { statusHolds, type CompiledLogRules, type LogField } from '../../domain/logs/logRuleSet';
import { addNotFound, type IpTotal, type LogTally, type SiteMinute } from '../../domain/logs/logTally';
import { clfTime } from '../../domain/logs/logTime';
import { hashSeed, mix } from '../../domain/logs/tableHash';
import { Ipv4Totals, maxProbes, plainIpv4 } from './ipv4Totals';
import { blankRun, withoutCarriageReturn } from './blockLines';
import { QuietField } from './quietField';

// Most lines of an access log are ordinary requests no rule flags: this reads them straight from the
// bytes of a read and counts them (IP, minute, status), handing every other line to the full parse,
// decode and match. A line is ordinary only when it provably is:
//   - it parses here exactly as parseAccessLine reads it (anything unusual goes the full way), with
//     no backslash (the log's own escaping) and a request of the form `METHOD target [HTTP/x]`;
//   - its status wakes no status rule and counts for no correlation but scanning (401, 403, 429,
//     5xx go the full way; a 404 is counted here, its path hashed from the bytes);
//   - no pattern rule can match its path, query, referrer or user agent (quietField.ts).

/** Statuses the correlation counts whatever the rules say, beside 404 (failures, 429s, 5xx). */
function countedStatus(status: number): boolean {
  return status === 401 || status === 403 || status === 429 || (status >= 500 && status <= 599);
}

export interface FastPathCounts {
  lines: number;
  outOfRange: number;
  formats: Partial<Record<LogFormat, number>>;
}

/** The address table's first size; it doubles when half full. */
const internSlots = 4_096;

export class AccessFastPath {
  /** By status 0–999: whether the line must go the full way. */
  private readonly fullStatus = new Uint8Array(1_000);
  private readonly path: QuietField;
  private readonly query: QuietField;
  private readonly referrer: QuietField;
  private readonly userAgent: QuietField;
  // The last minute read: the bytes of its CLF time (`10/Oct/2000:13:55:36 -0700`, seconds aside) and its epoch ms.
  private readonly minuteBytes = new Uint8Array(26);
  private haveMinute = false;
  private minuteStart = 0;
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

  constructor(
    rules: CompiledLogRules,
    private readonly tally: LogTally,
    private readonly counts: FastPathCounts,
    private readonly window: { sinceMs: number | null; untilMs: number | null },
  ) {
    const values = (field: LogField) => new QuietField(rules.fields.find((slot) => slot.field === field), rules);
    this.path = values('path');
    this.query = values('query');
    this.referrer = values('referrer');
    this.userAgent = values('userAgent');
    for (let status = 0; status < 1_000; status += 1) {
      this.fullStatus[status] = countedStatus(status) || rules.statusOnly.some((index) => statusHolds(rules.rules[index]!, status)) ? 1 : 0;
    }
  }

  /**
   * Counts the ordinary lines of a block (blockLines.ts); passes each other line, in order, to
   * `full`, and each run of empty lines to `blanks` as a count.
   */
  scanBlock(block: Buffer, full: (line: string) => void, blanks: (count: number) => void): void {
    let backslash = block.indexOf(92);
    const words = new DataView(block.buffer, block.byteOffset, block.length);
    for (let start = 0; start <= block.length; ) {
      if (block[start] === 10) {
        start += blankRun(block, start, blanks);
        continue;
      }
      let end = block.indexOf(10, start);
      if (end < 0) end = block.length;
      const escaped = backslash >= 0 && backslash < end;
      if (escaped) backslash = block.indexOf(92, end);
      const lineEnd = withoutCarriageReturn(block, start, end);
      if (lineEnd === start) blanks(1);
      else if (escaped || !this.ordinaryLine(block, words, start, lineEnd)) full(block.toString('latin1', start, lineEnd));
      start = end + 1;
    }
  }

  /** Puts the counts kept by number into the tally: call once the last block is scanned. */
  flush(): void {
    this.v4.flushInto(this.tally.ips);
  }

  /** Counts the line [s, e) and returns true when it is ordinary; false (nothing counted) when not. */
  private ordinaryLine(b: Buffer, words: DataView, s: number, e: number): boolean {
    // host ident authuser [time] "request" status bytes ["referrer" "user agent" …]
    let ipEnd = s;
    while (ipEnd < e && b[ipEnd] !== 32) ipEnd += 1;
    if (ipEnd === s || ipEnd >= e || (ipEnd - s === 1 && b[s] === 45)) return false;
    let identEnd = ipEnd + 1;
    while (identEnd < e && b[identEnd] !== 32) identEnd += 1;
    let userEnd = identEnd + 1;
    while (userEnd < e && b[userEnd] !== 32) userEnd += 1;
    if (userEnd >= e || b[userEnd + 1] !== 91) return false;
    const t = userEnd + 2;
    if (t + 28 >= e || b[t + 26] !== 93 || b[t + 27] !== 32 || b[t + 28] !== 34) return false;
    const second = this.secondAt(b, t);
    if (second < 0) return false;

    const requestAt = t + 29;
    const requestEnd = b.indexOf(34, requestAt);
    if (requestEnd < 0 || requestEnd >= e || b[requestEnd + 1] !== 32) return false;
    const statusAt = requestEnd + 2;
    const d0 = b[statusAt]! - 48;
    const d1 = b[statusAt + 1]! - 48;
    const d2 = b[statusAt + 2]! - 48;
    if (d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9 || statusAt + 3 >= e || b[statusAt + 3] !== 32) return false;
    const status = d0 * 100 + d1 * 10 + d2;
    if (this.fullStatus[status]) return false;
    const bytesAt = statusAt + 4;
    let bytesEnd = bytesAt;
    while (bytesEnd < e && b[bytesEnd] !== 32) bytesEnd += 1;
    if (!(bytesEnd - bytesAt === 1 && b[bytesAt] === 45)) {
      if (bytesEnd === bytesAt || bytesEnd - bytesAt > 15) return false;
      for (let i = bytesAt; i < bytesEnd; i += 1) if (b[i]! < 48 || b[i]! > 57) return false;
    }
    const combined = bytesEnd < e;
    let referrerEnd = 0;
    let agentEnd = 0;
    if (combined) {
      if (b[bytesEnd + 1] !== 34) return false;
      referrerEnd = b.indexOf(34, bytesEnd + 2);
      if (referrerEnd < 0 || referrerEnd >= e || b[referrerEnd + 1] !== 32 || b[referrerEnd + 2] !== 34) return false;
      agentEnd = b.indexOf(34, referrerEnd + 3);
      if (agentEnd < 0 || agentEnd >= e) return false;
    }

    // The request as splitRequest reads it: method, target up to ` HTTP/…`, path before the first `?`.
    let methodEnd = requestAt;
    while (methodEnd < requestEnd && b[methodEnd] !== 32) methodEnd += 1;
    if (methodEnd === requestAt || methodEnd >= requestEnd || methodEnd - requestAt > 24 || !isMethod(b, requestAt, methodEnd)) return false;
    let protocolAt = requestEnd - 1;
    while (b[protocolAt] !== 32) protocolAt -= 1;
    const targetEnd = protocolAt > methodEnd && b[protocolAt + 1] === 72 && b[protocolAt + 2] === 84 && b[protocolAt + 3] === 84 && b[protocolAt + 4] === 80 && b[protocolAt + 5] === 47 ? protocolAt : requestEnd;
    let question = methodEnd + 1;
    while (question < targetEnd && b[question] !== 63) question += 1;
    if (!this.path.isQuiet(b, words, methodEnd + 1, question)) return false;
    if (question < targetEnd && !this.query.isQuiet(b, words, question + 1, targetEnd)) return false;
    if (combined) {
      if (!isDash(b, bytesEnd + 2, referrerEnd) && !this.referrer.isQuiet(b, words, bytesEnd + 2, referrerEnd)) return false;
      if (!isDash(b, referrerEnd + 3, agentEnd) && !this.userAgent.isQuiet(b, words, referrerEnd + 3, agentEnd)) return false;
    }

    const counts = this.counts;
    counts.lines += 1;
    const format: LogFormat = combined ? 'combined' : 'common';
    counts.formats[format] = (counts.formats[format] ?? 0) + 1;
    const time = this.minuteStart + second * 1000;
    const { sinceMs, untilMs } = this.window;
    if ((sinceMs !== null && time < sinceMs) || (untilMs !== null && time > untilMs)) {
      counts.outOfRange += 1;
      return true;
    }
    // As addToTally counts a line without hits: its address's total and its minute's requests.
    const v4 = plainIpv4(b, s, ipEnd);
    if (v4 < 0 || !this.v4.add(v4, time)) {
      const total = this.ipTotal(b, s, ipEnd);
      total.requests += 1;
      if (!(time >= total.first)) total.first = time;
      if (!(time <= total.last)) total.last = time;
    }
    const minute = this.minuteStart / 60_000;
    if (minute !== this.siteMinute) {
      let site = this.tally.site.get(minute);
      if (!site) this.tally.site.set(minute, (site = { requests: 0, errors: 0, errorFirst: time, errorLast: time, hits: [] }));
      this.site = site;
      this.siteMinute = minute;
    }
    this.site!.requests += 1;
    // A 404 also counts its path for the address's scanning window (3 % of a busy site's lines).
    if (status === 404) addNotFound(this.tally, canonicalIp(b.toString('latin1', s, ipEnd)), time, pathHash(b, methodEnd + 1, question));
    return true;
  }

  /**
   * The second (0–59) of the CLF time at `t`, its minute read into `minuteStart` (parsed once per
   * distinct minute and zone); -1 when the time does not read. A leap second goes the full way.
   */
  private secondAt(b: Buffer, t: number): number {
    const s0 = b[t + 18]! - 48;
    const s1 = b[t + 19]! - 48;
    if (b[t + 17] !== 58 || s0 < 0 || s0 > 5 || s1 < 0 || s1 > 9) return -1;
    const second = s0 * 10 + s1;
    const key = this.minuteBytes;
    let same = this.haveMinute;
    for (let k = 0; same && k < 17; k += 1) same = b[t + k] === key[k];
    for (let k = 20; same && k < 26; k += 1) same = b[t + k] === key[k];
    if (same) return second;
    const time = clfTime(b.toString('latin1', t, t + 26), 0);
    if (time === null) return -1;
    for (let k = 0; k < 26; k += 1) key[k] = b[t + k]!;
    this.haveMinute = true;
    this.minuteStart = time - second * 1000;
    return second;
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

/** hashString's FNV-1a of the path [s, e), from its bytes (ASCII: a byte is a character). */
function pathHash(b: Buffer, s: number, e: number): number {
  let hash = 0x811c9dc5;
  for (let i = s; i < e; i += 1) hash = Math.imul(hash ^ b[i]!, 0x01000193);
  return hash >>> 0;
}

/** As parseAccessLine's: upper-case letters, and `-`/`_` after the first (WebDAV's VERSION-CONTROL). */
function isMethod(b: Buffer, from: number, end: number): boolean {
  for (let i = from; i < end; i += 1) {
    const c = b[i]!;
    if (!((c >= 65 && c <= 90) || (i > from && (c === 45 || c === 95)))) return false;
  }
  return true;
}

/** A quoted field logged as `-`: no value. */
function isDash(b: Buffer, from: number, to: number): boolean {
  return to - from === 1 && b[from] === 45;
}
