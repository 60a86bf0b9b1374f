import { statusHolds, type CompiledLogRules, type LogField } from '../../domain/logs/logRuleSet';
import { clfTime } from '../../domain/logs/logTime';
import { plainIpv4 } from './ipv4Totals';
import { pathHash, type AccessCounts } from './accessCounts';
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

/** By status 0–999: 1 when a line with it must go the full way. */
export function fullStatuses(rules: CompiledLogRules): Uint8Array {
  const full = new Uint8Array(1_000);
  for (let status = 0; status < 1_000; status += 1) {
    full[status] = countedStatus(status) || rules.statusOnly.some((index) => statusHolds(rules.rules[index]!, status)) ? 1 : 0;
  }
  return full;
}

/** The checks that no pattern rule can match each field the fast path reads. */
export function quietFields(rules: CompiledLogRules): Record<'path' | 'query' | 'referrer' | 'userAgent', QuietField> {
  const values = (field: LogField) => new QuietField(rules.fields.find((slot) => slot.field === field), rules);
  return { path: values('path'), query: values('query'), referrer: values('referrer'), userAgent: values('userAgent') };
}

/** A reader of access-log blocks that counts their ordinary lines (this one, or accessKernel.ts's). */
export interface AccessLineReader {
  /**
   * Counts the ordinary lines of a block (blockLines.ts); passes each other line, in order, to
   * `full`, and each run of empty lines to `blanks` as a count.
   */
  scanBlock(block: Buffer, full: (line: string) => void, blanks: (count: number) => void): void;
}

export class AccessFastPath implements AccessLineReader {
  private readonly fullStatus: Uint8Array;
  private readonly path: QuietField;
  private readonly query: QuietField;
  private readonly referrer: QuietField;
  private readonly userAgent: QuietField;
  // The last minute read: the bytes of its CLF time (`10/Oct/2000:13:55:36 -0700`, seconds aside) and its epoch ms.
  private readonly minuteBytes = new Uint8Array(26);
  private haveMinute = false;
  private minuteStart = 0;

  constructor(
    rules: CompiledLogRules,
    private readonly counter: AccessCounts,
  ) {
    this.fullStatus = fullStatuses(rules);
    ({ path: this.path, query: this.query, referrer: this.referrer, userAgent: this.userAgent } = quietFields(rules));
  }

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

    this.counter.count(b, s, ipEnd, plainIpv4(b, s, ipEnd), this.minuteStart, second, combined, status === 404 ? pathHash(b, methodEnd + 1, question) : -1);
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
